package io.github.chainrule.runtime.ops;

import io.github.chainrule.Differentiable;

/**
 * Differentiable element-wise ops, reductions, concatenation and slicing over {@code double[]}.
 *
 * <p>These are plain {@code @Differentiable} Java: chainrule differentiates their bodies when the
 * runtime is built, as it does a user's method. Each returns a new array. Lengths must match; a
 * mismatch throws {@link IllegalArgumentException} naming both lengths.
 */
public final class Vectors {

  private Vectors() {}

  /** {@code a + b}. */
  @Differentiable
  public static double[] add(double[] a, double[] b) {
    int n = Shapes.sameLength(Shapes.ADD, a, b);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = a[i] + b[i];
    }
    return y;
  }

  /** {@code a - b}. */
  @Differentiable
  public static double[] subtract(double[] a, double[] b) {
    int n = Shapes.sameLength(Shapes.SUBTRACT, a, b);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = a[i] - b[i];
    }
    return y;
  }

  /** {@code c x}; differentiable in both {@code x} and the scalar {@code c}. */
  @Differentiable
  public static double[] scale(double[] x, double c) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = c * x[i];
    }
    return y;
  }

  /** The element-wise (Hadamard) product {@code a o b}. */
  @Differentiable
  public static double[] hadamard(double[] a, double[] b) {
    int n = Shapes.sameLength(Shapes.HADAMARD, a, b);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = a[i] * b[i];
    }
    return y;
  }

  /** The sum of the elements (0 for an empty vector). */
  @Differentiable
  public static double sum(double[] x) {
    double s = 0.0;
    for (int i = 0; i < x.length; i++) {
      s += x[i];
    }
    return s;
  }

  /** The mean of the elements (NaN for an empty vector, as 0/0). */
  @Differentiable
  public static double mean(double[] x) {
    double s = 0.0;
    for (int i = 0; i < x.length; i++) {
      s += x[i];
    }
    return s / x.length;
  }

  /** {@code a} followed by {@code b}: a new vector of length {@code a.length + b.length}. */
  @Differentiable
  public static double[] concat(double[] a, double[] b) {
    double[] y = new double[a.length + b.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = a[i];
    }
    for (int i = 0; i < b.length; i++) {
      y[a.length + i] = b[i];
    }
    return y;
  }

  /**
   * The elements {@code x[from]} to {@code x[to - 1]}, as {@link java.util.Arrays#copyOfRange} but
   * with {@code to <= x.length}; out-of-range bounds throw {@link IllegalArgumentException}.
   */
  @Differentiable
  public static double[] slice(double[] x, int from, int to) {
    int n = Shapes.range(x, from, to);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[from + i];
    }
    return y;
  }
}
