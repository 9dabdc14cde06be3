package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/**
 * Differentiable activations in numerically stable forms: sigmoid, tanh and relu element-wise (on
 * vectors, and on matrices as {@code ...Matrix}), softmax, log-softmax and log-sum-exp on vectors,
 * and softmax and log-softmax on each row of a matrix ({@code ...Rows}).
 *
 * <p>Stability: {@link #sigmoid} evaluates {@code exp} only of a non-positive number, so it never
 * overflows for any finite input; softmax, log-softmax and log-sum-exp subtract the maximum before
 * exponentiating, so that inputs of magnitude 1e3 and more give finite, correct values and
 * gradients.
 *
 * <p>The element-wise ops are {@code @Differentiable} bodies; the softmax family carries
 * hand-written {@code @Derivative} adjoints: for {@code y = softmax(x)} and upstream {@code g},
 * {@code dx = y o (g - (g . y))}; for {@code y = logSoftmax(x)}, {@code dx = g - softmax(x) sum(g)};
 * for {@code s = logSumExp(x)}, {@code dx = seed softmax(x)}. The adjoints are public, so that a
 * {@code @Differentiable} method in any package calls them directly from its backward sweep; a
 * null gradient buffer means the caller needs no gradient for that argument, and the adjoint then
 * does nothing.
 */
public final class Activations {

  private Activations() {}

  // ---------------------------------------------------------------- element-wise

