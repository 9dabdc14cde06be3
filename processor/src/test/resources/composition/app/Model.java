package composition.app;

import composition.lib.Layers;
import io.github.chainrule.Differentiable;
import java.util.Random;

/**
 * A client of {@link Layers} compiled later, against the library's class files only: every call
 * below goes through a companion (Layers_Grad, Layers_Activations_Grad) that the processor wrote
 * in the library's compilation.
 */
public class Model {
  /** The lecture's network with library layers, plus the library's @Derivative lse. */
  @Differentiable
  public static double score(Layers.Dense layer, double[] u, double[] x) {
    double[] h1 = Layers.forward(layer, x);
    return Layers.dot(u, h1) + Layers.lse(h1) + Layers.Activations.softplus(h1[0]);
  }

  static Object[] scoreArgs(Random random) {
    return new Object[] {dense(random, 3, 4), vector(random, 3), vector(random, 4)};
  }

  /** A library array result reassigned in a loop: v = forward(layer, v). */
  @Differentiable
  public static double deep(Layers.Dense layer, double[] x, int depth) {
    double[] v = Layers.tanhAll(x);
    for (int t = 0; t < depth; t++) {
      v = Layers.forward(layer, v);
    }
    double[] s = Layers.scale(v, 0.5);
    s = Layers.scale(s, x[0]);
    return Layers.lse(s);
  }

  static Object[] deepArgs(Random random) {
    return new Object[] {dense(random, 3, 3), vector(random, 3), 1 + random.nextInt(3)};
  }

  /** A 2-D library result and nested library records. */
  @Differentiable
  public static double outerAndNetwork(Layers.Network net, double[] a, double[] x) {
    double[][] m = Layers.outer(a, x);
    double s = Layers.networkSum(net, x);
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        s += Math.sin(m[i][j]) * (i + 1);
      }
    }
    return s;
  }

  static Object[] outerAndNetworkArgs(Random random) {
    return new Object[] {new Layers.Network(dense(random, 3, 2), dense(random, 2, 3)), vector(random, 2), vector(random, 2)};
  }

  /** A client array result built from library calls: its own pullback calls the library's. */
  @Differentiable
  public static double[] twoLayers(Layers.Network net, double[] x) {
    double[] h1 = Layers.forward(net.hidden(), x);
    return Layers.forward(net.output(), h1);
  }

  static Object[] twoLayersArgs(Random random) {
    return new Object[] {new Layers.Network(dense(random, 3, 2), dense(random, 2, 3)), vector(random, 2)};
  }

  private static Layers.Dense dense(Random random, int n, int m) {
    double[][] W = new double[n][];
    for (int i = 0; i < n; i++) {
      W[i] = vector(random, m);
    }
    return new Layers.Dense(W, vector(random, n));
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = -1 + 2 * random.nextDouble();
    }
    return v;
  }
}
