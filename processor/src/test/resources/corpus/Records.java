package corpus;

import static corpus.Domains.args;
import static corpus.Domains.matrix;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import java.util.Random;

/** Records of arrays as parameters (nested too), @NoGrad parameters and int parameters. */
public class Records {
  /** A dense layer. */
  public record Dense(double[][] W, double[] b) {}

  /** A record with a scalar component. */
  public record Scaled(double[] v, double scale) {}

  /** Two layers and a scaled read-out: records nest two levels. */
  public record Network(Dense hidden, Dense output, Scaled readout) {}

  static Dense dense(Random random, int n, int m) {
    return new Dense(matrix(random, n, m, -1, 1), vector(random, n, -0.5, 0.5));
  }

  static Network network(Random random) {
    return new Network(
        dense(random, 4, 3), dense(random, 2, 4), new Scaled(vector(random, 2, -1, 1), uniform(random, 0.5, 2)));
  }

  /** A record of arrays: ||W x + b||^2. */
  @Differentiable
  public static double denseNorm(Dense layer, double[] x) {
    double s = 0;
    for (int i = 0; i < layer.W().length; i++) {
      double z = layer.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += layer.W()[i][j] * x[j];
      }
      s += z * z;
    }
    return s;
  }

  static Object[] denseNormArgs(Random random) {
    return args(dense(random, 3, 4), vector(random, 4, -1, 1));
  }

  /** Nested records read through accessor chains: net.hidden().W(), net.readout().scale(). */
  @Differentiable
  public static double nested(Network net, double[] x) {
    double[] h = new double[net.hidden().W().length];
    for (int i = 0; i < h.length; i++) {
      double z = net.hidden().b()[i];
      for (int j = 0; j < x.length; j++) {
        z += net.hidden().W()[i][j] * x[j];
      }
      h[i] = Math.tanh(z);
    }
    double s = 0;
    for (int k = 0; k < net.output().W().length; k++) {
      double[] row = net.output().W()[k];
      double o = net.output().b()[k];
      for (int i = 0; i < h.length; i++) {
        o += row[i] * h[i];
      }
      s += net.readout().v()[k] * o;
    }
    return s * net.readout().scale();
  }

  static Object[] nestedArgs(Random random) {
    return args(network(random), vector(random, 3, -1, 1));
  }

  /** Record components held in locals (arrays and scalars). */
  @Differentiable
  public static double componentLocals(Scaled p, double t) {
    double[] v = p.v();
    double scale = p.scale();
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += Math.sin(v[i] * t) * scale;
    }
    return s * s;
  }

  static Object[] componentLocalsArgs(Random random) {
    return args(new Scaled(vector(random, 3, -1, 1), uniform(random, 0.5, 2)), uniform(random, -2, 2));
  }

  /** @NoGrad arrays, a @NoGrad double, a @NoGrad record and an int are constants. */
  @Differentiable
  public static double noGrad(
      double[] x, @NoGrad double[] target, @NoGrad double temperature, @NoGrad Dense frozen, int k) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - target[i];
      s += d * d / temperature;
    }
    s += frozen.W()[0][0] * x[k % x.length] + frozen.b()[0] * k;
    return s;
  }

  static Object[] noGradArgs(Random random) {
    return args(
        vector(random, 4, -1, 1), vector(random, 4, -1, 1), uniform(random, 0.5, 2), dense(random, 2, 2),
        random.nextInt(7));
  }

  /** Two parameters of the same record type, both differentiable. */
  @Differentiable
  public static double twoRecords(Scaled a, Scaled b) {
    double s = 0;
    for (int i = 0; i < a.v().length; i++) {
      s += a.v()[i] * b.v()[i];
    }
    return s * a.scale() / b.scale();
  }

  static Object[] twoRecordsArgs(Random random) {
    return args(
        new Scaled(vector(random, 3, -1, 1), uniform(random, 0.5, 2)),
        new Scaled(vector(random, 3, -1, 1), uniform(random, 0.5, 2)));
  }

  /**
   * wrt: only the layer is differentiated; the data x and the label are constants without being
   * marked, and a record with an int component is fine.
   */
  @Differentiable(wrt = "layer")
  public static double denseLossWrtLayer(Dense layer, double[] x, int label) {
    double s = 0;
    for (int i = 0; i < layer.W().length; i++) {
      double z = layer.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += layer.W()[i][j] * x[j];
      }
      s += i == label ? -z : Math.exp(z);
    }
    return s;
  }

  static Object[] denseLossWrtLayerArgs(Random random) {
    return args(dense(random, 3, 2), vector(random, 2, -1, 1), random.nextInt(3));
  }

  /** wrt with two names, in another order than the parameters; the middle one is data. */
  @Differentiable(wrt = {"b", "a"})
  public static double wrtTwo(double[] a, double[] data, double b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.tanh(a[i] * data[i] + b);
    }
    return s * s;
  }

  static Object[] wrtTwoArgs(Random random) {
    return args(vector(random, 3, -1, 1), vector(random, 3, -1, 1), uniform(random, -1, 1));
  }

  /** A caller of a wrt method, passing it its own differentiated layer and constant data. */
  @Differentiable(wrt = "layer")
  public static double callsWrt(Dense layer, double[] x) {
    return 2 * denseLossWrtLayer(layer, x, 1) + layer.b()[0];
  }

  static Object[] callsWrtArgs(Random random) {
    return args(dense(random, 3, 2), vector(random, 2, -1, 1));
  }
}