  /**
   * The logistic function {@code 1 / (1 + e^-x)} of each element. For negative x it is computed as
   * {@code e^x / (1 + e^x)}, so no finite input overflows.
   */
  @Differentiable
  public static double[] sigmoid(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double z = x[i];
      if (z >= 0.0) {
        y[i] = 1.0 / (1.0 + Math.exp(-z));
      } else {
        double e = Math.exp(z);
        y[i] = e / (1.0 + e);
      }
    }
    return y;
  }

  /** {@link #sigmoid} of each element of a matrix. */
  @Differentiable
  public static double[][] sigmoidMatrix(double[][] X) {
    double[][] Y = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      double[] row = X[i];
      double[] y = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        double z = row[j];
        if (z >= 0.0) {
          y[j] = 1.0 / (1.0 + Math.exp(-z));
        } else {
          double e = Math.exp(z);
          y[j] = e / (1.0 + e);
        }
      }
      Y[i] = y;
    }
    return Y;
  }

  /** The hyperbolic tangent of each element. */
  @Differentiable
  public static double[] tanh(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.tanh(x[i]);
    }
    return y;
  }

  /** {@link #tanh} of each element of a matrix. */
  @Differentiable
  public static double[][] tanhMatrix(double[][] X) {
    double[][] Y = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      double[] row = X[i];
      double[] y = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        y[j] = Math.tanh(row[j]);
      }
      Y[i] = y;
    }
    return Y;
  }

  /** {@code max(x, 0)} of each element; its derivative at 0 is taken as 0 (as PyTorch does). */
  @Differentiable
  public static double[] relu(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] > 0.0 ? x[i] : 0.0;
    }
    return y;
  }

  /** {@link #relu} of each element of a matrix. */
  @Differentiable
  public static double[][] reluMatrix(double[][] X) {
    double[][] Y = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      double[] row = X[i];
      double[] y = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        y[j] = row[j] > 0.0 ? row[j] : 0.0;
      }
      Y[i] = y;
    }
    return Y;
  }

  // ---------------------------------------------------------------- softmax family

  /** {@code log(sum_i e^x_i)}, computed as {@code m + log(sum_i e^(x_i - m))} with m the maximum. */
  public static double logSumExp(double[] x) {
    if (x.length == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double m = max(x);
    return m + Math.log(sumExp(x, m));
  }

  /** dx += seed softmax(x) (d lse / dx = softmax(x)). A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "logSumExp")
  public static void logSumExpAdjoint(double[] x, double seed, double[] dx) {
    if (dx == null || x.length == 0) {
      return;
    }
    double m = max(x);
    double scale = seed / sumExp(x, m);
    for (int i = 0; i < x.length; i++) {
      dx[i] += scale * Math.exp(x[i] - m);
    }
  }

  /** {@code e^x_i / sum_j e^x_j}, computed with the maximum subtracted. */
  public static double[] softmax(double[] x) {
    double[] y = new double[x.length];
    softmaxInto(x, y);
    return y;
  }

  /** For y = softmax(x): dx += y o (g - g . y). A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "softmax")
  public static void softmaxAdjoint(double[] x, double[] upstream, double[] dx) {
    if (dx == null) {
      return;
    }
    softmaxRowAdjoint(x, upstream, dx);
  }

  /** {@code x_i - logSumExp(x)}: the logarithm of {@link #softmax}, without forming it. */
  public static double[] logSoftmax(double[] x) {
    double[] y = new double[x.length];
    logSoftmaxInto(x, y);
    return y;
  }

  /** For y = logSoftmax(x): dx += g - softmax(x) sum(g). A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "logSoftmax")
  public static void logSoftmaxAdjoint(double[] x, double[] upstream, double[] dx) {
    if (dx == null) {
      return;
    }
    logSoftmaxRowAdjoint(x, upstream, dx);
  }

  /** {@link #softmax} of each row of a matrix. */
  public static double[][] softmaxRows(double[][] X) {
    double[][] Y = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      Y[i] = new double[X[i].length];
      softmaxInto(X[i], Y[i]);
    }
    return Y;
  }

  /** Row by row, as {@link #softmaxAdjoint}. A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "softmaxRows")
  public static void softmaxRowsAdjoint(double[][] X, double[][] upstream, double[][] dX) {
    if (dX == null) {
      return;
    }
    for (int i = 0; i < X.length; i++) {
      softmaxRowAdjoint(X[i], upstream[i], dX[i]);
    }
  }

  /** {@link #logSoftmax} of each row of a matrix. */
  public static double[][] logSoftmaxRows(double[][] X) {
    double[][] Y = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      Y[i] = new double[X[i].length];
      logSoftmaxInto(X[i], Y[i]);
    }
    return Y;
  }

  /** Row by row, as {@link #logSoftmaxAdjoint}. A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "logSoftmaxRows")
  public static void logSoftmaxRowsAdjoint(double[][] X, double[][] upstream, double[][] dX) {
    if (dX == null) {
      return;
    }
    for (int i = 0; i < X.length; i++) {
      logSoftmaxRowAdjoint(X[i], upstream[i], dX[i]);
    }
  }

  // ---------------------------------------------------------------- shared by the above and Losses

  static double max(double[] x) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** {@code sum_i e^(x_i - m)}. */
  static double sumExp(double[] x, double m) {
    double s = 0.0;
    for (double v : x) {
      s += Math.exp(v - m);
    }
    return s;
  }

  static void softmaxInto(double[] x, double[] y) {
    if (x.length == 0) {
      return;
    }
    double m = max(x);
    double s = 0.0;
    for (int i = 0; i < x.length; i++) {
      double e = Math.exp(x[i] - m);
      y[i] = e;
      s += e;
    }
    double inv = 1.0 / s;
    for (int i = 0; i < x.length; i++) {
      y[i] *= inv;
    }
  }

  static void logSoftmaxInto(double[] x, double[] y) {
    if (x.length == 0) {
      return;
    }
    double lse = logSumExp(x);
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] - lse;
    }
  }

  /** dx += y o (g - g . y) with y = softmax(x), recomputed here (two passes, no allocation). */
  static void softmaxRowAdjoint(double[] x, double[] g, double[] dx) {
    if (x.length == 0) {
      return;
    }
    double m = max(x);
    double inv = 1.0 / sumExp(x, m);
    double gy = 0.0;
    for (int i = 0; i < x.length; i++) {
      gy += g[i] * Math.exp(x[i] - m) * inv;
    }
    for (int i = 0; i < x.length; i++) {
      double y = Math.exp(x[i] - m) * inv;
      dx[i] += y * (g[i] - gy);
    }
  }

  /** dx += g - softmax(x) sum(g). */
  static void logSoftmaxRowAdjoint(double[] x, double[] g, double[] dx) {
    if (x.length == 0) {
      return;
    }
    double m = max(x);
    double inv = 1.0 / sumExp(x, m);
    double sg = 0.0;
    for (double v : g) {
      sg += v;
    }
    for (int i = 0; i < x.length; i++) {
      dx[i] += g[i] - Math.exp(x[i] - m) * inv * sg;
    }
  }
}
