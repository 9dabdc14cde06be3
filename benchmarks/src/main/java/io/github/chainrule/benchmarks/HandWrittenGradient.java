package io.github.chainrule.benchmarks;

/**
 * The gradient of {@link LectureNetwork#score} written by hand with the lecture's delta formulas,
 * as a careful person would: one sweep over the rows of {@code W}, no allocation, and gradients
 * <em>added</em> into buffers made once, exactly as the generated holder does.
 *
 * <pre>
 *   z = W x + b,  h = tanh(z),  s = u . h
 *   delta = u o (1 - h^2)
 *   dW += delta x^T,  db += delta,  du += h,  dx += W^T delta
 * </pre>
 */
public final class HandWrittenGradient {
  /** Gradient of W (n x m), added into. */
  public final double[][] dW;
  /** Gradient of b (n), added into. */
  public final double[] db;
  /** Gradient of u (n), added into. */
  public final double[] du;
  /** Gradient of x (m), added into. */
  public final double[] dx;

  /** Buffers shaped like {@code W} (n x m) and {@code x} (m), all zero. */
  public HandWrittenGradient(int n, int m) {
    dW = new double[n][m];
    db = new double[n];
    du = new double[n];
    dx = new double[m];
  }

  /** Clears every gradient and keeps the buffers. */
  public void zero() {
    for (double[] row : dW) {
      java.util.Arrays.fill(row, 0.0);
    }
    java.util.Arrays.fill(db, 0.0);
    java.util.Arrays.fill(du, 0.0);
    java.util.Arrays.fill(dx, 0.0);
  }

  /** Adds the gradient of s at (p, x) into the buffers and returns s. */
  public double addGradient(LectureNetwork.Params p, double[] x) {
    double[][] W = p.W();
    double[] b = p.b();
    double[] u = p.u();
    int m = x.length;
    double s = 0.0;
    for (int i = 0; i < b.length; i++) {
      double[] row = W[i];
      double z = b[i];
      for (int j = 0; j < m; j++) {
        z += row[j] * x[j];
      }
      double h = Math.tanh(z);
      s += u[i] * h;
      double delta = u[i] * (1.0 - h * h);
      du[i] += h;
      db[i] += delta;
      double[] dRow = dW[i];
      for (int j = 0; j < m; j++) {
        dRow[j] += delta * x[j];
        dx[j] += row[j] * delta;
      }
    }
    return s;
  }
}
