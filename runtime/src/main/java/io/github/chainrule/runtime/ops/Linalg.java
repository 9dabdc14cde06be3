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
 * <p>Matrices must be rectangular. A shape mismatch throws {@link IllegalArgumentException} naming
 * both shapes, e.g. {@code "matmul: A is 3x4 but B is 5x2"}.
 */
public final class Linalg {

  private Linalg() {}

  // ---------------------------------------------------------------- matrix-matrix products

  /** {@code A B} for A m x k and B k x n: a new m x n matrix. */
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

  /** dA += G B^T, dB += A^T G. */
  @Derivative(of = "matmul")
  static void matmulAdjoint(double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    int m = A.length;
    int k = B.length;
    int n = k == 0 ? 0 : B[0].length;
    Gemm.nt(upstream, B, dA, m, n, k);
    Gemm.tn(A, upstream, dB, k, m, n);
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

  /** For C = A^T B: dA += B G^T, dB += A G. */
  @Derivative(of = "matmulTN")
  static void matmulTNAdjoint(double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    int k = A.length;
    int m = k == 0 ? 0 : A[0].length;
    int n = k == 0 ? 0 : B[0].length;
    Gemm.nt(B, upstream, dA, k, n, m);
    Gemm.nn(A, upstream, dB, k, m, n);
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

  /** For C = A B^T: dA += G B, dB += G^T A. */
  @Derivative(of = "matmulNT")
  static void matmulNTAdjoint(double[][] A, double[][] B, double[][] upstream, double[][] dA, double[][] dB) {
    int m = A.length;
    int n = B.length;
    int k = m == 0 ? (n == 0 ? 0 : B[0].length) : A[0].length;
    Gemm.nn(upstream, B, dA, m, n, k);
    Gemm.tn(upstream, A, dB, n, m, k);
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

  /** For y = A x: dA[i] += g[i] x, dx += A^T g. */
  @Derivative(of = "matvec")
  static void matvecAdjoint(double[][] A, double[] x, double[] upstream, double[][] dA, double[] dx) {
    int n = x.length;
    for (int i = 0; i < A.length; i++) {
      double g = upstream[i];
      Gemm.axpy(g, x, 0, dA[i], 0, n);
      Gemm.axpy(g, A[i], 0, dx, 0, n);
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

  /** For y = A^T x: dA[i] += x[i] g, dx[i] += A[i] . g. */
  @Derivative(of = "matvecT")
  static void matvecTAdjoint(double[][] A, double[] x, double[] upstream, double[][] dA, double[] dx) {
    int n = upstream.length;
    for (int i = 0; i < A.length; i++) {
      Gemm.axpy(x[i], upstream, 0, dA[i], 0, n);
      dx[i] += Gemm.dot(A[i], upstream, n);
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

  /** For y = W x + b: dW[i] += g[i] x, dx += W^T g, db += g. */
  @Derivative(of = "affine")
  static void affineAdjoint(
      double[][] W, double[] x, double[] b, double[] upstream, double[][] dW, double[] dx, double[] db) {
    matvecAdjoint(W, x, upstream, dW, dx);
    Gemm.axpy(1.0, upstream, 0, db, 0, b.length);
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
    for (int r = 0; r < X.length; r++) {
      Y[r] = b.clone();
    }
    Gemm.nt(X, W, Y, X.length, n, W.length);
    return Y;
  }

  /** For Y = X W^T + b: dX += G W, dW += G^T X, db += the column sums of G. */
  @Derivative(of = "linear")
  static void linearAdjoint(
      double[][] X, double[][] W, double[] b, double[][] upstream, double[][] dX, double[][] dW, double[] db) {
    matmulNTAdjoint(X, W, upstream, dX, dW);
    for (double[] g : upstream) {
      Gemm.axpy(1.0, g, 0, db, 0, b.length);
    }
  }

  // ---------------------------------------------------------------- vector products

  /** The dot product {@code a . b}. */
  public static double dot(double[] a, double[] b) {
    return Gemm.dot(a, b, Shapes.sameLength("dot", a, b));
  }

  /** d(a . b)/da = b, d(a . b)/db = a. */
  @Derivative(of = "dot")
  static void dotAdjoint(double[] a, double[] b, double seed, double[] da, double[] db) {
    Gemm.axpy(seed, b, 0, da, 0, a.length);
    Gemm.axpy(seed, a, 0, db, 0, a.length);
  }

  /** The outer product {@code a b^T}: a new a.length x b.length matrix. */
  public static double[][] outer(double[] a, double[] b) {
    double[][] M = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      Gemm.axpy(a[i], b, 0, M[i], 0, b.length);
    }
    return M;
  }

  /** For M = a b^T: da[i] += G[i] . b, db += sum_i a[i] G[i]. */
  @Derivative(of = "outer")
  static void outerAdjoint(double[] a, double[] b, double[][] upstream, double[] da, double[] db) {
    for (int i = 0; i < a.length; i++) {
      da[i] += Gemm.dot(upstream[i], b, b.length);
      Gemm.axpy(a[i], upstream[i], 0, db, 0, b.length);
    }
  }
}
