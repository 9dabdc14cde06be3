package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;

/**
 * Differentiable row gather from an embedding matrix: the lookup of word vectors by id.
 *
 * <p>The adjoint scatters the upstream gradient back into the rows that were read (adding, so a
 * repeated id gets the sum of its gradients); the other rows of the gradient are untouched. The
 * adjoints are public, so that a {@code @Differentiable} method in any package calls them directly
 * from its backward sweep; a null gradient buffer means the caller needs no gradient for that
 * argument (frozen embeddings), and the adjoint then does nothing.
 */
public final class Embeddings {

  private Embeddings() {}

  /** The rows {@code E[ids[0]], E[ids[1]], ...} as a new ids.length x d matrix (copies). */
  public static double[][] gather(double[][] E, int[] ids) {
    checkIds("gather", E, ids);
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
    int d = checkIds("window", E, ids);
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

  /** The row length of E, after checking that E is rectangular and every id is a row of it. */
  private static int checkIds(String op, double[][] E, int[] ids) {
    int d = Shapes.cols(op, "E", E);
    for (int r = 0; r < ids.length; r++) {
      if (ids[r] < 0 || ids[r] >= E.length) {
        throw new IllegalArgumentException(
            op + ": ids[" + r + "] = " + ids[r] + " is not a row of E, which is " + Shapes.of(E));
      }
    }
    return d;
  }
}
