package io.github.chainrule.benchmarks;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;

/**
 * Loop-heavy functions whose state is overwritten at every step, so that the backward sweep needs
 * the values the forward sweep overwrote. Written as a user would write them.
 */
public final class Recurrences {
  private Recurrences() {}

  /** A scalar recurrence: s = sin(s) * a + x[t % n] for {@code steps} steps, from s = 0. */
  @Differentiable
  public static double scalar(double a, double[] x, @NoGrad int steps) {
    double s = 0.0;
    for (int t = 0; t < steps; t++) {
      s = Math.sin(s) * a + x[t % x.length];
    }
    return s;
  }

  /**
   * A small RNN-like array state: h = tanh(w o h + v * x[t % n]) elementwise, for {@code steps}
   * steps from h = 0, then the sum of h. The state array is allocated once and overwritten.
   */
  @Differentiable
  public static double rnn(double[] w, double[] v, double[] x, @NoGrad int steps) {
    double[] h = new double[w.length];
    for (int t = 0; t < steps; t++) {
      double xt = x[t % x.length];
      for (int k = 0; k < h.length; k++) {
        h[k] = Math.tanh(w[k] * h[k] + v[k] * xt);
      }
    }
    double s = 0.0;
    for (int k = 0; k < h.length; k++) {
      s += h[k];
    }
    return s;
  }
}
