package demo;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;

/** Control flow: a data-dependent loop with break, continue and an early return. */
public class Search {
  @Differentiable
  public static double damped(double x, double[] a, @NoGrad int limit) {
    double s = x;
    for (int k = 0; k < limit; k++) {
      if (a[k % a.length] < 0) {
        continue;
      }
      s = Math.sin(s) * a[k % a.length];
      if (Math.abs(s) < 1e-3) {
        return s * x;
      }
      if (k > 10) {
        break;
      }
    }
    return s + x * x;
  }
}
