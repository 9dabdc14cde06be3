package demo.modular;

import io.github.chainrule.Differentiable;

/** f(w) = sum_j a_j w_j^2, whose gradient is 2 a_j w_j. */
public final class Quadratic {
  private Quadratic() {}

  /** Returns sum_j a_j w_j^2; {@code a} is data. */
  @Differentiable(wrt = "w")
  public static double f(double[] w, double[] a) {
    double s = 0;
    for (int j = 0; j < w.length; j++) {
      s += a[j] * w[j] * w[j];
    }
    return s;
  }
}
