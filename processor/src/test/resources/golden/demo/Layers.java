package demo;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/** Array results, a caller, and a hand-written adjoint. */
public class Layers {
  @Differentiable
  public static double[] affine(double[][] W, double[] x, double[] b) {
    double[] z = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      z[i] = b[i];
      for (int j = 0; j < x.length; j++) {
        z[i] += W[i][j] * x[j];
      }
    }
    return z;
  }

  public static double logSumExp(double[] z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      m = Math.max(m, v);
    }
    double s = 0;
    for (double v : z) {
      s += Math.exp(v - m);
    }
    return m + Math.log(s);
  }

  @Derivative(of = "logSumExp")
  static void logSumExpAdjoint(double[] z, double seed, double[] dz) {
    double l = logSumExp(z);
    for (int i = 0; i < z.length; i++) {
      dz[i] += seed * Math.exp(z[i] - l);
    }
  }

  @Differentiable
  public static double loss(double[][] W, double[] x, double[] b, int label) {
    double[] z = affine(W, x, b);
    return logSumExp(z) - z[label];
  }
}
