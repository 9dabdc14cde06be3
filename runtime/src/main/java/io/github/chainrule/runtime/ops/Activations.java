package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;
import io.github.chainrule.runtime.parallel.OpThreads;

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
 * <p>Every op carries a hand-written {@code @Derivative} adjoint. Those of the element-wise ops and
 * of the softmax family take the op's result ({@code takesResult = true}), so that a backward sweep
 * computes nothing twice: for {@code y = tanh(x)}, {@code dx = g o (1 - y^2)}; for {@code y =
 * sigmoid(x)}, {@code dx = g o y o (1 - y)}; for {@code y = softmax(x)} and upstream {@code g},
 * {@code dx = y o (g - (g . y))}; for {@code y = logSoftmax(x)}, {@code dx = g - e^y sum(g)}; for
 * {@code s = logSumExp(x)}, {@code dx = seed softmax(x)}. The matrix forms ({@code tanhMatrix},
 * ...) split their rows over {@link OpThreads}. The adjoints are public, so that a
 * {@code @Differentiable} method in any package calls them directly from its backward sweep; a
 * null gradient buffer means the caller needs no gradient for that argument, and the adjoint then
 * does nothing.
 */
public final class Activations {

  private Activations() {}

  // ---------------------------------------------------------------- element-wise
  //
  // Each op is a plain loop with a hand-written adjoint that takes the op's result
  // (@Derivative(takesResult = true)): the derivative is written with the value the forward sweep
  // already computed, so the backward sweep neither evaluates the function again nor allocates.
  // The matrix forms split their rows over OpThreads; each element is computed the same way
  // whatever the split.

  /**
   * The logistic function {@code 1 / (1 + e^-x)} of each element. For negative x it is computed as
   * {@code e^x / (1 + e^x)}, so no finite input overflows.
   */
  public static double[] sigmoid(double[] x) {
    double[] y = new double[x.length];
    sigmoidInto(x, y);
    return y;
  }

  /** d/dx sigmoid(x) = s (1 - s) with s = sigmoid(x): dx += g o s o (1 - s). */
  @Derivative(of = "sigmoid", takesResult = true)
  public static void sigmoidAdjoint(double[] x, double[] value, double[] upstream, double[] dx) {
    if (dx != null) {
      sigmoidBackward(value, upstream, dx);
    }
  }

  /** {@link #sigmoid} of each element of a matrix. */
  public static double[][] sigmoidMatrix(double[][] X) {
    double[][] Y = new double[X.length][];
    eachRow(X, (from, to) -> {
      for (int i = from; i < to; i++) {
        Y[i] = new double[X[i].length];
        sigmoidInto(X[i], Y[i]);
      }
    });
    return Y;
  }

  /** Row by row, as {@link #sigmoidAdjoint}. */
  @Derivative(of = "sigmoidMatrix", takesResult = true)
  public static void sigmoidMatrixAdjoint(
      double[][] X, double[][] value, double[][] upstream, double[][] dX) {
    if (dX != null) {
      eachRow(X, (from, to) -> {
        for (int i = from; i < to; i++) {
          sigmoidBackward(value[i], upstream[i], dX[i]);
        }
      });
    }
  }

  /** The hyperbolic tangent of each element. */
  public static double[] tanh(double[] x) {
    double[] y = new double[x.length];
    tanhInto(x, y);
    return y;
  }

  /** d/dx tanh(x) = 1 - tanh(x)^2: dx += g o (1 - y^2). */
  @Derivative(of = "tanh", takesResult = true)
  public static void tanhAdjoint(double[] x, double[] value, double[] upstream, double[] dx) {
    if (dx != null) {
      tanhBackward(value, upstream, dx);
    }
  }

  /** {@link #tanh} of each element of a matrix. */
  public static double[][] tanhMatrix(double[][] X) {
    double[][] Y = new double[X.length][];
    eachRow(X, (from, to) -> {
      for (int i = from; i < to; i++) {
        Y[i] = new double[X[i].length];
        tanhInto(X[i], Y[i]);
      }
    });
    return Y;
  }

  /** Row by row, as {@link #tanhAdjoint}. */
  @Derivative(of = "tanhMatrix", takesResult = true)
  public static void tanhMatrixAdjoint(double[][] X, double[][] value, double[][] upstream, double[][] dX) {
    if (dX != null) {
      eachRow(X, (from, to) -> {
        for (int i = from; i < to; i++) {
          tanhBackward(value[i], upstream[i], dX[i]);
        }
      });
    }
  }

  /** {@code max(x, 0)} of each element; its derivative at 0 is taken as 0 (as PyTorch does). */
  public static double[] relu(double[] x) {
    double[] y = new double[x.length];
    reluInto(x, y);
    return y;
  }

  /** d/dx relu(x) = 1 where x &gt; 0, else 0 (also at 0): dx += g where y &gt; 0. */
  @Derivative(of = "relu", takesResult = true)
  public static void reluAdjoint(double[] x, double[] value, double[] upstream, double[] dx) {
    if (dx != null) {
      reluBackward(value, upstream, dx);
    }
  }

  /** {@link #relu} of each element of a matrix. */
  public static double[][] reluMatrix(double[][] X) {
    double[][] Y = new double[X.length][];
    eachRow(X, (from, to) -> {
      for (int i = from; i < to; i++) {
        Y[i] = new double[X[i].length];
        reluInto(X[i], Y[i]);
      }
    });
    return Y;
  }

