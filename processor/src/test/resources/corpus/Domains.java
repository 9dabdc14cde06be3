package corpus;

import java.util.Random;

/**
 * Argument generators for the corpus (not differentiated; no annotations here).
 *
 * <p>Convention: every {@code @Differentiable} method {@code m} of the corpus has a sibling {@code
 * static Object[] mArgs(java.util.Random random)} that draws one point of the function's domain,
 * one array element per parameter (doubles boxed). Points keep away from kinks and branch
 * boundaries (abs at 0, max ties, a comparison flipping, a loop's trip count changing) by at least
 * 1e-2 relative, so that central differences with steps up to 1e-3 see a smooth function.
 */
public final class Domains {
  private Domains() {}

  /** Uniform in [lo, hi). */
  public static double uniform(Random random, double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** Uniform in [lo, hi) but at least {@code margin} away from each of {@code kinks}. */
  public static double awayFrom(Random random, double lo, double hi, double margin, double... kinks) {
    while (true) {
      double x = uniform(random, lo, hi);
      boolean ok = true;
      for (double kink : kinks) {
        ok &= Math.abs(x - kink) >= margin;
      }
      if (ok) {
        return x;
      }
    }
  }

  /** Uniform in [lo, hi) with the sign flipped half of the time: |x| in [lo, hi). */
  public static double signed(Random random, double lo, double hi) {
    double x = uniform(random, lo, hi);
    return random.nextBoolean() ? x : -x;
  }

  /** n values uniform in [lo, hi). */
  public static double[] vector(Random random, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = uniform(random, lo, hi);
    }
    return v;
  }

  /** A rows x cols matrix uniform in [lo, hi). */
  public static double[][] matrix(Random random, int rows, int cols, double lo, double hi) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(random, cols, lo, hi);
    }
    return m;
  }

  /** n distinct-enough values: consecutive sorted values differ by at least {@code gap}. */
  public static double[] separated(Random random, int n, double lo, double hi, double gap) {
    while (true) {
      double[] v = vector(random, n, lo, hi);
      double[] sorted = v.clone();
      java.util.Arrays.sort(sorted);
      boolean ok = true;
      for (int i = 1; i < n; i++) {
        ok &= sorted[i] - sorted[i - 1] >= gap;
      }
      if (ok) {
        return v;
      }
    }
  }

  /** The arguments as an array (doubles are boxed by the call). */
  public static Object[] args(Object... values) {
    return values;
  }
}
