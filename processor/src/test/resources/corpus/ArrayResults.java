package corpus;

import static corpus.Domains.args;
import static corpus.Domains.matrix;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import corpus.util.Activations;
import corpus.util.Vectors;
import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import java.util.Random;

/**
 * @Differentiable methods that return double[] or double[][] (checked through their pullbacks:
 * the vector-Jacobian product with a random upstream), and scalar methods that call them: chains,
 * a result reassigned in a loop, a call whose argument is the variable it is assigned to, the same
 * callee twice, 2-D results, calls across packages.
 */
public class ArrayResults {
  // ---------------------------------------------------------------------------------------------
  // Array-valued functions

  /** y = W x. */
  @Differentiable
  public static double[] matvec(double[][] W, double[] x) {
    double[] y = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += W[i][j] * x[j];
      }
      y[i] = s;
    }
    return y;
  }

  static Object[] matvecArgs(Random random) {
    return args(matrix(random, 3, 4, -1, 1), vector(random, 4, -1, 1));
  }

  /** The outer product a b^T: a 2-D result. */
  @Differentiable
  public static double[][] outer(double[] a, double[] b) {
    double[][] m = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        m[i][j] = a[i] * b[j];
      }
    }
    return m;
  }

  static Object[] outerArgs(Random random) {
    return args(vector(random, 3, -1, 1), vector(random, 2, -1, 1));
  }

  /** softmax written out as a body: shifted by the maximum (routed by Math.max) for stability. */
  @Differentiable
  public static double[] softmax(double[] z) {
    double max = z[0];
    for (int i = 1; i < z.length; i++) {
      max = Math.max(max, z[i]);
    }
    double[] p = new double[z.length];
    double total = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      total += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= total;
    }
    return p;
  }

  static Object[] softmaxArgs(Random random) {
    return args(Domains.separated(random, 4, -2, 2, 0.05));
  }

  /** Elementwise tanh, with an enhanced for over the argument. */
  @Differentiable
  public static double[] tanhAll(double[] z) {
    double[] h = new double[z.length];
    int i = 0;
    for (double v : z) {
      h[i] = Math.tanh(v);
      i++;
    }
    return h;
  }

  static Object[] tanhAllArgs(Random random) {
    return args(vector(random, 5, -2, 2));
  }

  /** C = A B: a 2-D result from two 2-D arguments. */
  @Differentiable
  public static double[][] matmul(double[][] A, double[][] B) {
    double[][] C = new double[A.length][B[0].length];
    for (int i = 0; i < A.length; i++) {
      for (int j = 0; j < B[0].length; j++) {
        for (int k = 0; k < B.length; k++) {
          C[i][j] += A[i][k] * B[k][j];
        }
      }
    }
    return C;
  }

  static Object[] matmulArgs(Random random) {
    return args(matrix(random, 2, 3, -1, 1), matrix(random, 3, 4, -1, 1));
  }

  /** tanh(W v): calls two other array-valued functions and returns the second one's result. */
  @Differentiable
  public static double[] layer(double[][] W, double[] v) {
    double[] z = matvec(W, v);
    return tanhAll(z);
  }

  static Object[] layerArgs(Random random) {
    return args(matrix(random, 3, 3, -1, 1), vector(random, 3, -1, 1));
  }

  /** An array literal of scalar parameters. */
  @Differentiable
  public static double[] polarPoint(double r, double theta) {
    return new double[] {r * Math.cos(theta), r * Math.sin(theta), r * r};
  }

  static Object[] polarPointArgs(Random random) {
    return args(uniform(random, 0.5, 2), uniform(random, -3, 3));
  }

  /** A row of a local (new) matrix: the row is a new array, not a parameter's. */
  @Differentiable
  public static double[] rowOfLocal(double[] x, int which) {
    double[][] M = new double[x.length][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        M[i][j] = x[i] * Math.sin(x[j]) + (i == j ? x[i] : 0.0);
      }
    }
    return M[which];
  }

  static Object[] rowOfLocalArgs(Random random) {
    return args(vector(random, 4, -1, 1), random.nextInt(4));
  }

  /** A record parameter: W x + b. */
  @Differentiable
  public static double[] affine(Records.Dense layer, double[] x) {
    double[] z = new double[layer.b().length];
    for (int i = 0; i < z.length; i++) {
      double s = layer.b()[i];
      double[] row = layer.W()[i];
      for (int j = 0; j < x.length; j++) {
        s += row[j] * x[j];
      }
      z[i] = s;
    }
    return z;
  }

  static Object[] affineArgs(Random random) {
    return args(Records.dense(random, 3, 2), vector(random, 2, -1, 1));
  }

  /**
   * A parameter named {@code h} (the usual name of a hidden state). Known rejected: the generated
   * {@code zerosLike(W, h)} declares its own local {@code h} (see CompiledCorpus.KNOWN_REJECTED).
   */
  @Differentiable
  public static double[] hiddenNamedH(double[][] W, double[] h) {
    double[] next = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      next[i] = Math.tanh(W[i][0] * h[0] + h[i]);
    }
    return next;
  }

  static Object[] hiddenNamedHArgs(Random random) {
    return args(matrix(random, 3, 3, -1, 1), vector(random, 3, -1, 1));
  }

  /** A 2-D result with a scalar parameter and a @NoGrad mask. */
  @Differentiable
  public static double[][] scaleRows(double[][] M, double c, @NoGrad double[] mask) {
    double[][] out = new double[M.length][M[0].length];
    for (int i = 0; i < M.length; i++) {
      double[] row = out[i];
      for (int j = 0; j < row.length; j++) {
        row[j] = M[i][j] * c * mask[i];
      }
    }
    return out;
  }

  static Object[] scaleRowsArgs(Random random) {
    return args(matrix(random, 3, 2, -1, 1), uniform(random, -2, 2), vector(random, 3, 0.5, 1.5));
  }

  /** A ragged 2-D array literal: row i holds x[i] x[0..i]. */
  @Differentiable
  public static double[][] lowerTriangle(double[] x) {
    return new double[][] {
      {x[0] * x[0]},
      {x[1] * x[0], x[1] * x[1]},
      {x[2] * x[0], x[2] * x[1], Math.exp(x[2])}
    };
  }

  static Object[] lowerTriangleArgs(Random random) {
    return args(vector(random, 3, -1, 1));
  }

  /** Running sums, each element read back from the result under construction. */
  @Differentiable
  public static double[] cumsum(double[] x) {
    double[] s = new double[x.length];
    s[0] = x[0];
    for (int i = 1; i < x.length; i++) {
      s[i] = s[i - 1] + x[i];
    }
    return s;
  }

  static Object[] cumsumArgs(Random random) {
    return args(vector(random, 5, -1, 1));
  }

  /** The Gram matrix A^T A, from two calls of 2-D-valued functions (one across packages). */
  @Differentiable
  public static double[][] gram(double[][] A) {
    double[][] T = Vectors.transpose(A);
    return matmul(T, A);
  }

  static Object[] gramArgs(Random random) {
    return args(new Object[] {matrix(random, 3, 2, -1, 1)});
  }

  /** A branch on data chooses which new array to return; the other is discarded. */
  @Differentiable
  public static double[] branchResult(double[] x) {
    double[] squares = new double[x.length];
    double[] sines = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      squares[i] = x[i] * x[i];
      sines[i] = Math.sin(x[i]);
    }
    if (x[0] > 0) {
      return squares;
    }
    return sines;
  }

  static Object[] branchResultArgs(Random random) {
    double[] x = vector(random, 3, -1, 1);
    x[0] = Domains.signed(random, 0.1, 1);
    return args(x);
  }

  /** The result reassigned: y = W y three times, starting from a copy of x, then returned. */
  @Differentiable
  public static double[] powerIteration(double[][] W, double[] x, int steps) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
    }
    for (int t = 0; t < steps; t++) {
      y = matvec(W, y);
    }
    return y;
  }

  static Object[] powerIterationArgs(Random random) {
    return args(matrix(random, 3, 3, -0.8, 0.8), vector(random, 3, -1, 1), 1 + random.nextInt(3));
  }

  // ---------------------------------------------------------------------------------------------
  // Scalar functions that call them

  /** A chain: log of a softmax probability of W x, plus a dot product (another class) of it. */
  @Differentiable
  public static double chainScore(double[][] W, double[] x, int label) {
    double[] z = matvec(W, x);
    double[] p = softmax(z);
    return -Math.log(p[label]) + Activations.dot(p, z);
  }

  static Object[] chainScoreArgs(Random random) {
    return args(matrix(random, 3, 4, -1, 1), vector(random, 4, -1, 1), random.nextInt(3));
  }

  /** An array result reassigned in a loop: for (...) h = layer(W, h). */
  @Differentiable
  public static double deepTanh(double[][] W, double[] x, int depth) {
    double[] h = tanhAll(x);
    for (int t = 0; t < depth; t++) {
      h = layer(W, h);
    }
    double s = 0;
    for (double v : h) {
      s += v * v;
    }
    return s;
  }

  static Object[] deepTanhArgs(Random random) {
    return args(matrix(random, 3, 3, -1, 1), vector(random, 3, -1, 1), 1 + random.nextInt(4));
  }

  /** An array call whose argument is the variable it is assigned to: z = matvec(W, z). */
  @Differentiable
  public static double selfAssigned(double[][] W, double[] x) {
    double[] z = matvec(W, x);
    z = matvec(W, z);
    z = matvec(W, z);
    return z[0] * z[1] + z[2];
  }

  static Object[] selfAssignedArgs(Random random) {
    return args(matrix(random, 3, 3, -1, 1), vector(random, 3, -1, 1));
  }

  /** The same callee twice with different arguments, both reaching x. */
  @Differentiable
  public static double twoProjections(double[][] U, double[][] V, double[] x) {
    double[] a = matvec(U, x);
    double[] b = matvec(V, x);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i] + Math.sin(a[i]);
    }
    return s;
  }

  static Object[] twoProjectionsArgs(Random random) {
    return args(matrix(random, 2, 3, -1, 1), matrix(random, 2, 3, -1, 1), vector(random, 3, -1, 1));
  }

  /** A 2-D result consumed elementwise, and a matrix product of it. */
  @Differentiable
  public static double outerEnergy(double[] a, double[] b, double[][] C) {
    double[][] G = outer(a, b);
    double[][] P = matmul(G, C);
    double s = 0;
    for (int i = 0; i < G.length; i++) {
      for (int j = 0; j < G[i].length; j++) {
        s += G[i][j] * Math.cos(G[i][j]);
      }
      for (int j = 0; j < P[i].length; j++) {
        s += P[i][j] * P[i][j];
      }
    }
    return s;
  }

  static Object[] outerEnergyArgs(Random random) {
    return args(vector(random, 2, -1, 1), vector(random, 3, -1, 1), matrix(random, 3, 2, -1, 1));
  }

  /** Scalars in, an array literal out, then back to a scalar. */
  @Differentiable
  public static double polarNorm(double r, double theta) {
    double[] p = polarPoint(r, theta);
    return Math.sqrt(p[0] * p[0] + p[1] * p[1]) + p[2] * Math.sin(theta);
  }

  static Object[] polarNormArgs(Random random) {
    return polarPointArgs(random);
  }

  /** Array calls inside a loop, with a row alias of a parameter and a row of a local matrix. */
  @Differentiable
  public static double rowsInLoop(double[][] X, double[] w) {
    double s = 0;
    for (int i = 0; i < X.length; i++) {
      double[] row = X[i];
      double[] local = rowOfLocal(row, i);
      double[] c = cumsum(local);
      s += Activations.dot(c, w);
    }
    return s;
  }

  static Object[] rowsInLoopArgs(Random random) {
    return args(matrix(random, 3, 3, -1, 1), vector(random, 3, -1, 1));
  }

  /** A record through an array-valued function, then a ragged 2-D result and the Gram matrix. */
  @Differentiable
  public static double recordPipeline(Records.Dense layer, double[] x, double[][] A) {
    double[] z = affine(layer, x);
    double[][] L = lowerTriangle(z);
    double[][] G = gram(A);
    double s = 0;
    for (int i = 0; i < L.length; i++) {
      for (int j = 0; j < L[i].length; j++) {
        s += L[i][j] * (j + 1);
      }
    }
    for (int i = 0; i < G.length; i++) {
      s += G[i][i] * z[0];
    }
    return s;
  }

  static Object[] recordPipelineArgs(Random random) {
    return args(Records.dense(random, 3, 2), vector(random, 2, -1, 1), matrix(random, 3, 2, -1, 1));
  }

  /** Array results from another package, overwritten in place afterwards (they are new arrays). */
  @Differentiable
  public static double crossPackage(double[] a, double[] b, double c) {
    double[] v = Vectors.concat(a, b);
    double[][] O = outer(v, v);
    double[] mask = new double[v.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = 1.0 / (i + 1);
    }
    double[][] S = scaleRows(O, c, mask);
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] * S[i][i];
    }
    return Activations.dot(v, v);
  }

  static Object[] crossPackageArgs(Random random) {
    return args(vector(random, 2, -1, 1), vector(random, 2, -1, 1), uniform(random, -1.5, 1.5));
  }

  /** A data-dependent branch between array results, and the power iteration's result. */
  @Differentiable
  public static double branchesAndPowers(double[][] W, double[] x) {
    double[] y = branchResult(x);
    double[] p = powerIteration(W, y, 2);
    return Activations.dot(p, y);
  }

  static Object[] branchesAndPowersArgs(Random random) {
    return args(matrix(random, 3, 3, -0.8, 0.8), branchResultArgs(random)[0]);
  }
}
