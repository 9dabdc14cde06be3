package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;

/**
 * Differentiable linear algebra over row-major {@code double[][]} and {@code double[]}: matrix
 * products (with either side transposed), matrix-vector products, the affine map {@code W x + b}
 * and its batched form, dot and outer products.
 *
 * <p>Every op may be called from a user's {@code @Differentiable} method (assign the result to a
 * local: {@code double[] h = Linalg.affine(p.W(), x, p.b());}); each carries a hand-written
 * {@code @Derivative}, which is the textbook adjoint computed with the same fast kernels as the
 * forward product. For {@code C = A B} with upstream gradient {@code G = dL/dC}: {@code dL/dA = G
 * B^T} and {@code dL/dB = A^T G}.
 *
 * <p>Each adjoint is public, so that a {@code @Differentiable} method in any package calls it
 * directly from its backward sweep (no second forward product, no holder). A null gradient buffer
 * means the caller needs no gradient for that argument: the adjoint then skips that product
 * entirely, so that {@code matmul(X, W)} with a constant data matrix {@code X} costs one product
 * backwards ({@code dW = X^T G}), not two.
 *
 * <p>Matrices must be rectangular. A shape mismatch throws {@link IllegalArgumentException} naming
 * both shapes, e.g. {@code "matmul: A is 3x4 but B is 5x2"}. A {@code double[][]} with no rows
 * carries no column count ({@code new double[0][4]} and {@code new double[0][0]} are the same
 * value), so a matrix without rows is accepted against any other operand of the product: {@code
 * matmul(new double[0][k], B)} is a 0 x n matrix for any k x n matrix {@code B}.
 */
public final class Linalg {

  /** Batches of at most this many rows take {@link #linearAdjoint}'s fused row-by-row path. */
  static final int FUSED_ROWS = 2;

  private Linalg() {}

  // ---------------------------------------------------------------- matrix-matrix products

  /**
   * {@code A B} for A m x k and B k x n: a new m x n matrix. An A without rows gives a result
   * without rows, whatever B is (see the class comment).
   */
  public static double[][] matmul(double[][] A, double[][] B) {
    int k = Shapes.cols("matmul", "A", A);
    int n = Shapes.cols("matmul", "B", B);
    if (B.length != k && A.length > 0) {
      throw new IllegalArgumentException("matmul: A is " + Shapes.of(A) + " but B is " + Shapes.of(B));
    }
    double[][] C = new double[A.length][n];
    Gemm.nn(A, B, C, A.length, k, n);
    return C;
  }

  /**
   * For C = A B with upstream G: dA += G B^T, dB += A^T G. A null gradient buffer means the caller
   * needs no gradient for that argument; its product is skipped.
   */
  @Derivative(of = "matmul")
  public static void matmulAdjoint(
      double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    int m = A.length;
    int k = B.length;
    int n = k == 0 ? 0 : B[0].length;
    if (dA != null) {
      Gemm.nt(upstream, B, dA, m, n, k);
    }
    if (dB != null) {
      Gemm.tn(A, upstream, dB, k, m, n);
    }
  }

  /** {@code A^T B} for A k x m and B k x n: a new m x n matrix. */
  public static double[][] matmulTN(double[][] A, double[][] B) {
    int m = Shapes.cols("matmulTN", "A", A);
    int n = Shapes.cols("matmulTN", "B", B);
    if (A.length != B.length) {
      throw new IllegalArgumentException(
          "matmulTN: A is " + Shapes.of(A) + " but B is " + Shapes.of(B) + " (A^T B needs equal row counts)");
    }
    double[][] C = new double[m][n];
    Gemm.tn(A, B, C, m, A.length, n);
    return C;
  }

  /**
   * For C = A^T B with upstream G: dA += B G^T, dB += A G. A null gradient buffer means the caller
   * needs no gradient for that argument; its product is skipped.
   */
  @Derivative(of = "matmulTN")
  public static void matmulTNAdjoint(
      double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    int k = A.length;
    int m = k == 0 ? 0 : A[0].length;
    int n = k == 0 ? 0 : B[0].length;
    if (dA != null) {
      Gemm.nt(B, upstream, dA, k, n, m);
    }
    if (dB != null) {
      Gemm.nn(A, upstream, dB, k, m, n);
    }
  }

