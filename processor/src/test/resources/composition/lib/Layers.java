package composition.lib;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/**
 * A library compiled on its own, with the processor, before its clients: SeparateCompilationTest
 * hands the clients only its class files (a folder, then a jar), never this source.
 */
public final class Layers {
  private Layers() {}

  /** A dense layer. */
  public record Dense(double[][] W, double[] b) {}

  /** Two layers: records nest. */
  public record Network(Dense hidden, Dense output) {}

  /** W x + b from a record. */
  @Differentiable
  public static double[] affine(Dense layer, double[] x) {
    double[] z = new double[layer.b().length];
    for (int i = 0; i < z.length; i++) {
      double s = layer.b()[i];
      for (int j = 0; j < x.length; j++) {
        s += layer.W()[i][j] * x[j];
      }
      z[i] = s;
    }
    return z;
  }

  /** Elementwise tanh. */
  @Differentiable
  public static double[] tanhAll(double[] z) {
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = Math.tanh(z[i]);
    }
    return out;
  }

  /** tanh(W v + b): an array result returned straight from another call. */
  @Differentiable
  public static double[] forward(Dense layer, double[] v) {
    double[] z = affine(layer, v);
    return tanhAll(z);
  }

  /** a b^T: a 2-D result. */
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

  /** The dot product: a scalar result. */
  @Differentiable
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A scalar of nested records: the output layer's sum after the hidden layer. */
  @Differentiable
  public static double networkSum(Network net, double[] x) {
    double[] h1 = forward(net.hidden(), x);
    double[] y = affine(net.output(), h1);
    double s = 0;
    for (double v : y) {
      s += v;
    }
    return s;
  }

  /** log(sum(exp(x))): differentiated by the hand-written adjoint below, not by its body. */
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
  public static void lseAdjoint(double[] x, double seed, double[] dx) {
    double l = lse(x);
    for (int i = 0; i < x.length; i++) {
      dx[i] += seed * Math.exp(x[i] - l);
    }
  }

  /** x * c, an array result with a hand-written adjoint. */
  public static double[] scale(double[] x, double c) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * c;
    }
    return y;
  }

  @Derivative(of = "scale")
  public static double scaleAdjoint(double[] x, double c, double[] upstream, double[] dx) {
    double dc = 0;
    for (int i = 0; i < x.length; i++) {
      dx[i] += upstream[i] * c;
      dc += upstream[i] * x[i];
    }
    return dc;
  }

  /** A nested class: its companion is Layers_Activations_Grad. */
  public static final class Activations {
    private Activations() {}

    /** softplus(x) = log(1 + e^x), stably. */
    @Differentiable
    public static double softplus(double x) {
      return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
  }
}
