package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * Gradient clipping by global norm, {@code torch.nn.utils.clip_grad_norm_} semantics (PyTorch
 * 1.13).
 *
 * <p>The total norm is the norm of the per-entry norms (each vector or matrix of the view is one
 * PyTorch tensor). Every gradient is then multiplied by {@code min(1, maxNorm / (total + 1e-6))},
 * so gradients whose norm is already below {@code maxNorm} are left (essentially) unchanged.
 */
public final class GradientClipping {

  /** PyTorch's guard against division by zero in the clip coefficient. */
  private static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Scales {@code gradients} in place so that their global 2-norm is at most {@code maxNorm}.
   *
   * @return the total 2-norm before clipping (possibly infinite or NaN, then the gradients are
   *     scaled by NaN or 0 as in PyTorch without {@code error_if_nonfinite})
   */
  public static double clipGlobalNorm(Parameters gradients, double maxNorm) {
    return clipGlobalNorm(gradients, maxNorm, 2.0);
  }

  /**
   * Scales {@code gradients} in place so that their global {@code normType}-norm is at most {@code
   * maxNorm}; {@code normType} is a positive number or {@link Double#POSITIVE_INFINITY} (max-abs).
   *
   * @return the total norm before clipping
   */
  public static double clipGlobalNorm(Parameters gradients, double maxNorm, double normType) {
    Checks.nonNegative("max norm", maxNorm);
    double total = globalNorm(gradients, normType);
    double coef = Math.min(maxNorm / (total + EPSILON), 1.0);
    int n = gradients.segmentCount();
    for (int k = 0; k < n; k++) {
      double[] g = gradients.segment(k);
      for (int j = 0; j < g.length; j++) {
        g[j] *= coef;
      }
    }
    return total;
  }

  /** The global 2-norm of {@code gradients}: the 2-norm of the per-entry 2-norms. */
  public static double globalNorm(Parameters gradients) {
    return globalNorm(gradients, 2.0);
  }

  /**
   * The global {@code normType}-norm: the {@code normType}-norm of the per-entry norms, or the
   * largest absolute value for {@link Double#POSITIVE_INFINITY}.
   *
   * @throws IllegalArgumentException if {@code normType} is not positive
   */
  public static double globalNorm(Parameters gradients, double normType) {
    if (!(normType > 0.0)) {
      throw new IllegalArgumentException("norm type must be > 0, got " + normType);
    }
    boolean inf = normType == Double.POSITIVE_INFINITY;
    boolean two = normType == 2.0;
    double total = 0.0;
    for (int i = 0; i < gradients.size(); i++) {
      double acc = 0.0;
      for (int k = gradients.firstSegment(i); k < gradients.firstSegment(i + 1); k++) {
        double[] g = gradients.segment(k);
        for (double x : g) {
          double a = Math.abs(x);
          if (inf) {
            acc = Math.max(acc, a);
          } else if (two) {
            acc += x * x;
          } else {
            acc += Math.pow(a, normType);
          }
        }
      }
      if (inf) {
        total = Math.max(total, acc);
      } else if (two) {
        double norm = Math.sqrt(acc);
        total += norm * norm;
      } else {
        total += Math.pow(Math.pow(acc, 1.0 / normType), normType);
      }
    }
    if (inf) {
      return total;
    }
    return two ? Math.sqrt(total) : Math.pow(total, 1.0 / normType);
  }
}