  /** {@code A B^T} for A m x k and B n x k: a new m x n matrix. */
  public static double[][] matmulNT(double[][] A, double[][] B) {
    int k = Shapes.cols("matmulNT", "A", A);
    int kb = Shapes.cols("matmulNT", "B", B);
    if (k != kb && A.length > 0 && B.length > 0) {
      throw new IllegalArgumentException(
          "matmulNT: A is " + Shapes.of(A) + " but B is " + Shapes.of(B) + " (A B^T needs equal column counts)");
    }
    double[][] C = new double[A.length][B.length];
    Gemm.nt(A, B, C, A.length, k, B.length);
    return C;
  }

  /**
   * For C = A B^T with upstream G: dA += G B, dB += G^T A. A null gradient buffer means the caller
   * needs no gradient for that argument; its product is skipped.
   */
  @Derivative(of = "matmulNT")
  public static void matmulNTAdjoint(
      double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    int m = A.length;
    int n = B.length;
    int k = m == 0 ? (n == 0 ? 0 : B[0].length) : A[0].length;
    if (dA != null) {
      Gemm.nn(upstream, B, dA, m, n, k);
    }
    if (dB != null) {
      Gemm.tn(upstream, A, dB, n, m, k);
    }
  }

  // ---------------------------------------------------------------- matrix-vector products

  /** {@code A x} for A m x n and x of length n: a new vector of length m. */
  public static double[] matvec(double[][] A, double[] x) {
    int n = Shapes.cols("matvec", "A", A);
    if (x.length != n && A.length > 0) {
      throw new IllegalArgumentException("matvec: A is " + Shapes.of(A) + " but x has " + Shapes.of(x));
    }
    double[] y = new double[A.length];
    for (int i = 0; i < A.length; i++) {
      y[i] = Gemm.dot(A[i], x, n);
    }
    return y;
  }

  /**
   * For y = A x with upstream g: dA[i] += g[i] x, dx += A^T g. A null gradient buffer means the
   * caller needs no gradient for that argument; it is skipped.
   */
  @Derivative(of = "matvec")
  public static void matvecAdjoint(
      double[][] A, double[] x, double[] upstream, double[][] dA, double[] dx) {
    int n = x.length;
    if (dA != null && dx != null) {
      // The lecture's delta formulas in one pass over A: dA[i] += g[i] x and dx += g[i] A[i].
      for (int i = 0; i < A.length; i++) {
        double g = upstream[i];
        double[] a = A[i];
        double[] da = dA[i];
        for (int j = 0; j < n; j++) {
          da[j] += g * x[j];
          dx[j] += g * a[j];
        }
      }
    } else if (dA != null) {
      for (int i = 0; i < A.length; i++) {
        Gemm.axpy(upstream[i], x, 0, dA[i], 0, n);
      }
    } else if (dx != null) {
      for (int i = 0; i < A.length; i++) {
        Gemm.axpy(upstream[i], A[i], 0, dx, 0, n);
      }
    }
  }

  /** {@code A^T x} for A m x n and x of length m: a new vector of length n. */
  public static double[] matvecT(double[][] A, double[] x) {
    int n = Shapes.cols("matvecT", "A", A);
    if (x.length != A.length) {
      throw new IllegalArgumentException("matvecT: A is " + Shapes.of(A) + " but x has " + Shapes.of(x));
    }
    double[] y = new double[n];
    for (int i = 0; i < A.length; i++) {
      Gemm.axpy(x[i], A[i], 0, y, 0, n);
    }
    return y;
  }

  /**
   * For y = A^T x with upstream g: dA[i] += x[i] g, dx[i] += A[i] . g. A null gradient buffer means
   * the caller needs no gradient for that argument; it is skipped.
   */
  @Derivative(of = "matvecT")
  public static void matvecTAdjoint(
      double[][] A, double[] x, double[] upstream, double[][] dA, double[] dx) {
    int n = upstream.length;
    if (dA != null) {
      for (int i = 0; i < A.length; i++) {
        Gemm.axpy(x[i], upstream, 0, dA[i], 0, n);
      }
    }
    if (dx != null) {
      for (int i = 0; i < A.length; i++) {
        dx[i] += Gemm.dot(A[i], upstream, n);
      }
    }
  }

