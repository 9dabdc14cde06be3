package corpus;

import static corpus.Domains.args;
import static corpus.Domains.matrix;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import corpus.util.Activations;
import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import java.util.Random;

/**
 * Hand-written adjoints ({@code @Derivative(of = "f")}) for scalar and array results, for scalar,
 * array and record parameters, with constant parameters in between; and @Differentiable callers of
 * them. The adjoints are right: CorpusGradientTest and CorpusPullbackTest check the companions
 * (which call them) against central differences of the plain methods.
 */
public class Adjoints {
  // ---------------------------------------------------------------------------------------------
  // Scalar results

  /** log(sum(exp(x))), stable; not @Differentiable (the body is never read). */
  public static double lse(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (double v : x) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  /** d lse / dx = softmax(x). */
  @Derivative(of = "lse")
  static void lseAdjoint(double[] x, double seed, double[] dx) {
    double l = lse(x);
    for (int i = 0; i < x.length; i++) {
      dx[i] += seed * Math.exp(x[i] - l);
    }
  }

  static Object[] lseArgs(Random random) {
    return args(vector(random, 4, -2, 2));
  }

  /** Two scalar parameters: the adjoint returns both gradients as a double[]. */
  public static double mul(double a, double b) {
    return a * b;
  }

  @Derivative(of = "mul")
  static double[] mulAdjoint(double a, double b, double seed) {
    return new double[] {seed * b, seed * a};
  }

  static Object[] mulArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }

