package corpus.util;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** Array-valued differentiable helpers in another package, called from {@code corpus.ArrayResults}. */
public class Vectors {
  /** The transpose: a 2-D result shaped unlike its argument. */
  @Differentiable
  public static double[][] transpose(double[][] A) {
    double[][] T = new double[A[0].length][A.length];
    for (int i = 0; i < A.length; i++) {
      for (int j = 0; j < A[i].length; j++) {
        T[j][i] = A[i][j];
      }
    }
    return T;
  }

  static Object[] transposeArgs(Random random) {
    return new Object[] {new double[][] {vector(random, 3), vector(random, 3)}};
  }

  /** [a; b]: a result longer than either argument. */
  @Differentiable
  public static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    for (int i = 0; i < b.length; i++) {
      out[a.length + i] = b[i];
    }
    return out;
  }

  static Object[] concatArgs(Random random) {
    return new Object[] {vector(random, 2), vector(random, 3)};
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = -1 + 2 * random.nextDouble();
    }
    return v;
  }
}
