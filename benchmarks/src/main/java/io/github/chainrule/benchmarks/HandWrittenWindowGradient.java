package io.github.chainrule.benchmarks;

import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.ops.Activations;

/**
 * The gradient of one window's softmax cross-entropy, written by hand with the lecture's delta
 * formulas, as a careful person would: one pass over W forward, one pass over W and dW backward
 * ({@code dW += delta x^T} and {@code dx = W^T delta} together), no allocation per call (the tanh
 * is the runtime's, the same function the generated code calls).
 *
 * <pre>
 * x = [E[w_0] ... E[w_4]],  z = W x + b,  h = tanh(z),  s = U h + c,  J = -log softmax(s)[y]
 * ds = softmax(s) - onehot(y),   dU += ds h^T,  dc += ds
 * delta = (U^T ds) o (1 - h^2),  dW += delta x^T,  db += delta,  dx = W^T delta,  dE[w_k] += dx_k
 * </pre>
 */
public final class HandWrittenWindowGradient {
  final double[][] dE;
  final double[][] dW;
  final double[] db;
  final double[][] dU;
  final double[] dc;
  private final double[] x;
  private final double[] z;
  private final double[] ds;
  private final double[] delta;
  private final double[] dx;

  /** Buffers for a model and a compact table of {@code rows} rows. */
  public HandWrittenWindowGradient(NerParams p, int rows) {
    int d = p.words()[0].length;
    int in = p.W()[0].length;
    int hidden = p.W().length;
    int classes = p.U().length;
    dE = new double[rows][d];
    dW = new double[hidden][in];
    db = new double[hidden];
    dU = new double[classes][hidden];
    dc = new double[classes];
    x = new double[in];
    z = new double[hidden];
    ds = new double[classes];
    delta = new double[hidden];
    dx = new double[in];
  }

  /** Adds the gradient of the window's loss into the buffers; returns the loss. */
  public double addGradient(NerParams p, int[] window, int label) {
    double[][] E = p.words();
    double[][] W = p.W();
    double[] b = p.b();
    double[][] U = p.U();
    double[] c = p.c();
    int d = E[0].length;
    for (int k = 0; k < window.length; k++) {
      System.arraycopy(E[window[k]], 0, x, k * d, d);
    }
    int n = x.length;
    for (int i = 0; i < W.length; i++) {
      double[] w = W[i];
      double sum = b[i];
      for (int j = 0; j < n; j++) {
        sum += w[j] * x[j];
      }
      z[i] = sum;
    }
    double[] h = Activations.tanh(z);
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < U.length; k++) {
      double sum = c[k];
      double[] u = U[k];
      for (int i = 0; i < h.length; i++) {
        sum += u[i] * h[i];
      }
      ds[k] = sum;
      max = Math.max(max, sum);
    }
    double total = 0;
    for (int k = 0; k < U.length; k++) {
      total += Math.exp(ds[k] - max);
    }
    double loss = max + Math.log(total) - ds[label];
    for (int k = 0; k < U.length; k++) {
      ds[k] = Math.exp(ds[k] - max) / total;
    }
    ds[label] -= 1.0;
    java.util.Arrays.fill(delta, 0.0);
    for (int k = 0; k < U.length; k++) {
      double g = ds[k];
      double[] u = U[k];
      double[] du = dU[k];
      dc[k] += g;
      for (int i = 0; i < h.length; i++) {
        du[i] += g * h[i];
        delta[i] += g * u[i];
      }
    }
    java.util.Arrays.fill(dx, 0.0);
    for (int i = 0; i < W.length; i++) {
      double g = delta[i] * (1.0 - h[i] * h[i]);
      db[i] += g;
      double[] w = W[i];
      double[] dw = dW[i];
      for (int j = 0; j < n; j++) {
        dw[j] += g * x[j];
        dx[j] += g * w[j];
      }
    }
    for (int k = 0; k < window.length; k++) {
      double[] de = dE[window[k]];
      for (int j = 0; j < d; j++) {
        de[j] += dx[k * d + j];
      }
    }
    return loss;
  }
}
