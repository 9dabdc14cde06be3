package demo;

import io.github.chainrule.Differentiable;

/** The backprop lecture's network: s = u . sigmoid(W x + b). */
public class Lecture {
  public record Params(double[][] W, double[] b, double[] u) {}

  @Differentiable
  public static double score(Params p, double[] x) {
    double[][] W = p.W();
    double s = 0;
    for (int i = 0; i < W.length; i++) {
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += W[i][j] * x[j];
      }
      double h = 1 / (1 + Math.exp(-z));
      s += p.u()[i] * h;
    }
    return s;
  }
}
