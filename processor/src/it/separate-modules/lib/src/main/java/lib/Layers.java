package lib;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/** Differentiable building blocks, compiled (with their companion {@code Layers_Grad}) into lib's jar. */
public final class Layers {
  private Layers() {}

  /** A dense layer: weights and bias. */
  public record Dense(double[][] W, double[] b) {}

  /** W x + b: an array result, so the companion offers a pullback. */
  @Differentiable
  public static double[] affine(Dense layer, double[] x) {
    double[] z = new double[layer.W().length];
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
  public static double[] tanh(double[] z) {
    double[] h = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      h[i] = Math.tanh(z[i]);
    }
    return h;
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

  /** log(sum(exp(x))), stable; differentiated by the hand-written adjoint below, not by its body. */
  public static double logSumExp(double[] x) {
    double max = x[0];
    for (double v : x) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (double v : x) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  /** d/dx logSumExp(x) = softmax(x): adds seed * softmax(x) into dx. */
  @Derivative(of = "logSumExp")
  public static void logSumExpAdjoint(double[] x, double seed, double[] dx) {
    double lse = logSumExp(x);
    for (int i = 0; i < x.length; i++) {
      dx[i] += seed * Math.exp(x[i] - lse);
    }
  }
}
