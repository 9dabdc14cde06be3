package io.github.chainrule.example.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The gradient of a share of a step's batch, or the sum of several: what a task returns and what
 * {@code treeAggregate} adds up. Row-sparse in the feature tables: per table, the positions of the
 * step's plan that the shares read, ascending, each with its gradient row, so the bytes grow with
 * the rows the shares touched. A position one share read and another did not is in the sum once;
 * one both read has the sum of their rows.
 *
 * <p>{@link #plus} adds into this object and returns it (Spark allows an aggregation to change its
 * first argument); the empty gradient is the aggregation's zero.
 */
final class ShareGradient implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Tables in plan order: words, casing, shapes, affixes. */
  static final int TABLES = 4;

  private static final int[] NO_POSITIONS = new int[0];
  private static final double[][] NO_ROWS = new double[0][];

  /** The dense layers' gradient, segment by segment; null in the empty gradient. */
  private double[][] dense;

  private final int[][] positions = new int[TABLES][];
  private final double[][][] rows = new double[TABLES][][];

  /** The batch's mean loss, as far as the shares summed so far contribute to it. */
  private double loss;

  /** Windows in the shares summed. */
  private int windows;

  /** Nanoseconds the shares spent in the generated gradient, summed. */
  private long computeNanos;

  /** Nanoseconds spent adding gradients together, summed. */
  private long mergeNanos;

  private ShareGradient() {
    Arrays.fill(positions, NO_POSITIONS);
    Arrays.fill(rows, NO_ROWS);
  }

  /** The empty gradient: the zero of the aggregation. */
  static ShareGradient empty() {
    return new ShareGradient();
  }

  /**
   * A share's gradient. The arrays are taken, not copied.
   *
   * @param dense the dense layers' gradient segments
   * @param positions per table, the plan positions the share read (any order, no repeats)
   * @param rows per table, the gradient row of each position
   */
  static ShareGradient of(
      double[][] dense,
      int[][] positions,
      double[][][] rows,
      double loss,
      int windows,
      long computeNanos) {
    ShareGradient g = new ShareGradient();
    g.dense = dense;
    for (int k = 0; k < TABLES; k++) {
      sortByPosition(positions[k], rows[k]);
      g.positions[k] = positions[k];
      g.rows[k] = rows[k];
    }
    g.loss = loss;
    g.windows = windows;
    g.computeNanos = computeNanos;
    return g;
  }

  /** Sorts the positions ascending, the rows with them. */
  private static void sortByPosition(int[] positions, double[][] rows) {
    long[] keyed = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      keyed[i] = ((long) positions[i] << 32) | i;
    }
    Arrays.sort(keyed);
    double[][] before = rows.clone();
    for (int i = 0; i < keyed.length; i++) {
      positions[i] = (int) (keyed[i] >>> 32);
      rows[i] = before[(int) keyed[i]];
    }
  }

  /** Adds {@code other} into this gradient and returns it (or {@code other} if this is empty). */
  ShareGradient plus(ShareGradient other) {
    if (other.dense == null) {
      return this;
    }
    if (dense == null) {
      return other;
    }
    long t0 = System.nanoTime();
    if (dense.length != other.dense.length) {
      throw new IllegalStateException("gradients of different models cannot be added");
    }
    for (int s = 0; s < dense.length; s++) {
      double[] a = dense[s];
      double[] b = other.dense[s];
      for (int j = 0; j < a.length; j++) {
        a[j] += b[j];
      }
    }
    for (int k = 0; k < TABLES; k++) {
      union(k, other.positions[k], other.rows[k]);
    }
    loss += other.loss;
    windows += other.windows;
    computeNanos += other.computeNanos;
    mergeNanos += other.mergeNanos + (System.nanoTime() - t0);
    return this;
  }

  /**
   * Table {@code k} becomes the union of its rows and {@code (ps, rs)}, rows at one position added.
   */
  private void union(int k, int[] ps, double[][] rs) {
    int[] mine = positions[k];
    double[][] myRows = rows[k];
    int[] outP = new int[mine.length + ps.length];
    double[][] outR = new double[outP.length][];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < mine.length || j < ps.length) {
      if (j == ps.length || (i < mine.length && mine[i] < ps[j])) {
        outP[n] = mine[i];
        outR[n++] = myRows[i++];
      } else if (i == mine.length || ps[j] < mine[i]) {
        outP[n] = ps[j];
        outR[n++] = rs[j++];
      } else {
        double[] a = myRows[i];
        double[] b = rs[j];
        for (int c = 0; c < a.length; c++) {
          a[c] += b[c];
        }
        outP[n] = mine[i++];
        outR[n++] = a;
        j++;
      }
    }
    positions[k] = Arrays.copyOf(outP, n);
    rows[k] = Arrays.copyOf(outR, n);
  }

  /** Whether no share has been added. */
  boolean isEmpty() {
    return dense == null;
  }

  /** The dense layers' gradient segments. */
  double[][] dense() {
    return dense;
  }

  /** The plan positions of table {@code k} with a gradient row, ascending. */
  int[] positions(int k) {
    return positions[k];
  }

  /** The gradient rows of table {@code k}, by {@link #positions(int)}. */
  double[][] rows(int k) {
    return rows[k];
  }

  /** The batch's mean loss (once every share is in). */
  double loss() {
    return loss;
  }

  /** Windows summed. */
  int windows() {
    return windows;
  }

  /** Nanoseconds in the generated gradient, over the shares. */
  long computeNanos() {
    return computeNanos;
  }

  /** Nanoseconds spent adding gradients. */
  long mergeNanos() {
    return mergeNanos;
  }
}
