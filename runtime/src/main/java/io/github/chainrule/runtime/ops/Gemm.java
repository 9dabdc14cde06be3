package io.github.chainrule.runtime.ops;

import io.github.chainrule.runtime.parallel.OpThreads;

/**
 * The matrix-product kernels behind {@link Linalg}: {@code C += A B}, {@code C += A^T B} and {@code
 * C += A B^T} over row-major {@code double[][]}.
 *
 * <p>Plain Java written so that HotSpot's C2 compiler vectorizes the innermost loop. The inner loop
 * runs over contiguous elements of one row of {@code C} and four rows of {@code B} at once:
 * {@code c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j]}, so that each element of
 * {@code C} is loaded and stored once per four multiply-adds (a loop with one multiply-add per store
 * is bound by the stores). The loops are blocked so that the working set stays in cache: {@link #IB}
 * rows of {@code C} by {@link #JB} columns stay in L1 while {@link #KB} rows of {@code B} stream
 * from L2. The transposed right operand of {@link #nt} is first copied into a per-thread buffer
 * laid out row-major, so that the same contiguous inner loop applies; the copy costs {@code k n}
 * against the product's {@code m k n}, and the threads split it too.
 *
 * <p>Measured on the 2048 x 250 by 250 x 200 product (see the {@code benchmarks} module), this
 * ordering beat one multiply-add per inner iteration over four rows of {@code C}, and multi-row,
 * multi-column register tiles, which C2 does not vectorize as well (eight rows of {@code B} by two
 * of {@code C}, or four by three, ran three times slower: C2 left them scalar).
 *
 * <p>Each loop nest calls its kernel from one place. C2 compiles a method for the calls it has
 * profiled, and a second hot call site (a one-row kernel for an odd last row, hot when a product
 * has 5 rows of {@code C}, as the gradient of a 5-tag output layer does) gave a larger compiled
 * loop nest in which the wide products of the same training step ran up to three times slower
 * than alone. An odd last row therefore pairs with a spare row that nothing reads. {@code
 * GemmBitsTest} pins the chain of operations of every element on every path, so such tuning never
 * changes a result.
 *
 * <p>Each product splits the rows of {@code C} between the {@link OpThreads}. Every element of
 * {@code C} is computed by the same chain of fused multiply-adds, in the same order of {@code k},
 * whichever rows share its block, so the split never changes a bit of the result.
 *
 * <p>Shapes are the caller's business (checked in {@link Linalg}); the kernels only add into
 * {@code C}. The summation order differs from the textbook triple loop, so results may differ from
 * it in the last bits.
 */
final class Gemm {

  /** Rows of C per block: IB rows of JB doubles (32 KiB) stay in L1. */
  static final int IB = 8;

  /** Columns of C per block. */
  static final int JB = 512;

  /** Rows of B per block: KB rows of JB doubles stay in L2. */
  static final int KB = 128;

  /** Below this many rows of A, {@link #nt} takes dot products instead of transposing B. */
  static final int DOT_ROWS = 8;

  /**
   * A row that {@link #rank4x2} writes in place of the second row of C when a block has an odd
   * number of rows, one per thread; its values are never read. Pairing the odd row with it keeps
   * one kernel call site per loop nest (see the class comment).
   */
  private static final ThreadLocal<double[]> SPARE = ThreadLocal.withInitial(() -> new double[0]);

  /** B^T (or A^T) for {@link #nt}, reused by the next call of the same thread with a shape that fits. */
  private static final ThreadLocal<double[][]> TRANSPOSED = ThreadLocal.withInitial(() -> new double[0][]);

  /** C^T for {@link #nt} with a small batch, reused like {@link #TRANSPOSED}. */
  private static final ThreadLocal<double[][]> TRANSPOSED_C = ThreadLocal.withInitial(() -> new double[0][]);

  private Gemm() {}

  /** {@code C += A B} for A m x k, B k x n, C m x n; rows of C split over {@link OpThreads}. */
  static void nn(double[][] a, double[][] b, double[][] c, int m, int k, int n) {
    OpThreads.forRange(m, (long) m * k * n, (from, to) -> nnRows(a, b, c, from, to, k, n));
  }

