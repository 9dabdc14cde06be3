package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Differentiable row gather from an embedding matrix: the lookup of word vectors by id, for one
 * window ({@link #window}), a batch of windows ({@link #windows}) or any rows ({@link #gather}).
 * Each op looks only at the rows it reads, so its cost is the ids', not the vocabulary's; to train
 * an embedding at that cost, pass the batch's rows as an {@code IndexedRows} compact table.
 *
 * <p>The adjoint scatters the upstream gradient back into the rows that were read (adding, so a
 * repeated id gets the sum of its gradients); the other rows of the gradient are untouched. The
 * adjoints are public, so that a {@code @Differentiable} method in any package calls them directly
 * from its backward sweep; a null gradient buffer means the caller needs no gradient for that
 * argument (frozen embeddings), and the adjoint then does nothing.
 */
public final class Embeddings {

  /** The groups of rows that {@link #windowsAdjoint} hands out to the threads: {@code id % ROW_GROUPS}. */
  static final int ROW_GROUPS = 64;

  private Embeddings() {}

  /** The rows {@code E[ids[0]], E[ids[1]], ...} as a new ids.length x d matrix (copies). */
  public static double[][] gather(double[][] E, int[] ids) {
    checkIds("gather", E, ids, width(E));
    double[][] Y = new double[ids.length][];
    for (int r = 0; r < ids.length; r++) {
      Y[r] = E[ids[r]].clone();
    }
    return Y;
  }

  /** dE[ids[r]] += G[r]. A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "gather")
  public static void gatherAdjoint(double[][] E, int[] ids, double[][] upstream, double[][] dE) {
    if (dE == null) {
      return;
    }
    for (int r = 0; r < ids.length; r++) {
      double[] g = upstream[r];
      Gemm.axpy(1.0, g, 0, dE[ids[r]], 0, g.length);
    }
  }

  /**
   * The window vector of the lecture's classifier: the rows {@code E[ids[0]], ..., E[ids[w-1]]}
   * concatenated into one vector of length {@code w d}.
   */
  public static double[] window(double[][] E, int[] ids) {
    int d = checkIds("window", E, ids, width(E));
    double[] x = new double[ids.length * d];
    for (int r = 0; r < ids.length; r++) {
      System.arraycopy(E[ids[r]], 0, x, r * d, d);
    }
    return x;
  }

  /** dE[ids[r]] += g[r d .. r d + d). A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "window")
  public static void windowAdjoint(double[][] E, int[] ids, double[] upstream, double[][] dE) {
    if (dE == null) {
      return;
    }
    int d = ids.length == 0 ? 0 : upstream.length / ids.length;
    for (int r = 0; r < ids.length; r++) {
      Gemm.axpy(1.0, upstream, r * d, dE[ids[r]], 0, d);
    }
  }

  /**
   * The window vectors of a batch: row {@code r} of the result is {@link #window window(E,
   * ids[r])}, for windows of one length w; a new {@code ids.length x w d} matrix, ready for {@link
   * Linalg#linear}.
   */
  public static double[][] windows(double[][] E, int[][] ids) {
    int d = width(E);
    int w = ids.length == 0 ? 0 : ids[0].length;
    double[][] X = new double[ids.length][];
    for (int r = 0; r < ids.length; r++) {
      if (ids[r].length != w) {
        throw new IllegalArgumentException(
            "windows: ids[" + r + "] has " + ids[r].length + " ids but ids[0] has " + w);
      }
      checkRange("windows", E, ids[r]);
    }
    // The copies split over the threads: with a large table the rows come from memory, and two
    // cores wait for them side by side. A ragged row is reported as the first one in window order.
    AtomicInteger ragged = new AtomicInteger(Integer.MAX_VALUE);
    OpThreads.forRange(
        ids.length,
        (long) ids.length * w * d,
        (from, to) -> {
          for (int r = from; r < to; r++) {
            double[] x = new double[w * d];
            for (int k = 0; k < w; k++) {
              double[] row = E[ids[r][k]];
              if (row.length != d) {
                ragged.accumulateAndGet(r, Math::min);
                return;
              }
              System.arraycopy(row, 0, x, k * d, d);
            }
            X[r] = x;
          }
        });
    if (ragged.get() != Integer.MAX_VALUE) {
      checkIds("windows", E, ids[ragged.get()], d);
    }
    return X;
  }

  /**
   * dE[ids[r][k]] += G[r][k d .. k d + d), in order of r and k, so a repeated id gets the sum of
   * its gradients. A null gradient buffer means the caller needs no gradient for E.
   */
  @Derivative(of = "windows")
  public static void windowsAdjoint(double[][] E, int[][] ids, double[][] upstream, double[][] dE) {
    if (dE == null) {
      return;
    }
    // A large batch splits the rows of dE over the threads: the rows whose id modulo ROW_GROUPS
    // falls in a thread's range are its own, and each thread walks every window in order, adding
    // into its own rows only. Every row thus gets its sums in the order of r and k on any number
    // of threads (the same bits), and the frequent words, which come first in a batch's compact
    // table, are spread over the threads.
    long work = 0;
    for (double[] g : upstream) {
      work += g.length;
    }
    if (!OpThreads.splits(ROW_GROUPS, work) || !inRows(ids, dE.length)) {
      // On one thread; a bad id fails at its lookup, as it always has.
      addWindows(ids, upstream, dE, 0, ROW_GROUPS);
      return;
    }
    OpThreads.forRange(ROW_GROUPS, work, (from, to) -> addWindows(ids, upstream, dE, from, to));
  }

  /** Whether every id is a row of a table with {@code rows} rows (a split skips the others). */
  private static boolean inRows(int[][] ids, int rows) {
    for (int[] row : ids) {
      for (int id : row) {
        if (id < 0 || id >= rows) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@link #windowsAdjoint}'s sums into the rows of dE whose id modulo ROW_GROUPS is in [from, to). */
  private static void addWindows(int[][] ids, double[][] upstream, double[][] dE, int from, int to) {
    boolean all = from == 0 && to == ROW_GROUPS;
    for (int r = 0; r < ids.length; r++) {
      int[] row = ids[r];
      double[] g = upstream[r];
      int d = row.length == 0 ? 0 : g.length / row.length;
      for (int k = 0; k < row.length; k++) {
        int group = row[k] & (ROW_GROUPS - 1);
        if (all || (group >= from && group < to)) {
          Gemm.axpy(1.0, g, k * d, dE[row[k]], 0, d);
        }
      }
    }
  }

  /** The row length of E, taken from its first row (O(1): the rows read are checked one by one). */
  private static int width(double[][] E) {
    return E.length == 0 ? 0 : E[0].length;
  }

  /** Checks that every id is a row of E, without reading the rows. */
  private static void checkRange(String op, double[][] E, int[] ids) {
    for (int r = 0; r < ids.length; r++) {
      int id = ids[r];
      if (id < 0 || id >= E.length) {
        throw new IllegalArgumentException(
            op + ": ids[" + r + "] = " + id + " is not a row of E, which has " + E.length + " rows");
      }
    }
  }

  /**
   * Checks that every id is a row of E and that each row read has {@code d} columns. Only the rows
   * read are looked at, so a lookup costs the ids, never the vocabulary.
   */
  private static int checkIds(String op, double[][] E, int[] ids, int d) {
    checkRange(op, E, ids);
    for (int id : ids) {
      if (E[id].length != d) {
        throw new IllegalArgumentException(
            op + ": E is ragged: row " + id + " has " + E[id].length + " columns but row 0 has " + d);
      }
    }
    return d;
  }
}
