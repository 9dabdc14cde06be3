package io.github.chainrule.runtime.ops;

import static com.google.common.truth.Truth.assertWithMessage;

import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every element of a product is the chain of operations {@link Gemm} documents, exactly, whatever
 * the kernel path (a few rows by dot products, B transposed first, A^T B over a tall k), the
 * shape (odd row counts that pair with the spare row, rows narrower than a vector, k across
 * blocks and with a tail) and the thread count. The kernels are tuned for HotSpot's compiler;
 * this test pins what they compute, so that no tuning changes a bit.
 */
class GemmBitsTest {

  @AfterEach
  void restore() {
    OpThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * One element of {@code nn}, {@code tn} and the transposed path of {@code nt}: from {@code
   * init}, a fused multiply-add chain over each group of four p's, blocks of {@link Gemm#KB} p's,
   * then the tail of the last block as rounded products added one by one.
   */
  static double chain(double init, double[] x, double[] v, int k) {
    double c = init;
    for (int p0 = 0; p0 < k; p0 += Gemm.KB) {
      int p1 = Math.min(k, p0 + Gemm.KB);
      int p = p0;
      for (; p + 4 <= p1; p += 4) {
        c = Math.fma(x[p + 3], v[p + 3], Math.fma(x[p + 2], v[p + 2], Math.fma(x[p + 1], v[p + 1], Math.fma(x[p], v[p], c))));
      }
      for (; p < p1; p++) {
        c += x[p] * v[p];
      }
    }
    return c;
  }

  /** One element of {@code nt} with fewer than {@link Gemm#DOT_ROWS} rows: init plus {@link Gemm#dot}. */
  static double dot(double init, double[] x, double[] v, int k) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      s0 += x[p] * v[p];
      s1 += x[p + 1] * v[p + 1];
      s2 += x[p + 2] * v[p + 2];
      s3 += x[p + 3] * v[p + 3];
    }
    for (; p < k; p++) {
      s0 += x[p] * v[p];
    }
    return init + ((s0 + s1) + (s2 + s3));
  }

  static double[][] matrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        // Mixed magnitudes, so that a different order of operations shows in the last bits.
        row[j] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
      }
    }
    return m;
  }

  static double[] column(double[][] m, int j) {
    double[] c = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i][j];
    }
    return c;
  }

  /**
   * Shapes {m, k, n}: odd and even m, narrow and wide n, k with and without a tail and past KB;
   * {@code nt} copies A and C transposed when {@code m (k + n) < k n} (33, 32 and 101 rows here).
   */
  static final int[][] SHAPES = {
    {1, 250, 200}, {3, 7, 5}, {7, 129, 33}, {5, 2048, 200}, {9, 250, 5}, {33, 131, 250}, {200, 32, 250}, {64, 5, 200},
    {257, 250, 31}, {32, 250, 200}, {101, 250, 200}
  };

  @Test
  void everyElementIsTheDocumentedChainForEveryPathShapeAndThreadCount() {
    Random random = new Random(11);
    for (int[] shape : SHAPES) {
      int m = shape[0], k = shape[1], n = shape[2];
      double[][] a = matrix(random, m, k);
      double[][] b = matrix(random, k, n);
      double[][] bt = LinalgTest.transpose(b);
      double[][] at = LinalgTest.transpose(a);
      double[] bias = matrix(random, 1, n)[0];
      for (int threads : new int[] {1, 2, 3}) {
        OpThreads.set(threads);
        double[][] nn = new double[m][n];
        Gemm.nn(a, b, nn, m, k, n);
        double[][] tn = new double[m][n];
        Gemm.tn(at, b, tn, m, k, n);
        double[][] nt = new double[m][];
        Gemm.nt(a, bt, nt, m, k, n, bias);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double[] v = column(b, j);
            String where = "A " + m + "x" + k + ", B " + k + "x" + n + ", " + threads + " threads, C[" + i + "][" + j + "]";
            double expected = chain(0.0, a[i], v, k);
            assertWithMessage("nn, %s", where).that(nn[i][j]).isEqualTo(expected);
            assertWithMessage("tn, %s", where).that(tn[i][j]).isEqualTo(expected);
            double expectedNt = m < Gemm.DOT_ROWS ? dot(bias[j], a[i], v, k) : chain(bias[j], a[i], v, k);
            assertWithMessage("nt, %s", where).that(nt[i][j]).isEqualTo(expectedNt);
          }
        }
      }
    }
  }

  @Test
  void productsAddIntoWhatTheOutputHolds() {
    Random random = new Random(12);
    int m = 5, k = 9, n = 40;
    double[][] a = matrix(random, m, k);
    double[][] b = matrix(random, k, n);
    double[][] c = matrix(random, m, n);
    double[][] start = new double[m][];
    for (int i = 0; i < m; i++) {
      start[i] = c[i].clone();
    }
    Gemm.nn(a, b, c, m, k, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        assertWithMessage("C[%s][%s]", i, j).that(c[i][j]).isEqualTo(chain(start[i][j], a[i], column(b, j), k));
      }
    }
  }
}