  /** The affine map {@code W x + b} for W m x n, x of length n and b of length m. */
  public static double[] affine(double[][] W, double[] x, double[] b) {
    int n = Shapes.cols("affine", "W", W);
    if (x.length != n && W.length > 0) {
      throw new IllegalArgumentException("affine: W is " + Shapes.of(W) + " but x has " + Shapes.of(x));
    }
    if (b.length != W.length) {
      throw new IllegalArgumentException("affine: W is " + Shapes.of(W) + " but b has " + Shapes.of(b));
    }
    double[] y = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      y[i] = Gemm.dot(W[i], x, n) + b[i];
    }
    return y;
  }

  /**
   * For y = W x + b with upstream g: dW[i] += g[i] x, dx += W^T g, db += g. A null gradient buffer
   * means the caller needs no gradient for that argument; it is skipped (with x a constant input,
   * only the outer product into dW and the copy into db are done).
   */
  @Derivative(of = "affine")
  public static void affineAdjoint(
      double[][] W, double[] x, double[] b, double[] upstream, double[][] dW, double[] dx, double[] db) {
    matvecAdjoint(W, x, upstream, dW, dx);
    if (db != null) {
      Gemm.axpy(1.0, upstream, 0, db, 0, b.length);
    }
  }

  /**
   * The affine map applied to each row of a batch: row i of the result is {@code W X[i] + b}, that
   * is {@code X W^T + b} (PyTorch's {@code nn.Linear}), for X batch x n, W m x n and b of length m.
   */
  public static double[][] linear(double[][] X, double[][] W, double[] b) {
    int n = Shapes.cols("linear", "X", X);
    int nw = Shapes.cols("linear", "W", W);
    if (nw != n && X.length > 0 && W.length > 0) {
      throw new IllegalArgumentException(
          "linear: X is " + Shapes.of(X) + " but W is " + Shapes.of(W) + " (X W^T needs equal column counts)");
    }
    if (b.length != W.length) {
      throw new IllegalArgumentException("linear: W is " + Shapes.of(W) + " but b has " + Shapes.of(b));
    }
    double[][] Y = new double[X.length][];
    Gemm.nt(X, W, Y, X.length, n, W.length, b);
    return Y;
  }

  /**
   * For Y = X W^T + b with upstream G: dX += G W, dW += G^T X, db += the column sums of G. A null
   * gradient buffer means the caller needs no gradient for that argument; its product is skipped
   * (with X a constant batch of data, dX = G W is not computed).
   */
  @Derivative(of = "linear")
  public static void linearAdjoint(
      double[][] X, double[][] W, double[] b, double[][] upstream, double[][] dX, double[][] dW, double[] db) {
    if (dX != null && dW != null && X.length <= FUSED_ROWS) {
      // A batch of a row or two: the lecture's delta formulas row by row, one pass over W and dW
      // per row for both dW += g x^T and dx += W^T g, instead of two products.
      for (int r = 0; r < X.length; r++) {
        matvecAdjoint(W, X[r], upstream[r], dW, dX[r]);
      }
    } else {
      matmulNTAdjoint(X, W, upstream, dX, dW);
    }
    if (db != null) {
      for (double[] g : upstream) {
        Gemm.axpy(1.0, g, 0, db, 0, b.length);
      }
    }
  }

  // ---------------------------------------------------------------- vector products

  /** The dot product {@code a . b}. */
  public static double dot(double[] a, double[] b) {
    return Gemm.dot(a, b, Shapes.sameLength("dot", a, b));
  }

  /**
   * d(a . b)/da = b, d(a . b)/db = a, times seed. A null gradient buffer means the caller needs no
   * gradient for that argument; it is skipped.
   */
  @Derivative(of = "dot")
  public static void dotAdjoint(double[] a, double[] b, double seed, double[] da, double[] db) {
    if (da != null) {
      Gemm.axpy(seed, b, 0, da, 0, a.length);
    }
    if (db != null) {
      Gemm.axpy(seed, a, 0, db, 0, a.length);
    }
  }

  /** The outer product {@code a b^T}: a new a.length x b.length matrix. */
  public static double[][] outer(double[] a, double[] b) {
    double[][] M = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      Gemm.axpy(a[i], b, 0, M[i], 0, b.length);
    }
    return M;
  }

  /**
   * For M = a b^T with upstream G: da[i] += G[i] . b, db += sum_i a[i] G[i]. A null gradient
   * buffer means the caller needs no gradient for that argument; it is skipped.
   */
  @Derivative(of = "outer")
  public static void outerAdjoint(double[] a, double[] b, double[][] upstream, double[] da, double[] db) {
    if (da != null) {
      for (int i = 0; i < a.length; i++) {
        da[i] += Gemm.dot(upstream[i], b, b.length);
      }
    }
    if (db != null) {
      for (int i = 0; i < a.length; i++) {
        Gemm.axpy(a[i], upstream[i], 0, db, 0, b.length);
      }
    }
  }
}
