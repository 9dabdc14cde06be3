package io.github.chainrule.benchmarks;

/**
 * Reverse-mode gradients of {@link Recurrences} written by hand: the forward sweep saves the
 * overwritten state in tapes made once, the backward sweep walks them back. Gradients are added
 * into the buffers, as the generated holders do. Used as a reference by the tests and as the
 * "careful person" baseline by {@link RecurrenceBenchmark}.
 */
public final class HandWrittenRecurrences {
  private HandWrittenRecurrences() {}

  /** Buffers and tape for {@link Recurrences#scalar}. */
  public static final class Scalar {
    /** Gradient of a, added into. */
    public double da;
    /** Gradient of x, added into. */
    public final double[] dx;
    private final double[] tape;

    /** For x of length n and {@code steps} steps. */
    public Scalar(int n, int steps) {
      dx = new double[n];
      tape = new double[steps];
    }

    /** Adds the gradient of {@code scalar(a, x, steps)} and returns its value. */
    public double addGradient(double a, double[] x, int steps) {
      int n = x.length;
      double s = 0.0;
      for (int t = 0; t < steps; t++) {
        tape[t] = s;
        s = Math.sin(s) * a + x[t % n];
      }
      double ds = 1.0;
      double gradA = 0.0;
      for (int t = steps - 1; t >= 0; t--) {
        double prev = tape[t];
        double sinPrev = Math.sin(prev);
        dx[t % n] += ds;
        gradA += ds * sinPrev;
        ds = ds * a * Math.cos(prev);
      }
      da += gradA;
      return s;
    }
  }

  /** Buffers and tape for {@link Recurrences#rnn}. */
  public static final class Rnn {
    /** Gradient of w, added into. */
    public final double[] dw;
    /** Gradient of v, added into. */
    public final double[] dv;
    /** Gradient of x, added into. */
    public final double[] dx;
    /** tape[t * k + i] = h[i] after step t. */
    private final double[] tape;
    private final double[] h;
    private final double[] dh;

    /** For w and v of length k, x of length n, and {@code steps} steps. */
    public Rnn(int k, int n, int steps) {
      dw = new double[k];
      dv = new double[k];
      dx = new double[n];
      tape = new double[steps * k];
      h = new double[k];
      dh = new double[k];
    }

    /** Adds the gradient of {@code rnn(w, v, x, steps)} and returns its value. */
    public double addGradient(double[] w, double[] v, double[] x, int steps) {
      int k = w.length;
      int n = x.length;
      java.util.Arrays.fill(h, 0.0);
      for (int t = 0; t < steps; t++) {
        double xt = x[t % n];
        int base = t * k;
        for (int i = 0; i < k; i++) {
          double hi = Math.tanh(w[i] * h[i] + v[i] * xt);
          h[i] = hi;
          tape[base + i] = hi;
        }
      }
      double s = 0.0;
      for (int i = 0; i < k; i++) {
        s += h[i];
      }
      java.util.Arrays.fill(dh, 1.0);
      for (int t = steps - 1; t >= 0; t--) {
        double xt = x[t % n];
        int base = t * k;
        double dxt = 0.0;
        for (int i = 0; i < k; i++) {
          double hi = tape[base + i];
          double prev = t == 0 ? 0.0 : tape[base - k + i];
          double dz = dh[i] * (1.0 - hi * hi);
          dw[i] += dz * prev;
          dv[i] += dz * xt;
          dxt += dz * v[i];
          dh[i] = dz * w[i];
        }
        dx[t % n] += dxt;
      }
      return s;
    }
  }
}
