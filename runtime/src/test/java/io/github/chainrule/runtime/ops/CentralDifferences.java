package io.github.chainrule.runtime.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Checks a gradient against two-sided differences, coordinate by coordinate, perturbing the
 * argument array in place. The difference quotient {@code (f(x+h) - f(x-h)) / 2h} is taken at h and
 * h/2 and combined by one Richardson step, which cancels the h^2 error term, so that a modest h
 * keeps round-off small and the agreement is good to about 1e-9 on smooth functions.
 *
 * <p>Relative error per coordinate: {@code |analytic - numeric| / max(|analytic|, |numeric|,
 * FLOOR)}; the floor keeps coordinates whose gradient is (near) zero from dividing noise by zero.
 *
 * <p>Public for the tests of user-side models in other packages ({@code ops.client}).
 */
public final class CentralDifferences {

  static final double H = 1e-3;
  static final double TOLERANCE = 1e-6;
  static final double FLOOR = 1e-4;

  private CentralDifferences() {}

  /** Checks every coordinate of {@code x}: {@code analytic} must be d f / d x. */
  public static void check(String name, DoubleSupplier f, double[] x, double[] analytic) {
    if (analytic.length != x.length) {
      fail(name + ": gradient has length " + analytic.length + " but the argument " + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      double numeric = derivative(f, x, i);
      compare(name + "[" + i + "]", analytic[i], numeric);
    }
  }

  /** Checks every coordinate of {@code x}: {@code analytic} must be d f / d x, shaped like x. */
  public static void check(String name, DoubleSupplier f, double[][] x, double[][] analytic) {
    if (analytic.length != x.length) {
      fail(name + ": gradient has " + analytic.length + " rows but the argument " + x.length);
    }
    for (int r = 0; r < x.length; r++) {
      if (analytic[r].length != x[r].length) {
        fail(name + ": gradient row " + r + " has length " + analytic[r].length + " but the argument's " + x[r].length);
      }
      for (int i = 0; i < x[r].length; i++) {
        compare(name + "[" + r + "][" + i + "]", analytic[r][i], derivative(f, x[r], i));
      }
    }
  }

  /** Checks the derivative with respect to a scalar that {@code set} writes into f's inputs. */
  public static void checkScalar(String name, java.util.function.DoubleUnaryOperator fAt, double x, double analytic) {
    double[] box = {x};
    double numeric = derivative(() -> fAt.applyAsDouble(box[0]), box, 0);
    compare(name, analytic, numeric);
  }

  private static double derivative(DoubleSupplier f, double[] x, int i) {
    double d1 = quotient(f, x, i, H);
    double d2 = quotient(f, x, i, H / 2);
    return (4 * d2 - d1) / 3;
  }

  private static double quotient(DoubleSupplier f, double[] x, int i, double h) {
    double saved = x[i];
    x[i] = saved + h;
    double plus = f.getAsDouble();
    x[i] = saved - h;
    double minus = f.getAsDouble();
    x[i] = saved;
    return (plus - minus) / (2 * h);
  }

  private static void compare(String where, double analytic, double numeric) {
    double err = Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    if (!(err <= TOLERANCE)) {
      fail(where + ": analytic " + analytic + " but central differences give " + numeric + " (relative error " + err + ")");
    }
  }

  // ---------------------------------------------------------------- random points

  public static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  public static double[][] matrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(random, cols);
    }
    return m;
  }

  /** Gaussian values pushed at least 0.05 away from 0, for functions with a kink there. */
  public static double[] awayFromZero(Random random, int n) {
    double[] v = vector(random, n);
    for (int i = 0; i < n; i++) {
      v[i] += Math.copySign(0.05, v[i]);
    }
    return v;
  }
}