  /** A record parameter and constants: sum_i w_i * softplus((W x + b)_i)^power. */
  public static double denseScore(Records.Dense layer, double[] x, @NoGrad double[] w, int power) {
    double s = 0;
    for (int i = 0; i < layer.b().length; i++) {
      double z = layer.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += layer.W()[i][j] * x[j];
      }
      s += w[i] * Math.pow(Activations.softplus(z), power);
    }
    return s;
  }

  @Derivative(of = "denseScore")
  static void denseScoreAdjoint(
      Records.Dense layer, double[] x, double[] w, int power, double seed, Records.Dense dlayer, double[] dx) {
    for (int i = 0; i < layer.b().length; i++) {
      double z = layer.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += layer.W()[i][j] * x[j];
      }
      double sp = Activations.softplus(z);
      double sigmoid = 1 / (1 + Math.exp(-z));
      double delta = seed * w[i] * power * Math.pow(sp, power - 1) * sigmoid;
      dlayer.b()[i] += delta;
      for (int j = 0; j < x.length; j++) {
        dlayer.W()[i][j] += delta * x[j];
        dx[j] += delta * layer.W()[i][j];
      }
    }
  }

  static Object[] denseScoreArgs(Random random) {
    return args(Records.dense(random, 3, 2), vector(random, 2, -1, 1), vector(random, 3, -1, 1), 1 + random.nextInt(3));
  }

  /**
   * Both @Differentiable and @Derivative: the body (a lambda, outside the subset) is not read, the
   * adjoint is used instead.
   */
  @Differentiable
  public static double sumOfSquares(double[] x) {
    return java.util.Arrays.stream(x).map(v -> v * v).sum();
  }

  @Derivative(of = "sumOfSquares")
  static void sumOfSquaresAdjoint(double[] x, double seed, double[] dx) {
    for (int i = 0; i < x.length; i++) {
      dx[i] += 2 * seed * x[i];
    }
  }

  static Object[] sumOfSquaresArgs(Random random) {
    return args(vector(random, 3, -1, 1));
  }

  // ---------------------------------------------------------------------------------------------
  // Array results

  /** x * c: the adjoint fills dx and returns dc. */
  public static double[] scale(double[] x, double c) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * c;
    }
    return y;
  }

  @Derivative(of = "scale")
  static double scaleAdjoint(double[] x, double c, double[] upstream, double[] dx) {
    double dc = 0;
    for (int i = 0; i < x.length; i++) {
      dx[i] += upstream[i] * c;
      dc += upstream[i] * x[i];
    }
    return dc;
  }

  static Object[] scaleArgs(Random random) {
    return args(vector(random, 3, -1, 1), uniform(random, -2, 2));
  }

  /** Several scalar parameters returning double[]: the adjoint returns {dr, dtheta}. */
  public static double[] polar(double r, double theta) {
    return new double[] {r * Math.cos(theta), r * Math.sin(theta)};
  }

  @Derivative(of = "polar")
  static double[] polarAdjoint(double r, double theta, double[] upstream) {
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    return new double[] {upstream[0] * c + upstream[1] * s, -upstream[0] * r * s + upstream[1] * r * c};
  }

  static Object[] polarArgs(Random random) {
    return args(uniform(random, 0.5, 2), uniform(random, -3, 3));
  }

  /** A record parameter returning double[]: tanh(W x + b). */
  public static double[] denseForward(Records.Dense layer, double[] x) {
    double[] h = new double[layer.b().length];
    for (int i = 0; i < h.length; i++) {
      double z = layer.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += layer.W()[i][j] * x[j];
      }
      h[i] = Math.tanh(z);
    }
    return h;
  }

  @Derivative(of = "denseForward")
  static void denseForwardAdjoint(
      Records.Dense layer, double[] x, double[] upstream, Records.Dense dlayer, double[] dx) {
    double[] h = denseForward(layer, x);
    for (int i = 0; i < h.length; i++) {
      double delta = upstream[i] * (1 - h[i] * h[i]);
      dlayer.b()[i] += delta;
      for (int j = 0; j < x.length; j++) {
        dlayer.W()[i][j] += delta * x[j];
        dx[j] += delta * layer.W()[i][j];
      }
    }
  }

  static Object[] denseForwardArgs(Random random) {
    return args(Records.dense(random, 2, 3), vector(random, 3, -1, 1));
  }

  /** A 2-D result: a b^T, the adjoint gets a double[][] upstream. */
  public static double[][] outerProduct(double[] a, double[] b) {
    double[][] m = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        m[i][j] = a[i] * b[j];
      }
    }
    return m;
  }

  @Derivative(of = "outerProduct")
  static void outerProductAdjoint(double[] a, double[] b, double[][] upstream, double[] da, double[] db) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        da[i] += upstream[i][j] * b[j];
        db[j] += upstream[i][j] * a[i];
      }
    }
  }

  static Object[] outerProductArgs(Random random) {
    return args(vector(random, 2, -1, 1), vector(random, 3, -1, 1));
  }

  /** tanh of each element; its adjoint is written with the result, which callers pass in. */
  public static double[] tanhOf(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.tanh(x[i]);
    }
    return y;
  }

  /** d tanh(x) / dx = 1 - tanh(x)^2, from the value the caller computed. */
  @Derivative(of = "tanhOf", takesResult = true)
  static void tanhOfAdjoint(double[] x, double[] value, double[] upstream, double[] dx) {
    for (int i = 0; i < x.length; i++) {
      dx[i] += upstream[i] * (1 - value[i] * value[i]);
    }
  }

  static Object[] tanhOfArgs(Random random) {
    return args(vector(random, 3, -1.5, 1.5));
  }

  /** A matrix result with a scalar parameter, written with the result: Y = c * exp(X). */
  public static double[][] scaledExp(double[][] X, double c) {
    double[][] Y = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      Y[i] = new double[X[i].length];
      for (int j = 0; j < X[i].length; j++) {
        Y[i][j] = c * Math.exp(X[i][j]);
      }
    }
    return Y;
  }

  /** dY/dX = Y element-wise, dY/dc = Y / c. */
  @Derivative(of = "scaledExp", takesResult = true)
  static double scaledExpAdjoint(double[][] X, double c, double[][] value, double[][] upstream, double[][] dX) {
    double dc = 0;
    for (int i = 0; i < X.length; i++) {
      for (int j = 0; j < X[i].length; j++) {
        dX[i][j] += upstream[i][j] * value[i][j];
        dc += upstream[i][j] * Math.exp(X[i][j]);
      }
    }
    return dc;
  }

  static Object[] scaledExpArgs(Random random) {
    return args(matrix(random, 2, 3, -1, 1), uniform(random, 0.5, 2));
  }

  // ---------------------------------------------------------------------------------------------
  // Callers

  /** Scalar adjoints called from a body: lse of W x, mul of two of its entries, sumOfSquares. */
  @Differentiable
  public static double callsScalarAdjoints(double[][] W, double[] x, double t) {
    double[] z = ArrayResults.matvec(W, x);
    return lse(z) + mul(z[0], t) * mul(t, z[1]) + sumOfSquares(z);
  }

  static Object[] callsScalarAdjointsArgs(Random random) {
    return args(matrix(random, 3, 2, -1, 1), vector(random, 2, -1, 1), uniform(random, -1, 1));
  }

  /** An array adjoint whose result is assigned to its own argument in a loop: y = scale(y, c). */
  @Differentiable
  public static double callsScale(double[] x, double c, int times) {
    double[] y = scale(x, c);
    for (int t = 0; t < times; t++) {
      y = scale(y, Math.sin(c));
    }
    return lse(y);
  }

  static Object[] callsScaleArgs(Random random) {
    return args(vector(random, 3, -1, 1), uniform(random, -2, 2), random.nextInt(3));
  }

  /** Scalars through a double[]-valued adjoint and back. */
  @Differentiable
  public static double callsPolar(double r, double theta) {
    double[] p = polar(r * r, theta + r);
    return mul(p[0], p[1]) + p[0];
  }

  static Object[] callsPolarArgs(Random random) {
    return args(uniform(random, 0.5, 1.5), uniform(random, -3, 3));
  }

  /** Record adjoints: the network tanh(W1 x + b1) then a softplus read-out with its own adjoint. */
  @Differentiable
  public static double callsRecordAdjoints(Records.Dense hidden, Records.Dense out, double[] x) {
    double[] h = denseForward(hidden, x);
    double[] w = new double[out.b().length];
    for (int i = 0; i < w.length; i++) {
      w[i] = 1.0 + i;
    }
    return denseScore(out, h, w, 2) + Records.denseNorm(hidden, x);
  }

  static Object[] callsRecordAdjointsArgs(Random random) {
    return args(Records.dense(random, 3, 2), Records.dense(random, 2, 3), vector(random, 2, -1, 1));
  }

  /** A 2-D adjoint result, overwritten in place (it is a new array) and reduced. */
  @Differentiable
  public static double callsOuterProduct(double[] a, double[] b) {
    double[][] M = outerProduct(a, b);
    for (int i = 0; i < M.length; i++) {
      M[i][0] = Math.exp(M[i][0]);
    }
    double[][] D = new double[3][3];
    for (int i = 0; i < 3; i++) {
      D[i][i] = 1.0 + 0.5 * i;
    }
    double[][] N = ArrayResults.matmul(M, D);
    double s = 0;
    for (double[] row : N) {
      s += lse(row);
    }
    return s;
  }

  static Object[] callsOuterProductArgs(Random random) {
    return args(vector(random, 2, -1, 1), vector(random, 3, -1, 1));
  }

  /**
   * Result-taking adjoints where the result array is overwritten in place afterwards, reassigned
   * in a loop, and stored as a matrix row: each adjoint must see the value the call returned.
   */
  @Differentiable
  public static double callsResultAdjoints(double[] x, double[][] X, double c, int times) {
    double[] h = tanhOf(x);
    double first = h[0];
    h[0] = 3 * h[0] + h[1];
    for (int t = 0; t < times; t++) {
      h = tanhOf(h);
      h[1] = h[1] * first;
    }
    double[][] M = new double[2][];
    M[0] = tanhOf(h);
    M[1] = tanhOf(X[0]);
    M[1][2] = M[0][1] * M[1][2];
    double[][] E = scaledExp(M, c);
    E[0][0] = E[0][0] * E[1][1];
    double s = 0;
    for (double[] row : E) {
      s += lse(row);
    }
    return s + h[2];
  }

  static Object[] callsResultAdjointsArgs(Random random) {
    return args(
        vector(random, 3, -1, 1), matrix(random, 2, 3, -1, 1), uniform(random, 0.5, 1.5), random.nextInt(3));
  }
}
