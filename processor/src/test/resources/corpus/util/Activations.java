package corpus.util;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** Differentiable helpers in another class and package, called from {@code corpus.Calls}. */
public class Activations {
  /** softplus(x) = log(1 + e^x), written stably. */
  @Differentiable
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  static Object[] softplusArgs(Random random) {
    double x = -4 + 8 * random.nextDouble();
    return new Object[] {Math.abs(x) < 0.05 ? x + 0.1 : x};
  }

  /** The dot product of two vectors. */
  @Differentiable
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static Object[] dotArgs(Random random) {
    return new Object[] {vector(random, 4), vector(random, 4)};
  }

  /** x^T A x for a matrix argument. */
  @Differentiable
  public static double quadraticForm(double[][] A, double[] x) {
    double s = 0;
    for (int i = 0; i < A.length; i++) {
      s += x[i] * dot(A[i], x);
    }
    return s;
  }

  static Object[] quadraticFormArgs(Random random) {
    return new Object[] {new double[][] {vector(random, 3), vector(random, 3), vector(random, 3)}, vector(random, 3)};
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = -1 + 2 * random.nextDouble();
    }
    return v;
  }
}
