package io.github.chainrule.runtime.ops;

import static io.github.chainrule.runtime.ops.CentralDifferences.check;
import static io.github.chainrule.runtime.ops.CentralDifferences.matrix;
import static io.github.chainrule.runtime.ops.CentralDifferences.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinalgTest {

  static final long[] SEEDS = {1, 2, 3};

  static double[][] naive(double[][] A, double[][] B) {
    double[][] C = new double[A.length][B.length == 0 ? 0 : B[0].length];
    for (int i = 0; i < A.length; i++) {
      for (int j = 0; j < C[i].length; j++) {
        double s = 0;
        for (int p = 0; p < B.length; p++) {
          s += A[i][p] * B[p][j];
        }
        C[i][j] = s;
      }
    }
    return C;
  }

  static double[][] transpose(double[][] A) {
    double[][] T = new double[A.length == 0 ? 0 : A[0].length][A.length];
    for (int i = 0; i < A.length; i++) {
      for (int j = 0; j < A[i].length; j++) {
        T[j][i] = A[i][j];
      }
    }
    return T;
  }

  static void assertClose(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 1e-10 * (1 + expected[i].length), "row " + i);
    }
  }

  @Test
  void productsMatchTheTripleLoopAcrossBlockBoundaries() {
    Random random = new Random(7);
    // Sizes that cross the row block (8), the shared block (128), the column block (512) and the
    // unroll by 4, with remainders of each.
    // {0, 4, 3}: an A without rows (whose column count Java does not keep) times a 4x3 B is 0x3;
    // see aMatrixWithoutRowsTimesAnythingHasNoRows.
    int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {9, 7, 13}, {17, 131, 9}, {8, 256, 16}, {11, 300, 530}, {0, 4, 3}, {4, 0, 3}};
    for (int[] s : shapes) {
      double[][] A = matrix(random, s[0], s[1]);
      double[][] B = matrix(random, s[1], s[2]);
      double[][] expected = naive(A, B);
      assertClose(expected, Linalg.matmul(A, B));
      if (s[0] > 0 && s[1] > 0) {
        // (A transposed loses the column count of a matrix without rows.)
        assertClose(expected, Linalg.matmulTN(transpose(A), B));
        assertClose(expected, Linalg.matmulNT(A, transpose(B)));
      }
    }
  }

  /**
   * {@code new double[0][4]} and {@code new double[0][0]} are the same value (an empty array of
   * rows), so a matrix without rows carries no column count: it is accepted against any other
   * operand (an m x k matrix with m = 0 times a k x n one is 0 x n, for every k), and its gradient
   * pass adds nothing. Ragged or mismatched matrices with rows are still refused.
   */
  @Test
  void aMatrixWithoutRowsTimesAnythingHasNoRows() {
    double[][] B = matrix(new Random(9), 4, 3);
    assertEquals(0, Linalg.matmul(new double[0][4], B).length);
    assertEquals(0, Linalg.matmul(new double[0][0], B).length);
    assertEquals(0, Linalg.matmulNT(new double[0][3], B).length);
    assertEquals(0, Linalg.matvec(new double[0][2], new double[5]).length);
    double[][] dB = new double[4][3];
    Linalg.matmulAdjoint(new double[0][4], B, new double[0][3], new double[0][4], dB);
    assertClose(new double[4][3], dB);
    // With rows, the column count is known and must match.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(new double[1][0], B));
    assertEquals("matmul: A is 1x0 but B is 4x3", e.getMessage());
  }

  @Test
  void matrixVectorProductsAndAffine() {
    Random random = new Random(8);
    double[][] A = matrix(random, 5, 7);
    double[] x = vector(random, 7);
    double[] b = vector(random, 5);
    double[][] col = new double[7][1];
    for (int j = 0; j < 7; j++) {
      col[j][0] = x[j];
    }
    double[][] Ax = naive(A, col);
    double[] y = Linalg.matvec(A, x);
    double[] z = Linalg.affine(A, x, b);
    for (int i = 0; i < 5; i++) {
      assertEquals(Ax[i][0], y[i], 1e-12);
      assertEquals(Ax[i][0] + b[i], z[i], 1e-12);
    }
    double[] u = vector(random, 5);
    double[] t = Linalg.matvecT(A, u);
    for (int j = 0; j < 7; j++) {
      double s = 0;
      for (int i = 0; i < 5; i++) {
        s += A[i][j] * u[i];
      }
      assertEquals(s, t[j], 1e-12);
    }
    double[][] X = matrix(random, 3, 7);
    double[][] L = Linalg.linear(X, A, b);
    for (int r = 0; r < 3; r++) {
      assertArrayEquals(Linalg.affine(A, X[r], b), L[r], 1e-12);
    }
  }

  @Test
  void gradientsOfMatrixProducts() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] A = matrix(random, 6, 9);
      double[][] B = matrix(random, 9, 5);
      double[][] w = matrix(random, 6, 5);
      OpModels_Grad.Matmul g = OpModels_Grad.matmul(A, B, w);
      assertEquals(OpModels.matmul(A, B, w), g.value(), 1e-12);
      check("matmul dA", () -> OpModels.matmul(A, B, w), A, g.A());
      check("matmul dB", () -> OpModels.matmul(A, B, w), B, g.B());

      double[][] At = matrix(random, 9, 6);
      OpModels_Grad.MatmulTN tn = OpModels_Grad.matmulTN(At, B, w);
      check("matmulTN dA", () -> OpModels.matmulTN(At, B, w), At, tn.A());
      check("matmulTN dB", () -> OpModels.matmulTN(At, B, w), B, tn.B());

      double[][] Bt = matrix(random, 5, 9);
      OpModels_Grad.MatmulNT nt = OpModels_Grad.matmulNT(A, Bt, w);
      check("matmulNT dA", () -> OpModels.matmulNT(A, Bt, w), A, nt.A());
      check("matmulNT dB", () -> OpModels.matmulNT(A, Bt, w), Bt, nt.B());
    }
  }

  @Test
  void gradientsOfMatrixVectorProducts() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] A = matrix(random, 4, 7);
      double[] x = vector(random, 7);
      double[] u = vector(random, 4);
      double[] b = vector(random, 4);
      double[] w4 = vector(random, 4);
      double[] w7 = vector(random, 7);
      OpModels_Grad.Matvec mv = OpModels_Grad.matvec(A, x, w4);
      check("matvec dA", () -> OpModels.matvec(A, x, w4), A, mv.A());
      check("matvec dx", () -> OpModels.matvec(A, x, w4), x, mv.x());
      OpModels_Grad.MatvecT mt = OpModels_Grad.matvecT(A, u, w7);
      check("matvecT dA", () -> OpModels.matvecT(A, u, w7), A, mt.A());
      check("matvecT dx", () -> OpModels.matvecT(A, u, w7), u, mt.x());
      OpModels_Grad.Affine af = OpModels_Grad.affine(A, x, b, w4);
      check("affine dW", () -> OpModels.affine(A, x, b, w4), A, af.W());
      check("affine dx", () -> OpModels.affine(A, x, b, w4), x, af.x());
      check("affine db", () -> OpModels.affine(A, x, b, w4), b, af.b());
      double[][] X = matrix(random, 3, 7);
      double[][] w34 = matrix(random, 3, 4);
      OpModels_Grad.Linear li = OpModels_Grad.linear(X, A, b, w34);
      check("linear dX", () -> OpModels.linear(X, A, b, w34), X, li.X());
      check("linear dW", () -> OpModels.linear(X, A, b, w34), A, li.W());
      check("linear db", () -> OpModels.linear(X, A, b, w34), b, li.b());
    }
  }

  @Test
  void gradientsOfDotAndOuter() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] a = vector(random, 6);
      double[] b = vector(random, 6);
      double[] c = vector(random, 3);
      OpModels_Grad.Dot d = OpModels_Grad.dot(a, b);
      assertEquals(1.5 * naive(new double[][] {a}, transpose(new double[][] {b}))[0][0], d.value(), 1e-12);
      check("dot da", () -> OpModels.dot(a, b), a, d.a());
      check("dot db", () -> OpModels.dot(a, b), b, d.b());
      double[][] w = matrix(random, 6, 3);
      OpModels_Grad.Outer o = OpModels_Grad.outer(a, c, w);
      check("outer da", () -> OpModels.outer(a, c, w), a, o.a());
      check("outer db", () -> OpModels.outer(a, c, w), c, o.b());
    }
  }

  @Test
  void shapeMismatchesNameBothShapes() {
    double[][] A = new double[3][4];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(A, new double[5][2]));
    assertEquals("matmul: A is 3x4 but B is 5x2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.matmulTN(A, new double[4][2]));
    assertEquals("matmulTN: A is 3x4 but B is 4x2 (A^T B needs equal row counts)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.matmulNT(A, new double[2][3]));
    assertEquals("matmulNT: A is 3x4 but B is 2x3 (A B^T needs equal column counts)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.matvec(A, new double[3]));
    assertEquals("matvec: A is 3x4 but x has length 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.matvecT(A, new double[4]));
    assertEquals("matvecT: A is 3x4 but x has length 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.affine(A, new double[4], new double[4]));
    assertEquals("affine: W is 3x4 but b has length 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.linear(new double[2][5], A, new double[3]));
    assertEquals("linear: X is 2x5 but W is 3x4 (X W^T needs equal column counts)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.dot(new double[2], new double[3]));
    assertEquals("dot: a has length 2 but b has length 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(new double[][] {{1, 2}, {3}}, new double[2][2]));
    assertEquals("matmul: A is ragged: row 0 has 2 columns but row 1 has 1", e.getMessage());
    // Through a user's differentiable method, the op's own check fires.
    e = assertThrows(IllegalArgumentException.class, () -> OpModels_Grad.matmul(A, new double[5][2], new double[3][2]));
    assertEquals("matmul: A is 3x4 but B is 5x2", e.getMessage());
  }
}
