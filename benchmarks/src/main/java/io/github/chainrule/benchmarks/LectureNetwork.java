package io.github.chainrule.benchmarks;

import io.github.chainrule.Differentiable;

/**
 * The lecture's network, {@code s = u . tanh(W x + b)}, written as a user would write it: plain
 * loops, no library calls. chainrule writes {@code LectureNetwork_Grad} from {@link #score}.
 */
public final class LectureNetwork {
  private LectureNetwork() {}

  /** The parameters: {@code W} is n x m, {@code b} and {@code u} have length n. */
  public record Params(double[][] W, double[] b, double[] u) {}

  /** s = u . tanh(W x + b). */
  @Differentiable
  public static double score(Params p, double[] x) {
    double s = 0.0;
    for (int i = 0; i < p.b().length; i++) {
      double[] row = p.W()[i];
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += row[j] * x[j];
      }
      s += p.u()[i] * Math.tanh(z);
    }
    return s;
  }
}