  /** Row by row, as {@link #reluAdjoint}. */
  @Derivative(of = "reluMatrix", takesResult = true)
  public static void reluMatrixAdjoint(double[][] X, double[][] value, double[][] upstream, double[][] dX) {
    if (dX != null) {
      eachRow(X, (from, to) -> {
        for (int i = from; i < to; i++) {
          reluBackward(value[i], upstream[i], dX[i]);
        }
      });
    }
  }

  private static void sigmoidInto(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      double z = x[i];
      if (z >= 0.0) {
        y[i] = 1.0 / (1.0 + Math.exp(-z));
      } else {
        double e = Math.exp(z);
        y[i] = e / (1.0 + e);
      }
    }
  }

  private static void sigmoidBackward(double[] s, double[] g, double[] dx) {
    for (int i = 0; i < s.length; i++) {
      dx[i] += g[i] * (s[i] * (1.0 - s[i]));
    }
  }

  private static void tanhInto(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = tanh(x[i]);
    }
  }

  /** Cephes' rational approximation of tanh on [0, 0.625): {@code tanh(x) = x + x^3 P(x^2) / Q(x^2)}. */
  private static final double P0 = -9.64399179425052238628E-1;

  private static final double P1 = -9.92877231001918586564E1;
  private static final double P2 = -1.61468768441708447952E3;
  private static final double Q0 = 1.12811678491632931402E2;
  private static final double Q1 = 2.23548839060100448583E3;
  private static final double Q2 = 4.84406305325125486048E3;

  /**
   * tanh(x), as the Cephes library computes it: a rational function near 0, {@code 1 - 2 / (e^2|x|
   * + 1)} from |x| = 0.625 on (no cancellation there), and +-1 beyond |x| = 22. Within 2 ulp of
   * {@link StrictMath#tanh} over the doubles tested, and on JDK 17 more than twice as fast as
   * {@link Math#tanh}, which there calls the native fdlibm code: an element-wise tanh of a batch's
   * hidden layer costs as much as one of its matrix products otherwise.
   */
  static double tanh(double x) {
    double z = Math.abs(x);
    if (z >= 0.625) {
      if (z > 22.0) {
        return x > 0 ? 1.0 : -1.0;
      }
      double r = 1.0 - 2.0 / (Math.exp(2.0 * z) + 1.0);
      return x < 0 ? -r : r;
    }
    if (x == 0.0) {
      return x; // keeps the sign of -0.0
    }
    double s = x * x;
    double p = (P0 * s + P1) * s + P2;
    double q = ((s + Q0) * s + Q1) * s + Q2;
    return x + x * s * (p / q);
  }

  private static void tanhBackward(double[] y, double[] g, double[] dx) {
    for (int i = 0; i < y.length; i++) {
      dx[i] += g[i] * (1.0 - y[i] * y[i]);
    }
  }

  private static void reluInto(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] > 0.0 ? x[i] : 0.0;
    }
  }

  private static void reluBackward(double[] y, double[] g, double[] dx) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] > 0.0) {
        dx[i] += g[i];
      }
    }
  }


  /** Splits X's rows over {@link OpThreads}, counting an element-wise function as ~16 units of work. */
  private static void eachRow(double[][] X, OpThreads.Range body) {
    long work = X.length == 0 ? 0 : 16L * X.length * X[0].length;
    OpThreads.forRange(X.length, work, body);
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
  @Derivative(of = "softmax", takesResult = true)
  public static void softmaxAdjoint(double[] x, double[] value, double[] upstream, double[] dx) {
    if (dx == null) {
      return;
    }
    softmaxRowAdjoint(value, upstream, dx);
  }

  /** {@code x_i - logSumExp(x)}: the logarithm of {@link #softmax}, without forming it. */
  public static double[] logSoftmax(double[] x) {
    double[] y = new double[x.length];
    logSoftmaxInto(x, y);
    return y;
  }

  /** For y = logSoftmax(x): dx += g - e^y sum(g) (e^y = softmax(x)). A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "logSoftmax", takesResult = true)
  public static void logSoftmaxAdjoint(double[] x, double[] value, double[] upstream, double[] dx) {
    if (dx == null) {
      return;
    }
    logSoftmaxRowAdjoint(value, upstream, dx);
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
  @Derivative(of = "softmaxRows", takesResult = true)
  public static void softmaxRowsAdjoint(double[][] X, double[][] value, double[][] upstream, double[][] dX) {
    if (dX == null) {
      return;
    }
    for (int i = 0; i < X.length; i++) {
      softmaxRowAdjoint(value[i], upstream[i], dX[i]);
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
  @Derivative(of = "logSoftmaxRows", takesResult = true)
  public static void logSoftmaxRowsAdjoint(double[][] X, double[][] value, double[][] upstream, double[][] dX) {
    if (dX == null) {
      return;
    }
    for (int i = 0; i < X.length; i++) {
      logSoftmaxRowAdjoint(value[i], upstream[i], dX[i]);
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

  /** dx += y o (g - g . y) for y = softmax(x), the value the forward sweep computed. */
  static void softmaxRowAdjoint(double[] y, double[] g, double[] dx) {
    double gy = 0.0;
    for (int i = 0; i < y.length; i++) {
      gy += g[i] * y[i];
    }
    for (int i = 0; i < y.length; i++) {
      dx[i] += y[i] * (g[i] - gy);
    }
  }

  /** dx += g - e^y sum(g) for y = logSoftmax(x), the value the forward sweep computed. */
  static void logSoftmaxRowAdjoint(double[] y, double[] g, double[] dx) {
    double sg = 0.0;
    for (double v : g) {
      sg += v;
    }
    for (int i = 0; i < y.length; i++) {
      dx[i] += g[i] - Math.exp(y[i]) * sg;
    }
  }
}
