package io.github.chainrule.runtime.ops;

import static io.github.chainrule.runtime.ops.CentralDifferences.check;
import static io.github.chainrule.runtime.ops.CentralDifferences.matrix;
import static io.github.chainrule.runtime.ops.CentralDifferences.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingsAndDropoutTest {
  /** The tests that run ops on 1 to 3 threads leave the runtime's default behind. */
  @AfterEach
  void restoreThreads() {
    OpThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }


  static final long[] SEEDS = {31, 32, 33};

  @Test
  void gatherAndWindowCopyTheRows() {
    double[][] E = {{1, 2}, {3, 4}, {5, 6}};
    double[][] G = Embeddings.gather(E, new int[] {2, 0, 2});
    assertArrayEquals(new double[] {5, 6}, G[0]);
    assertArrayEquals(new double[] {1, 2}, G[1]);
    assertNotSame(E[2], G[0]);
    assertArrayEquals(new double[] {3, 4, 1, 2, 3, 4}, Embeddings.window(E, new int[] {1, 0, 1}));
  }

  @Test
  void gradientsOfGatherAndWindow() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] E = matrix(random, 6, 3);
      int[] ids = {4, 1, 4, 0, 5}; // a repeated id accumulates
      double[][] w = matrix(random, 5, 3);
      double[][] dE = OpModels_Grad.gather(E, ids, w).E();
      check("gather", () -> OpModels.gather(E, ids, w), E, dE);
      assertArrayEquals(new double[3], dE[2], "a row no id names gets no gradient");
      double[] w15 = vector(random, 15);
      check("window", () -> OpModels.window(E, ids, w15), E, OpModels_Grad.window(E, ids, w15).E());
    }
  }

  @Test
  void gradientsOfBatchedWindowsConcatenationAndTheLogisticLoss() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] E = matrix(random, 6, 3);
      int[][] ids = {{4, 1, 4}, {0, 5, 4}}; // 4 read three times
      double[][] w = matrix(random, 2, 9);
      double[][] dE = OpModels_Grad.windows(E, ids, w).E();
      check("windows", () -> OpModels.windows(E, ids, w), E, dE);
      assertArrayEquals(new double[3], dE[2], "a row no id names gets no gradient");
      assertArrayEquals(Embeddings.window(E, ids[1]), Embeddings.windows(E, ids)[1]);

      double[][] A = matrix(random, 3, 2);
      double[][] B = matrix(random, 3, 4);
      double[][] wc = matrix(random, 3, 6);
      OpModels_Grad.ConcatColumns g = OpModels_Grad.concatColumns(A, B, wc);
      check("concat A", () -> OpModels.concatColumns(A, B, wc), A, g.A());
      check("concat B", () -> OpModels.concatColumns(A, B, wc), B, g.B());

      double[] s = vector(random, 6);
      int[] labels = {0, 1, 1, 0, 1, 0};
      check("logistic", () -> OpModels.logistic(s, labels), s, OpModels_Grad.logistic(s, labels).s());
    }
    assertArrayEquals(new double[] {1, 2, 7, 3, 4, 8}, flat(Matrices.concatColumns(new double[][] {{1, 2}, {3, 4}}, new double[][] {{7}, {8}})));
    // -log sigmoid(s) and -log(1 - sigmoid(s)), finite at any score
    assertEquals(Math.log(2), Losses.logistic(0, 1), 1e-15);
    assertEquals(1000.0, Losses.logistic(-1000, 1), 1e-12);
    assertEquals(0.0, Losses.logistic(1000, 1), 1e-300);
    assertEquals(1000.0, Losses.logistic(1000, 0), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Losses.logistic(0, 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Embeddings.windows(new double[3][2], new int[][] {{0, 1}, {2}}));
    assertEquals("windows: ids[1] has 1 ids but ids[0] has 2", e.getMessage());
  }

  private static double[] flat(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @Test
  void badIdsAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Embeddings.gather(new double[3][2], new int[] {0, 3}));
    assertEquals("gather: ids[1] = 3 is not a row of E, which has 3 rows", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Embeddings.window(new double[3][2], new int[] {-1}));
    assertEquals("window: ids[0] = -1 is not a row of E, which has 3 rows", e.getMessage());
  }

  @Test
  void aLargeBatchOfWindowsIsCopiedOnEveryThreadAndReportsTheFirstBadWindow() {
    Random random = new Random(3);
    double[][] E = matrix(random, 1000, 50);
    int[][] ids = new int[2000][5];
    for (int[] window : ids) {
      for (int k = 0; k < 5; k++) {
        window[k] = random.nextInt(1000);
      }
    }
    for (int threads : new int[] {1, 2, 3}) {
      OpThreads.set(threads);
      double[][] X = Embeddings.windows(E, ids);
      for (int r = 0; r < ids.length; r++) {
        for (int k = 0; k < 5; k++) {
          assertArrayEquals(E[ids[r][k]], java.util.Arrays.copyOfRange(X[r], 50 * k, 50 * k + 50));
        }
      }
      // Two ragged rows: the one read by the earlier window is reported, whichever thread finds it.
      double[][] ragged = E.clone();
      ragged[7] = new double[3];
      ragged[9] = new double[4];
      int[][] bad = new int[ids.length][];
      for (int r = 0; r < ids.length; r++) {
        bad[r] = ids[r].clone();
        for (int k = 0; k < 5; k++) {
          if (bad[r][k] == 7 || bad[r][k] == 9) {
            bad[r][k] = 0;
          }
        }
      }
      bad[1500][2] = 7;
      bad[600][4] = 9;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embeddings.windows(ragged, bad));
      assertEquals("windows: E is ragged: row 9 has 4 columns but row 0 has 50", e.getMessage());
    }
  }

  @Test
  void aLargeBatchScattersItsGradientOnEveryThreadToTheSameBits() {
    Random random = new Random(5);
    double[][] E = matrix(random, 700, 50);
    int[][] ids = new int[2000][5];
    for (int[] window : ids) {
      for (int k = 0; k < 5; k++) {
        // Frequent low ids, as a batch's compact table has them: many windows share a row.
        window[k] = random.nextBoolean() ? random.nextInt(8) : random.nextInt(700);
      }
    }
    double[][] upstream = matrix(random, 2000, 250);
    // The sums in order of r and k, on this thread.
    double[][] expected = new double[700][50];
    for (int r = 0; r < ids.length; r++) {
      for (int k = 0; k < 5; k++) {
        for (int j = 0; j < 50; j++) {
          expected[ids[r][k]][j] += upstream[r][50 * k + j];
        }
      }
    }
    for (int threads : new int[] {1, 2, 3}) {
      OpThreads.set(threads);
      double[][] dE = new double[700][50];
      Embeddings.windowsAdjoint(E, ids, upstream, dE);
      for (int row = 0; row < 700; row++) {
        for (int j = 0; j < 50; j++) {
          assertEquals(Double.doubleToLongBits(expected[row][j]), Double.doubleToLongBits(dE[row][j]), "row " + row);
        }
      }
      // An id that is not a row of dE fails as the lookup does on one thread.
      int[][] bad = ids.clone();
      bad[1999] = new int[] {0, 1, 2, 3, 700};
      assertThrows(ArrayIndexOutOfBoundsException.class, () -> Embeddings.windowsAdjoint(E, bad, upstream, new double[700][50]));
    }
  }

  @Test
  void aLargeBatchsRowOpsAreTheSameOnEveryThread() {
    Random random = new Random(8);
    double[][] a = matrix(random, 300, 250);
    double[][] b = matrix(random, 300, 40);
    double[][] g = matrix(random, 300, 290);
    double[][] mask = Dropout.maskMatrix(300, 290, 0.3, 9);
    for (int threads : new int[] {1, 2, 3}) {
      OpThreads.set(threads);
      double[][] y = Matrices.concatColumns(a, b);
      double[][] dropped = Dropout.applyMatrix(y, mask);
      double[][] dy = matrix(new Random(10), 300, 290);
      double[][] da = matrix(new Random(11), 300, 250);
      double[][] db = matrix(new Random(12), 300, 40);
      Dropout.applyMatrixAdjoint(y, mask, g, dy);
      Matrices.concatColumnsAdjoint(a, b, g, da, db);
      double[][] dy0 = matrix(new Random(10), 300, 290);
      double[][] da0 = matrix(new Random(11), 300, 250);
      double[][] db0 = matrix(new Random(12), 300, 40);
      for (int i = 0; i < 300; i++) {
        for (int j = 0; j < 290; j++) {
          double expected = j < 250 ? a[i][j] : b[i][j - 250];
          assertEquals(expected, y[i][j]);
          assertEquals(expected * mask[i][j], dropped[i][j]);
          assertEquals(dy0[i][j] + g[i][j] * mask[i][j], dy[i][j]);
          if (j < 250) {
            assertEquals(da0[i][j] + g[i][j], da[i][j]);
          } else {
            assertEquals(db0[i][j - 250] + g[i][j], db[i][j - 250]);
          }
        }
      }
    }
  }

  @Test
  void masksAreSeededAndScaled() {
    double[] m = Dropout.mask(10_000, 0.25, 42);
    assertArrayEquals(m, Dropout.mask(10_000, 0.25, 42));
    int kept = 0;
    for (double v : m) {
      assertTrue(v == 0.0 || v == 1.0 / 0.75, "mask value " + v);
      kept += v == 0.0 ? 0 : 1;
    }
    assertEquals(7500, kept, 150);
    boolean[] keep = Dropout.keepMask(10_000, 0.25, 42);
    for (int i = 0; i < m.length; i++) {
      assertEquals(keep[i], m[i] != 0.0);
    }
    double[][] mm = Dropout.maskMatrix(4, 3, 0.5, 7);
    double[] flat = Dropout.mask(12, 0.5, 7);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(java.util.Arrays.copyOfRange(flat, 3 * i, 3 * i + 3), mm[i]);
    }
    assertArrayEquals(new double[] {1, 1, 1}, Dropout.mask(3, 0.0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.mask(3, 1.0, 1));
    assertEquals("dropout: p must be in [0, 1) but is 1.0", e.getMessage());
  }

  @Test
  void aLargeMaskMatrixIsTheSplittableRandomMaskOnEveryThread() {
    for (long seed : new long[] {0, 7, -1, Long.MIN_VALUE, 0x9e3779b97f4a7c15L}) {
      double[] flat = Dropout.mask(300 * 290, 0.3, seed);
      for (int threads : new int[] {1, 2, 3}) {
        OpThreads.set(threads);
        double[][] mm = Dropout.maskMatrix(300, 290, 0.3, seed);
        for (int i = 0; i < 300; i++) {
          assertArrayEquals(java.util.Arrays.copyOfRange(flat, 290 * i, 290 * i + 290), mm[i], "row " + i);
        }
      }
    }
    for (double p : new double[] {0.0, 1e-300, 0x1.0p-53, 0.5, Math.nextDown(1.0)}) {
      double[] flat = Dropout.mask(50 * 29, p, 7);
      double[][] mm = Dropout.maskMatrix(50, 29, p, 7);
      for (int i = 0; i < 50; i++) {
        assertArrayEquals(java.util.Arrays.copyOfRange(flat, 29 * i, 29 * i + 29), mm[i], "p = " + p + ", row " + i);
      }
    }
    assertEquals(0, Dropout.maskMatrix(0, 5, 0.5, 1).length);
    assertEquals(0, Dropout.maskMatrix(3, 0, 0.5, 1)[2].length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.maskMatrix(2, 2, -0.1, 1));
    assertEquals("dropout: p must be in [0, 1) but is -0.1", e.getMessage());
    assertThrows(ArithmeticException.class, () -> Dropout.maskMatrix(1 << 16, 1 << 16, 0.5, 1));
  }

  @Test
  void gradientsOfDropout() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] x = vector(random, 8);
      double[] w = vector(random, 8);
      double[] mask = Dropout.mask(8, 0.5, seed);
      double[] dx = OpModels_Grad.dropout(x, mask, w).x();
      check("dropout", () -> OpModels.dropout(x, mask, w), x, dx);
      for (int i = 0; i < 8; i++) {
        assertEquals(w[i] * mask[i], dx[i], 1e-15);
      }
      boolean[] keep = Dropout.keepMask(8, 0.5, seed);
      assertArrayEquals(Dropout.apply(x, mask), Dropout.applyKept(x, keep, 0.5), 1e-15);
      check("applyKept", () -> OpModels.dropoutKept(x, keep, 0.5, w), x, OpModels_Grad.dropoutKept(x, keep, 0.5, w).x());
      double[][] X = matrix(random, 3, 4);
      double[][] M = Dropout.maskMatrix(3, 4, 0.3, seed);
      double[][] w2 = matrix(random, 3, 4);
      check("applyMatrix", () -> OpModels.dropoutMatrix(X, M, w2), X, OpModels_Grad.dropoutMatrix(X, M, w2).X());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dropout.apply(new double[3], new double[2]));
    assertEquals("dropout: a has length 3 but b has length 2", e.getMessage());
  }

  /** The ops composed as in the NER example and a batched network: every parameter's gradient. */
  @Test
  void gradientsOfComposedNetworks() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] E = matrix(random, 7, 2);
      double[][] W = matrix(random, 4, 10);
      double[] b = vector(random, 4);
      double[][] U = matrix(random, 3, 4);
      double[] c = vector(random, 3);
      int[] ids = {1, 5, 6, 1, 0};
      double[] mask = Dropout.mask(4, 0.25, seed);
      int label = 2;
      OpModels_Grad.WindowClassifier g = OpModels_Grad.windowClassifier(E, W, b, U, c, ids, mask, label);
      assertEquals(OpModels.windowClassifier(E, W, b, U, c, ids, mask, label), g.value(), 1e-12);
      check("dE", () -> OpModels.windowClassifier(E, W, b, U, c, ids, mask, label), E, g.E());
      check("dW", () -> OpModels.windowClassifier(E, W, b, U, c, ids, mask, label), W, g.W());
      check("db", () -> OpModels.windowClassifier(E, W, b, U, c, ids, mask, label), b, g.b());
      check("dU", () -> OpModels.windowClassifier(E, W, b, U, c, ids, mask, label), U, g.U());
      check("dc", () -> OpModels.windowClassifier(E, W, b, U, c, ids, mask, label), c, g.c());

      double[][] X = matrix(random, 6, 5);
      double[][] W1 = matrix(random, 4, 5);
      double[] b1 = vector(random, 4);
      double[][] W2 = matrix(random, 3, 4);
      double[] b2 = vector(random, 3);
      int[] labels = {0, 2, 1, 1, 0, 2};
      OpModels_Grad.BatchedNetwork n = OpModels_Grad.batchedNetwork(X, W1, b1, W2, b2, labels);
      check("dX", () -> OpModels.batchedNetwork(X, W1, b1, W2, b2, labels), X, n.X());
      check("dW1", () -> OpModels.batchedNetwork(X, W1, b1, W2, b2, labels), W1, n.W1());
      check("db1", () -> OpModels.batchedNetwork(X, W1, b1, W2, b2, labels), b1, n.b1());
      check("dW2", () -> OpModels.batchedNetwork(X, W1, b1, W2, b2, labels), W2, n.W2());
      check("db2", () -> OpModels.batchedNetwork(X, W1, b1, W2, b2, labels), b2, n.b2());
    }
  }
}
