package rules;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;

/**
 * One method per singular point of a derivative rule (docs/singular-points.md), driven at exactly
 * that point by SingularPointTest.
 */
public class SingularPoints {
  @Differentiable
  public static double atan2(double u, double v) {
    return Math.atan2(u, v);
  }

  /** The arguments are zero whatever x is when k = 0: the gradient is exactly zero. */
  @Differentiable
  public static double atan2OfZeros(double x, @NoGrad int k) {
    return Math.atan2(Math.sin(x * k), Math.abs(x * k % 1.3));
  }

  @Differentiable
  public static double hypot(double x, double z) {
    return Math.hypot(x, z);
  }

  @Differentiable
  public static double powZero(double x) {
    return Math.pow(x, 0.0);
  }

  @Differentiable
  public static double powHalf(double x) {
    return Math.pow(x, 0.5);
  }

  @Differentiable
  public static double pow(double x, double p) {
    return Math.pow(x, p);
  }

  @Differentiable
  public static double scaledPow(double c, double x, double p) {
    return c * Math.pow(x, p);
  }

  @Differentiable
  public static double sqrt(double x) {
    return Math.sqrt(x);
  }

  @Differentiable
  public static double cbrt(double x) {
    return Math.cbrt(x);
  }

  @Differentiable
  public static double log(double x) {
    return Math.log(x);
  }

  @Differentiable
  public static double log10(double x) {
    return Math.log10(x);
  }

  @Differentiable
  public static double log1p(double x) {
    return Math.log1p(x);
  }

  @Differentiable
  public static double asin(double x) {
    return Math.asin(x);
  }

  @Differentiable
  public static double acos(double x) {
    return Math.acos(x);
  }

  @Differentiable
  public static double divide(double l, double r) {
    return l / r;
  }

  @Differentiable
  public static double abs(double x) {
    return Math.abs(x);
  }

  @Differentiable
  public static double max(double a, double b) {
    return Math.max(a, b);
  }

  @Differentiable
  public static double min(double a, double b) {
    return Math.min(a, b);
  }

  /** At c = 0 the gradient reaching sqrt is zero: it must stay zero, not become 0 * inf. */
  @Differentiable
  public static double scaledSqrt(double c, double x) {
    return c * Math.sqrt(x);
  }

  /** The lecture's sigmoid written naively: exp(-z) overflows for z < -709. */
  @Differentiable
  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** A value that is never used: its adjoint is zero, and log'(0) = inf must not make it NaN. */
  @Differentiable
  public static double unusedLog(double x) {
    double unused = Math.log(x);
    return x;
  }

  /** A value overwritten before it is used: the same, through a saved and restored variable. */
  @Differentiable
  public static double overwrittenSqrt(double x) {
    double t = Math.sqrt(x) / x;
    t = 2 * x;
    return t;
  }

  /** A zero inner derivative meets an infinite partial: NaN, as in PyTorch and JAX. */
  @Differentiable
  public static double sqrtOfZeroTimes(double x) {
    return Math.sqrt(0 * x);
  }

  /**
   * t overflows to infinity, then is overwritten: its adjoint is zero and must stay zero through
   * hypot, sin and cos, whose partials are NaN at infinity (the hunt's seed 2613526620761786).
   */
  @Differentiable
  public static double overflowedThenOverwritten(double x) {
    double t = x;
    for (int i = 0; i < 12; i++) {
      t = Math.hypot(x, 0.5 + t * t);
    }
    double u = Math.sin(t) + Math.cos(t) * x;
    t = 3 * x;
    return t;
  }
}
