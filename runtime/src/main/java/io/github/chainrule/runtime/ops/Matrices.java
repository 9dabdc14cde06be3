package io.github.chainrule.runtime.ops;

import io.github.chainrule.Differentiable;

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
}