  /** {@code C += A B} for the rows {@code [from, to)} of C. */
  private static void nnRows(double[][] a, double[][] b, double[][] c, int from, int to, int k, int n) {
    double[] spare = spare(n);
    for (int j0 = 0; j0 < n; j0 += JB) {
      int jn = Math.min(JB, n - j0);
      for (int i0 = from; i0 < to; i0 += IB) {
        int i1 = Math.min(to, i0 + IB);
        for (int p0 = 0; p0 < k; p0 += KB) {
          int p1 = Math.min(k, p0 + KB);
          int p = p0;
          for (; p + 4 <= p1; p += 4) {
            double[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
            for (int i = i0; i < i1; i += 2) {
              // Two rows of C at a time; an odd last row pairs with the spare row.
              boolean pair = i + 1 < i1;
              double[] ai = a[i];
              double[] aj = pair ? a[i + 1] : ai;
              rank4x2(ai[p], ai[p + 1], ai[p + 2], ai[p + 3], aj[p], aj[p + 1], aj[p + 2], aj[p + 3],
                  b0, b1, b2, b3, c[i], pair ? c[i + 1] : spare, j0, jn);
            }
          }
          for (; p < p1; p++) {
            double[] bp = b[p];
            for (int i = i0; i < i1; i++) {
              axpy(a[i][p], bp, j0, c[i], j0, jn);
            }
          }
        }
      }
    }
  }

  /** {@code C += A^T B} for A k x m, B k x n, C m x n; rows of C split over {@link OpThreads}. */
  static void tn(double[][] a, double[][] b, double[][] c, int m, int k, int n) {
    OpThreads.forRange(m, (long) m * k * n, (from, to) -> tnRows(a, b, c, from, to, k, n));
  }

  /** {@code C += A^T B} for the rows {@code [from, to)} of C. */
  private static void tnRows(double[][] a, double[][] b, double[][] c, int from, int to, int k, int n) {
    double[] spare = spare(n);
    // Here B is the tall operand (k is a batch): a block of KB rows of B stays in L2 while every
    // row of C passes over it, so B streams from memory once. Each element of C still adds its
    // products in the order of p.
    for (int j0 = 0; j0 < n; j0 += JB) {
      int jn = Math.min(JB, n - j0);
      for (int p0 = 0; p0 < k; p0 += KB) {
        int p1 = Math.min(k, p0 + KB);
        for (int i0 = from; i0 < to; i0 += IB) {
          int i1 = Math.min(to, i0 + IB);
          int p = p0;
          for (; p + 4 <= p1; p += 4) {
            double[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
            double[] a0 = a[p], a1 = a[p + 1], a2 = a[p + 2], a3 = a[p + 3];
            for (int i = i0; i < i1; i += 2) {
              // Two rows of C at a time; an odd last row pairs with the spare row.
              boolean pair = i + 1 < i1;
              int i2 = pair ? i + 1 : i;
              rank4x2(a0[i], a1[i], a2[i], a3[i], a0[i2], a1[i2], a2[i2], a3[i2],
                  b0, b1, b2, b3, c[i], pair ? c[i + 1] : spare, j0, jn);
            }
          }
          for (; p < p1; p++) {
            double[] ap = a[p];
            double[] bp = b[p];
            for (int i = i0; i < i1; i++) {
              axpy(ap[i], bp, j0, c[i], j0, jn);
            }
          }
        }
      }
    }
  }

  /** {@code C += A B^T} for A m x k, B n x k, C m x n. */
  static void nt(double[][] a, double[][] b, double[][] c, int m, int k, int n) {
    nt(a, b, c, m, k, n, null);
  }

  /**
   * {@code C += A B^T}, where rows of C that are null are first made by the thread that computes
   * them: copies of {@code init} (a bias, length n), or zeros when it is null.
   */
  static void nt(double[][] a, double[][] b, double[][] c, int m, int k, int n, double[] init) {
    if (m == 0) {
      return;
    }
    if (n == 0 || k == 0) {
      makeRows(c, 0, m, n, init);
      return;
    }
    if (m < DOT_ROWS) {
      // A few rows of A: a dot product per element reads B once per row, cheaper than copying
      // B^T first (one window of a batch of 1 is W x).
      OpThreads.forRange(
          m,
          (long) m * k * n,
          (from, to) -> {
            makeRows(c, from, to, n, init);
            dotRows(a, b, c, from, to, k, n);
          });
      return;
    }
    if ((long) m * (k + n) < (long) k * n) {
      ntTransposingA(a, b, c, m, k, n, init);
      return;
    }
    double[][] bt = buffer(TRANSPOSED, k, n);
    // Transpose in 8 x 8 tiles so that both sides of the copy stay in cache; the threads split the
    // rows of B^T, eight at a time.
    OpThreads.forRange((k + 7) / 8, (long) k * n, (from, to) -> transpose(b, bt, 8 * from, Math.min(k, 8 * to), n));
    OpThreads.forRange(
        m,
        (long) m * k * n,
        (from, to) -> {
          makeRows(c, from, to, n, init);
          nnRows(a, bt, c, from, to, k, n);
        });
  }

  /**
   * {@link #nt} for a batch that is small beside B (such as 32 windows beside a 200 x 250 layer):
   * copies A and C transposed ({@code m (k + n)} elements) instead of B ({@code k n}), adds {@code
   * B A^T} into {@code C^T}, and copies C back. Each element gets the same chain of operations as on
   * the other path (a fused multiply-add does not depend on the order of its two factors), so the
   * choice never changes a bit.
   */
  private static void ntTransposingA(double[][] a, double[][] b, double[][] c, int m, int k, int n, double[] init) {
    double[][] at = buffer(TRANSPOSED, k, m);
    double[][] ct = buffer(TRANSPOSED_C, n, m);
    OpThreads.forRange((k + 7) / 8, (long) k * m, (from, to) -> transpose(a, at, 8 * from, Math.min(k, 8 * to), m));
    OpThreads.forRange(
        n,
        (long) n * m,
        (from, to) -> {
          for (int j = from; j < to; j++) {
            double[] ctj = ct[j];
            double start = init == null ? 0.0 : init[j];
            for (int i = 0; i < m; i++) {
              ctj[i] = c[i] == null ? start : c[i][j];
            }
          }
        });
    OpThreads.forRange(n, (long) m * k * n, (from, to) -> nnRows(b, at, ct, from, to, k, m));
    OpThreads.forRange(
        m,
        (long) m * n,
        (from, to) -> {
          makeRows(c, from, to, n, null);
          for (int i = from; i < to; i++) {
            double[] ci = c[i];
            for (int j = 0; j < n; j++) {
              ci[j] = ct[j][i];
            }
          }
        });
  }

  /** A thread's buffer of at least rows x cols, kept for its next call. */
  private static double[][] buffer(ThreadLocal<double[][]> local, int rows, int cols) {
    double[][] buffer = local.get();
    if (buffer.length < rows || buffer[0].length < cols) {
      buffer = new double[Math.max(rows, buffer.length)][Math.max(cols, buffer.length == 0 ? 0 : buffer[0].length)];
      local.set(buffer);
    }
    return buffer;
  }

  /** {@code bt[p][j] = b[j][p]} for p in {@code [from, to)} and every j below n, in 8 x 8 tiles. */
  private static void transpose(double[][] b, double[][] bt, int from, int to, int n) {
    for (int j0 = 0; j0 < n; j0 += 8) {
      int j1 = Math.min(n, j0 + 8);
      for (int p0 = from; p0 < to; p0 += 8) {
        int p1 = Math.min(to, p0 + 8);
        for (int j = j0; j < j1; j++) {
          double[] bj = b[j];
          for (int p = p0; p < p1; p++) {
            bt[p][j] = bj[p];
          }
        }
      }
    }
  }

  /**
   * {@code c[i][j] += dot(a[i], b[j])} for the rows i in {@code [from, to)} and every j below n,
   * four rows of B at a time: sixteen independent sums keep both multiply-add units busy (one dot
   * product's four sums leave them waiting on each addition), and each element of {@code a[i]} is
   * loaded once for four. Each element is the sum {@link #dot} computes, in the same order, so the
   * grouping never changes a bit.
   */
  private static void dotRows(double[][] a, double[][] b, double[][] c, int from, int to, int k, int n) {
    for (int i = from; i < to; i++) {
      double[] x = a[i];
      double[] ci = c[i];
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        double[] b0 = b[j], b1 = b[j + 1], b2 = b[j + 2], b3 = b[j + 3];
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        double t0 = 0.0, t1 = 0.0, t2 = 0.0, t3 = 0.0;
        double u0 = 0.0, u1 = 0.0, u2 = 0.0, u3 = 0.0;
        double v0 = 0.0, v1 = 0.0, v2 = 0.0, v3 = 0.0;
        int p = 0;
        for (; p + 4 <= k; p += 4) {
          double x0 = x[p], x1 = x[p + 1], x2 = x[p + 2], x3 = x[p + 3];
          s0 += x0 * b0[p];
          s1 += x1 * b0[p + 1];
          s2 += x2 * b0[p + 2];
          s3 += x3 * b0[p + 3];
          t0 += x0 * b1[p];
          t1 += x1 * b1[p + 1];
          t2 += x2 * b1[p + 2];
          t3 += x3 * b1[p + 3];
          u0 += x0 * b2[p];
          u1 += x1 * b2[p + 1];
          u2 += x2 * b2[p + 2];
          u3 += x3 * b2[p + 3];
          v0 += x0 * b3[p];
          v1 += x1 * b3[p + 1];
          v2 += x2 * b3[p + 2];
          v3 += x3 * b3[p + 3];
        }
        for (; p < k; p++) {
          double xp = x[p];
          s0 += xp * b0[p];
          t0 += xp * b1[p];
          u0 += xp * b2[p];
          v0 += xp * b3[p];
        }
        ci[j] += (s0 + s1) + (s2 + s3);
        ci[j + 1] += (t0 + t1) + (t2 + t3);
        ci[j + 2] += (u0 + u1) + (u2 + u3);
        ci[j + 3] += (v0 + v1) + (v2 + v3);
      }
      for (; j < n; j++) {
        ci[j] += dot(x, b[j], k);
      }
    }
  }

  /** This thread's spare row, at least n long. */
  private static double[] spare(int n) {
    double[] spare = SPARE.get();
    if (spare.length < n) {
      spare = new double[n];
      SPARE.set(spare);
    }
    return spare;
  }

  private static void makeRows(double[][] c, int from, int to, int n, double[] init) {
    for (int i = from; i < to; i++) {
      if (c[i] == null) {
        c[i] = init == null ? new double[n] : init.clone();
      }
    }
  }

  /**
   * {@code c[co + j] += x0 * b0[co + j] + x1 * b1[co + j] + x2 * b2[co + j] + x3 * b3[co + j]} for
   * j in [0, len).
   */
  /** Two rows of C at once from the same four rows of B: each element of B is loaded once for both. */
  private static void rank4x2(
      double x0, double x1, double x2, double x3, double y0, double y1, double y2, double y3,
      double[] b0, double[] b1, double[] b2, double[] b3, double[] c, double[] d, int co, int len) {
    for (int j = co; j < co + len; j++) {
      double v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
      c[j] = Math.fma(x3, v3, Math.fma(x2, v2, Math.fma(x1, v1, Math.fma(x0, v0, c[j]))));
      d[j] = Math.fma(y3, v3, Math.fma(y2, v2, Math.fma(y1, v1, Math.fma(y0, v0, d[j]))));
    }
  }

  /** {@code c[co + j] += x * b[bo + j]} for j in [0, len). */
  static void axpy(double x, double[] b, int bo, double[] c, int co, int len) {
    for (int j = 0; j < len; j++) {
      c[co + j] += x * b[bo + j];
    }
  }

  /** The dot product of a and b over [0, len), with four independent partial sums. */
  static double dot(double[] a, double[] b, int len) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int j = 0;
    for (; j + 4 <= len; j += 4) {
      s0 += a[j] * b[j];
      s1 += a[j + 1] * b[j + 1];
      s2 += a[j + 2] * b[j + 2];
      s3 += a[j + 3] * b[j + 3];
    }
    for (; j < len; j++) {
      s0 += a[j] * b[j];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
