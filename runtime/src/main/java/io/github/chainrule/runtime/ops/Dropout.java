package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;
import io.github.chainrule.NoGrad;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.SplittableRandom;

/**
 * Inverted dropout with a mask that the caller makes (from a seed) and passes in, so that a
 * differentiable method stays a pure function of its arguments and a run is reproducible.
 *
 * <p>Make the mask outside the differentiable method, then pass it as a {@code @NoGrad} argument:
 *
 * <pre>{@code
 * double[] mask = Dropout.mask(h.length, 0.5, seed);   // 0 or 1/(1-p)
 * ...
 * @Differentiable static double loss(Params p, double[] x, @NoGrad double[] mask, int label) {
 *   double[] h = Activations.tanh(...);
 *   double[] hd = Dropout.apply(h, mask);
 *   ...
 * }
 * }</pre>
 *
 * <p>Kept elements are scaled by {@code 1/(1-p)} during training so that no rescaling is needed
 * at evaluation, where dropout is simply left out.
 */
public final class Dropout {

  /** A draw in {@link OpThreads} work units (multiply-adds). */
  private static final long DRAW_WORK = 4;

  /**
   * SplitMix64's increment, {@code SplittableRandom}'s golden gamma: draw i of a generator made
   * from {@code seed} is {@code mix64(seed + (i + 1) gamma)}.
   */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private Dropout() {}

  /** {@code x o mask}, for a mask from {@link #mask} (its values 0 or {@code 1/(1-p)}). */
  public static double[] apply(double[] x, @NoGrad double[] mask) {
    int n = Shapes.sameLength(Shapes.DROPOUT, x, mask);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i] * mask[i];
    }
    return y;
  }

  /** dx += g o mask. A null gradient buffer means the caller needs no gradient for x. */
  @Derivative(of = "apply")
  public static void applyAdjoint(double[] x, double[] mask, double[] upstream, double[] dx) {
    if (dx == null) {
      return;
    }
    for (int i = 0; i < x.length; i++) {
      dx[i] += upstream[i] * mask[i];
    }
  }

  /** {@code X o mask} element-wise, for a mask from {@link #maskMatrix}. */
  public static double[][] applyMatrix(double[][] X, @NoGrad double[][] mask) {
    int m = Shapes.sameShape(Shapes.DROPOUT_MATRIX, X, mask);
    int n = m == 0 ? 0 : X[0].length;
    double[][] Y = new double[m][];
    // Rows are independent: a large batch splits them over the threads.
    OpThreads.forRange(
        m,
        (long) m * n,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double[] x = X[i];
            double[] k = mask[i];
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
              y[j] = x[j] * k[j];
            }
            Y[i] = y;
          }
        });
    return Y;
  }

  /** dX += G o mask. A null gradient buffer means the caller needs no gradient for X. */
  @Derivative(of = "applyMatrix")
  public static void applyMatrixAdjoint(double[][] X, double[][] mask, double[][] upstream, double[][] dX) {
    if (dX == null) {
      return;
    }
    OpThreads.forRange(
        X.length,
        X.length == 0 ? 0 : (long) X.length * upstream[0].length,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double[] g = upstream[i];
            double[] k = mask[i];
            double[] d = dX[i];
            for (int j = 0; j < g.length; j++) {
              d[j] += g[j] * k[j];
            }
          }
        });
  }

  /**
   * {@code x[i] / (1 - p)} where {@code keep[i]}, else 0: dropout with a boolean mask from {@link
   * #keepMask} and the drop probability it was made with.
   */
  public static double[] applyKept(double[] x, boolean[] keep, @NoGrad double p) {
    int n = Shapes.keepMatches(x, keep, p);
    double scale = 1.0 / (1.0 - p);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = keep[i] ? x[i] * scale : 0.0;
    }
    return y;
  }

  /** dx[i] += g[i] / (1 - p) where kept. A null gradient buffer means the caller needs no gradient for x. */
  @Derivative(of = "applyKept")
  public static void applyKeptAdjoint(double[] x, boolean[] keep, double p, double[] upstream, double[] dx) {
    if (dx == null) {
      return;
    }
    double scale = 1.0 / (1.0 - p);
    for (int i = 0; i < x.length; i++) {
      if (keep[i]) {
        dx[i] += upstream[i] * scale;
      }
    }
  }

  /**
   * A dropout mask of length n: each element independently 0 with probability {@code p}, else
   * {@code 1/(1-p)}. The same seed gives the same mask.
   *
   * @throws IllegalArgumentException unless {@code 0 <= p < 1}
   */
  public static double[] mask(int n, double p, long seed) {
    boolean[] keep = keepMask(n, p, seed);
    double scale = 1.0 / (1.0 - p);
    double[] mask = new double[n];
    for (int i = 0; i < n; i++) {
      mask[i] = keep[i] ? scale : 0.0;
    }
    return mask;
  }

  /**
   * A rows x cols dropout mask, row after row as {@link #mask} of length rows * cols would be.
   *
   * <p>{@link #mask} draws from a {@code SplittableRandom}, which is SplitMix64: its i-th draw is a
   * function of the seed and i alone. A large mask is therefore drawn on all the {@link OpThreads},
   * each taking its rows' draws directly, and is the same mask to the bit.
   */
  public static double[][] maskMatrix(int rows, int cols, double p, long seed) {
    checkProbability(p);
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("dropout: the mask is " + rows + " x " + cols);
    }
    Math.multiplyExact(rows, cols);
    double scale = 1.0 / (1.0 - p);
    // A draw (u 2^-53 for the top 53 bits u of mix64) is >= p exactly when u >= ceil(p 2^53):
    // both sides are exact, so the mask is the same, and the comparison of integers sets the
    // element without a branch that a random mask would mispredict.
    long threshold = (long) Math.ceil(p * 0x1.0p53);
    double[][] mask = new double[rows][];
    OpThreads.forRange(
        rows,
        DRAW_WORK * rows * cols,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double[] row = new double[cols];
            long first = (long) i * cols;
            for (int j = 0; j < cols; j++) {
              long kept = (threshold - 1 - (mix64(seed + (first + j + 1) * GOLDEN_GAMMA) >>> 11)) >>> 63;
              row[j] = kept * scale;
            }
            mask[i] = row;
          }
        });
    return mask;
  }

  /** SplitMix64's finalizer, as {@code SplittableRandom} applies it to each state. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Which of n elements dropout keeps: each independently false with probability {@code p}. The
   * same seed gives the same mask, the same one that {@link #mask} scales.
   *
   * @throws IllegalArgumentException unless {@code 0 <= p < 1}
   */
  public static boolean[] keepMask(int n, double p, long seed) {
    checkProbability(p);
    if (n < 0) {
      throw new IllegalArgumentException("dropout: n must be >= 0 but is " + n);
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] keep = new boolean[n];
    for (int i = 0; i < n; i++) {
      keep[i] = random.nextDouble() >= p;
    }
    return keep;
  }

  private static void checkProbability(double p) {
    if (!(p >= 0.0 && p < 1.0)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1) but is " + p);
    }
  }
}
