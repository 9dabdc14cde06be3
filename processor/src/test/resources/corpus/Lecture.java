package corpus;

import static corpus.Domains.args;
import static corpus.Domains.awayFrom;
import static corpus.Domains.matrix;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** The CS224N backpropagation lecture's examples. */
public class Lecture {
  /** The lecture's one-hidden-layer network: W (n x m), b (n), u (n). */
  public record Layer(double[][] W, double[] b, double[] u) {}

  static Layer layer(Random random, int n, int m) {
    return new Layer(matrix(random, n, m, -1, 1), vector(random, n, -0.5, 0.5), vector(random, n, -2, 2));
  }

  /** f(x) = x^3; f'(1) = 3 and f'(4) = 48 exactly. */
  @Differentiable
  public static double cube(double x) {
    return x * x * x;
  }

  static Object[] cubeArgs(Random random) {
    return args(uniform(random, -4, 4));
  }

  /** z = 3y, y = x^2: dz/dx = dz/dy * dy/dx = 3 * 2x = 6x. */
  @Differentiable
  public static double chain(double x) {
    double y = x * x;
    double z = 3 * y;
    return z;
  }

  static Object[] chainArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  /** s = u . sigmoid(W x + b), written out in loops. */
  @Differentiable
  public static double sigmoidNetwork(Layer p, double[] x) {
    double s = 0;
    for (int i = 0; i < p.W().length; i++) {
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += p.W()[i][j] * x[j];
      }
      double h = 1.0 / (1.0 + Math.exp(-z));
      s += p.u()[i] * h;
    }
    return s;
  }

  static Object[] sigmoidNetworkArgs(Random random) {
    return args(layer(random, 3, 4), vector(random, 4, -1, 1));
  }

  /** s = u . tanh(W x + b). */
  @Differentiable
  public static double tanhNetwork(Layer p, double[] x) {
    double s = 0;
    for (int i = 0; i < p.W().length; i++) {
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += p.W()[i][j] * x[j];
      }
      s += p.u()[i] * Math.tanh(z);
    }
    return s;
  }

  static Object[] tanhNetworkArgs(Random random) {
    return args(layer(random, 4, 3), vector(random, 3, -1, 1));
  }

  /** The logistic function, a @Differentiable callee. */
  @Differentiable
  public static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  static Object[] sigmoidArgs(Random random) {
    return args(uniform(random, -4, 4));
  }

  /** The network with separate parameters, local arrays z and h, and a call per unit. */
  @Differentiable
  public static double layerScore(double[][] W, double[] b, double[] u, double[] x) {
    double[] z = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      z[i] = b[i];
      for (int j = 0; j < x.length; j++) {
        z[i] += W[i][j] * x[j];
      }
    }
    double[] h = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      h[i] = sigmoid(z[i]);
    }
    double s = 0;
    for (int i = 0; i < h.length; i++) {
      s += u[i] * h[i];
    }
    return s;
  }

  static Object[] layerScoreArgs(Random random) {
    Layer p = layer(random, 3, 5);
    return args(p.W(), p.b(), p.u(), vector(random, 5, -1, 1));
  }

  /** The lecture's graph f = (x + y) * max(y, z): y is used twice, its gradients add up. */
  @Differentiable
  public static double graph(double x, double y, double z) {
    double a = x + y;
    double b = Math.max(y, z);
    return a * b;
  }

  static Object[] graphArgs(Random random) {
    double y = uniform(random, -2, 2);
    return args(uniform(random, -2, 2), y, awayFrom(random, -2, 2, 0.1, y));
  }

  /** The add node: distributes the upstream gradient unchanged to both inputs. */
  @Differentiable
  public static double add(double x, double y) {
    return x + y;
  }

  static Object[] addArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }

  /** The max node: routes the upstream gradient to the larger input. */
  @Differentiable
  public static double max(double x, double y) {
    return Math.max(x, y);
  }

  static Object[] maxArgs(Random random) {
    double x = uniform(random, -2, 2);
    return args(x, awayFrom(random, -2, 2, 0.1, x));
  }

  /** The multiply node: switches, d(xy)/dx = y and d(xy)/dy = x. */
  @Differentiable
  public static double multiply(double x, double y) {
    return x * y;
  }

  static Object[] multiplyArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }

  /** A value feeding two paths: a = x * y reaches the result through a^2 and through sin(a). */
  @Differentiable
  public static double usedTwice(double x, double y) {
    double a = x * y;
    return a * a + Math.sin(a);
  }

  static Object[] usedTwiceArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }
}
