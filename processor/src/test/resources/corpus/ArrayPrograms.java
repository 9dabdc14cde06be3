package corpus;

import static corpus.Domains.args;
import static corpus.Domains.matrix;
import static corpus.Domains.separated;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** Local arrays, overwrites in place, new arrays, row aliases, index arithmetic, 2-D locals. */
public class ArrayPrograms {
  /** A local array written, then overwritten in place while its old values are read. */
  @Differentiable
  public static double overwriteInPlace(double[] x) {
    int n = x.length;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = x[i] * x[i];
    }
    for (int i = 0; i < n; i++) {
      a[i] = a[i] * a[(i + 1) % n] + x[i];
    }
    a[0] = Math.sin(a[0]);
    a[0] *= a[n - 1];
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i];
    }
    return s;
  }

  static Object[] overwriteInPlaceArgs(Random random) {
    return args(vector(random, 5, -1, 1));
  }

  /** A diffusion step that reassigns the working array to a new array each iteration. */
  @Differentiable
  public static double reassignedArrays(double[] x, double alpha) {
    int n = x.length;
    double[] cur = new double[n];
    for (int i = 0; i < n; i++) {
      cur[i] = x[i];
    }
    for (int step = 0; step < 4; step++) {
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        double left = cur[(i + n - 1) % n];
        double right = cur[(i + 1) % n];
        next[i] = cur[i] + alpha * (left - 2 * cur[i] + right) + 0.1 * cur[i] * cur[i];
      }
      cur = next;
    }
    double s = 0;
    for (double v : cur) {
      s += v * v;
    }
    return s;
  }

  static Object[] reassignedArraysArgs(Random random) {
    return args(vector(random, 6, -1, 1), uniform(random, 0.05, 0.3));
  }

  /** Row aliases of a parameter matrix: double[] row = W[i], also re-pointed to another row. */
  @Differentiable
  public static double rowAlias(double[][] W, double[] x) {
    double s = 0;
    for (int i = 0; i < W.length; i++) {
      double[] row = W[i];
      double dot = 0;
      for (int j = 0; j < row.length; j++) {
        dot += row[j] * x[j];
      }
      row = W[(i + 1) % W.length];
      s += dot * row[0];
    }
    return s;
  }

  static Object[] rowAliasArgs(Random random) {
    return args(matrix(random, 3, 4, -1, 1), vector(random, 4, -1, 1));
  }

  /** A matrix stored flat: index arithmetic i * n + j, i - 1 and %. */
  @Differentiable
  public static double flatIndexing(double[] flat, double[] v, int n) {
    int rows = flat.length / n;
    double s = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        double prev = i > 0 ? flat[(i - 1) * n + j] : 1.0;
        s += flat[i * n + j] * prev * v[(i + j) % v.length];
      }
    }
    return s;
  }

  static Object[] flatIndexingArgs(Random random) {
    return args(vector(random, 12, -1, 1), vector(random, 5, -1, 1), 4);
  }

  /** A 2-D local array: the Gram matrix G = W W^T, then entries overwritten and combined. */
  @Differentiable
  public static double gramMatrix(double[][] W) {
    int n = W.length;
    double[][] G = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < W[i].length; k++) {
          G[i][j] += W[i][k] * W[j][k];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      G[i][i] = Math.sqrt(G[i][i] + 1);
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s += G[i][j] * G[j][(i + 1) % n];
      }
    }
    return s;
  }

  static Object[] gramMatrixArgs(Random random) {
    return new Object[] {matrix(random, 3, 4, -1, 1)};
  }

  /** Array initializers, 1-D and 2-D, holding active values. */
  @Differentiable
  public static double initializers(double x, double y) {
    double[] v = {x, y, x * y, 2.0};
    double[][] m = {{x, y}, {y * y, Math.exp(x)}};
    double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    v[3] = det;
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * (i + 1);
    }
    return s;
  }

  static Object[] initializersArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }

  /** Softmax cross-entropy with an int label, stabilised by subtracting the max logit. */
  @Differentiable
  public static double softmaxCrossEntropy(double[] logits, int label) {
    double max = logits[0];
    for (int i = 1; i < logits.length; i++) {
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return Math.log(sum) + max - logits[label];
  }

  static Object[] softmaxCrossEntropyArgs(Random random) {
    return args(separated(random, 5, -3, 3, 0.1), random.nextInt(5));
  }

  /** Softmax into a local array, then a weighted sum. */
  @Differentiable
  public static double softmaxWeights(double[] z, double[] values) {
    double[] p = new double[z.length];
    double total = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i]);
      total += p[i];
    }
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] /= total;
      s += p[i] * values[i];
    }
    return s;
  }

  static Object[] softmaxWeightsArgs(Random random) {
    return args(vector(random, 4, -2, 2), vector(random, 4, -2, 2));
  }

  /** A 1-D convolution: y[i] = sum_k w[k] x[i + k], then a squared norm. */
  @Differentiable
  public static double convolution(double[] x, double[] w) {
    double[] y = new double[x.length - w.length + 1];
    for (int i = 0; i < y.length; i++) {
      for (int k = 0; k < w.length; k++) {
        y[i] += w[k] * x[i + k];
      }
    }
    double s = 0;
    for (double v : y) {
      s += v * v;
    }
    return s;
  }

  static Object[] convolutionArgs(Random random) {
    return args(vector(random, 7, -1, 1), vector(random, 3, -1, 1));
  }

  /** Layer normalisation of a vector, then a weighted sum. */
  @Differentiable
  public static double layerNorm(double[] x, double[] gain) {
    int n = x.length;
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= n;
    double inv = 1 / Math.sqrt(var + 1e-3);
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += gain[i] * (x[i] - mean) * inv * (i + 1);
    }
    return s;
  }

  static Object[] layerNormArgs(Random random) {
    return args(vector(random, 5, -1, 1), vector(random, 5, 0.5, 1.5));
  }

  /** Prefix products written into a fresh array, then read backwards with i - 1. */
  @Differentiable
  public static double prefixProducts(double[] x) {
    double[] p = new double[x.length];
    p[0] = x[0];
    for (int i = 1; i < x.length; i++) {
      p[i] = p[i - 1] * x[i];
    }
    double s = 0;
    for (int i = x.length - 1; i >= 1; i--) {
      s += p[i] - p[i - 1];
    }
    return s;
  }

  static Object[] prefixProductsArgs(Random random) {
    return args(vector(random, 6, 0.5, 1.5));
  }

  /** A ragged matrix parameter (rows of different lengths). */
  @Differentiable
  public static double ragged(double[][] m) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        s += m[i][j] * m[i][j] * (j + 1) + m[i][0] * m[i][j];
      }
    }
    return s;
  }

  static Object[] raggedArgs(Random random) {
    return new Object[] {
      new double[][] {vector(random, 1, -1, 1), vector(random, 3, -1, 1), vector(random, 2, -1, 1)}
    };
  }

  /** A 2-D local array that is reassigned to a new matrix each iteration (matrix powers). */
  @Differentiable
  public static double matrixPower(double[][] A) {
    int n = A.length;
    double[][] P = new double[n][n];
    for (int i = 0; i < n; i++) {
      P[i][i] = 1;
    }
    for (int step = 0; step < 3; step++) {
      double[][] Q = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < n; k++) {
            Q[i][j] += P[i][k] * A[k][j];
          }
        }
      }
      P = Q;
    }
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += P[i][i];
    }
    return trace;
  }

  static Object[] matrixPowerArgs(Random random) {
    return new Object[] {matrix(random, 3, 3, -1, 1)};
  }

  /** A row of a local 2-D array aliased and written through the alias. */
  @Differentiable
  public static double localRowAlias(double[] x) {
    double[][] M = new double[2][x.length];
    for (int j = 0; j < x.length; j++) {
      double[] top = M[0];
      top[j] = x[j] * x[j];
      M[1][j] = top[j] + x[j];
    }
    double[] bottom = M[1];
    double s = 0;
    for (int j = 0; j < bottom.length; j++) {
      s += bottom[j] * M[0][j];
    }
    return s;
  }

  static Object[] localRowAliasArgs(Random random) {
    return args(vector(random, 4, -1, 1));
  }

  /** A two-layer MLP with tanh and a squared-error loss against a one-hot target given by an int. */
  @Differentiable
  public static double mlp(double[][] W1, double[] b1, double[][] W2, double[] b2, double[] x, int target) {
    double[] h = new double[W1.length];
    for (int i = 0; i < h.length; i++) {
      double z = b1[i];
      for (int j = 0; j < x.length; j++) {
        z += W1[i][j] * x[j];
      }
      h[i] = Math.tanh(z);
    }
    double loss = 0;
    for (int k = 0; k < W2.length; k++) {
      double o = b2[k];
      for (int i = 0; i < h.length; i++) {
        o += W2[k][i] * h[i];
      }
      double t = k == target ? 1.0 : 0.0;
      loss += 0.5 * (o - t) * (o - t);
    }
    return loss;
  }

  static Object[] mlpArgs(Random random) {
    return args(
        matrix(random, 4, 3, -1, 1), vector(random, 4, -0.5, 0.5), matrix(random, 2, 4, -1, 1),
        vector(random, 2, -0.5, 0.5), vector(random, 3, -1, 1), random.nextInt(2));
  }
}
