package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;
import io.github.chainrule.runtime.parallel.OpThreads;

/**
 * Differentiable element-wise ops and reductions over row-major {@code double[][]}, and the
 * broadcast of a bias vector over the rows of a batch. Products are in {@link Linalg}.
 *
 * <p>These are plain {@code @Differentiable} Java, differentiated by chainrule when the runtime is
 * built. Each returns a new matrix. Matrices must be rectangular and shapes must match; a mismatch
 * throws {@link IllegalArgumentException} naming both shapes.
 */
public final class Matrices {

  private Matrices() {}

  /** {@code A + B}. */
  @Differentiable
  public static double[][] add(double[][] A, double[][] B) {
    int m = Shapes.sameShape(Shapes.MATRIX_ADD, A, B);
    int n = m == 0 ? 0 : A[0].length;
    double[][] Y = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        Y[i][j] = A[i][j] + B[i][j];
      }
    }
    return Y;
  }

  /** {@code A - B}. */
  @Differentiable
  public static double[][] subtract(double[][] A, double[][] B) {
    int m = Shapes.sameShape(Shapes.MATRIX_SUBTRACT, A, B);
    int n = m == 0 ? 0 : A[0].length;
    double[][] Y = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        Y[i][j] = A[i][j] - B[i][j];
      }
    }
    return Y;
  }

  /** {@code c A}; differentiable in both {@code A} and the scalar {@code c}. */
  @Differentiable
  public static double[][] scale(double[][] A, double c) {
    double[][] Y = new double[A.length][];
    for (int i = 0; i < A.length; i++) {
      double[] row = A[i];
      double[] y = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        y[j] = c * row[j];
      }
      Y[i] = y;
    }
    return Y;
  }

  /** The element-wise (Hadamard) product {@code A o B}. */
  @Differentiable
  public static double[][] hadamard(double[][] A, double[][] B) {
    int m = Shapes.sameShape(Shapes.MATRIX_HADAMARD, A, B);
    int n = m == 0 ? 0 : A[0].length;
    double[][] Y = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        Y[i][j] = A[i][j] * B[i][j];
      }
    }
    return Y;
  }

  /** The sum of all elements. */
  @Differentiable
  public static double sum(double[][] A) {
    double s = 0.0;
    for (int i = 0; i < A.length; i++) {
      double[] row = A[i];
      for (int j = 0; j < row.length; j++) {
        s += row[j];
      }
    }
    return s;
  }

  /** The mean of all elements (NaN for an empty matrix, as 0/0). */
  @Differentiable
  public static double mean(double[][] A) {
    double s = 0.0;
    int count = 0;
    for (int i = 0; i < A.length; i++) {
      double[] row = A[i];
      for (int j = 0; j < row.length; j++) {
        s += row[j];
      }
      count += row.length;
    }
    return s / count;
  }

  /** {@code A} with {@code b} added to every row (the bias of a batch): {@code Y[i][j] = A[i][j] + b[j]}. */
  @Differentiable
  public static double[][] addRowVector(double[][] A, double[] b) {
    int m = Shapes.rowsMatch(Shapes.ADD_ROW_VECTOR, A, b);
    double[][] Y = new double[m][b.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < b.length; j++) {
        Y[i][j] = A[i][j] + b[j];
      }
    }
    return Y;
  }

  /**
   * The columns of A, then those of B, row by row: {@code [A | B]} for A m x p and B m x q, a new
   * m x (p + q) matrix (what a model does to put several feature vectors side by side).
   */
  public static double[][] concatColumns(double[][] A, double[][] B) {
    int p = Shapes.cols("concatColumns", "A", A);
    int q = Shapes.cols("concatColumns", "B", B);
    if (A.length != B.length) {
      throw new IllegalArgumentException(
          "concatColumns: A is " + Shapes.of(A) + " but B is " + Shapes.of(B) + " (they need equal row counts)");
    }
    double[][] Y = new double[A.length][];
    // Rows are independent: a large batch's copies split over the threads.
    OpThreads.forRange(
        A.length,
        (long) A.length * (p + q),
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double[] y = new double[p + q];
            System.arraycopy(A[i], 0, y, 0, p);
            System.arraycopy(B[i], 0, y, p, q);
            Y[i] = y;
          }
        });
    return Y;
  }

  /**
   * For Y = [A | B] with upstream G: dA += the first p columns of G, dB += the others. A null
   * gradient buffer means the caller needs no gradient for that argument.
   */
  @Derivative(of = "concatColumns")
  public static void concatColumnsAdjoint(
      double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    OpThreads.forRange(
        upstream.length,
        upstream.length == 0 ? 0 : (long) upstream.length * upstream[0].length,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double[] g = upstream[i];
            int p = A[i].length;
            if (dA != null) {
              Gemm.axpy(1.0, g, 0, dA[i], 0, p);
            }
            if (dB != null) {
              Gemm.axpy(1.0, g, p, dB[i], 0, B[i].length);
            }
          }
        });
  }
}
