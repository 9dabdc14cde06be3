package corpus;

import static corpus.Domains.args;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** Programs that stress naming, scoping, saved values and element-wise compound assignment. */
public class EdgeCases {
  /** Locals named like things a generator might also want to name. */
  @Differentiable
  public static double generatorNames(double into, double seed, double[] values) {
    double holder = into * seed;
    double grad = holder + values[0];
    double d_into = grad * grad;
    double tmp = 0;
    double adj = Math.sin(d_into);
    int i0 = 1;
    for (int i = 0; i < values.length; i++) {
      tmp += values[i] * adj * i0;
    }
    return tmp + holder;
  }

  static Object[] generatorNamesArgs(Random random) {
    return args(uniform(random, -1, 1), uniform(random, -1, 1), vector(random, 3, -1, 1));
  }

  /** The same local name with different types in sibling scopes. */
  @Differentiable
  public static double siblingScopes(double x) {
    double s = 0;
    for (int k = 0; k < 3; k++) {
      double t = x * k;
      s += t * t;
    }
    for (int k = 0; k < 2; k++) {
      int t = k + 1;
      s += t * x;
    }
    {
      double t = s * x;
      s = t;
    }
    return s;
  }

  static Object[] siblingScopesArgs(Random random) {
    return args(uniform(random, -2, 2));
  }

  /** Compound assignment and ++ on array elements, 1-D and 2-D. */
  @Differentiable
  public static double elementCompound(double[] x, double y) {
    double[] a = new double[x.length];
    double[][] M = new double[2][x.length];
    for (int i = 0; i < x.length; i++) {
      a[i] = x[i];
      a[i] *= a[i];
      a[i] += y;
      a[i] /= 1 + y * y;
      a[i]++;
      M[i % 2][i] -= a[i] * x[i];
      M[(i + 1) % 2][i] += a[i];
      M[(i + 1) % 2][i] *= y;
    }
    double s = 0;
    for (double[] row : M) {
      for (double v : row) {
        s += v;
      }
    }
    return s;
  }

  static Object[] elementCompoundArgs(Random random) {
    return args(vector(random, 5, -1, 1), uniform(random, -2, 2));
  }

  /** A double loop variable with a data-dependent trip count. */
  @Differentiable
  public static double doubleLoopVariable(double x, double y) {
    double s = 0;
    for (double t = x; t < 5; t += 1) {
      s += t * y;
    }
    return s;
  }

  static Object[] doubleLoopVariableArgs(Random random) {
    // The trip count changes when x crosses an integer offset from 5: keep frac(x) off 0.
    return args(Math.floor(uniform(random, -1, 4)) + uniform(random, 0.1, 0.9), uniform(random, -2, 2));
  }

  /** An index computed from an active value (a constant, as the value's floor). */
  @Differentiable
  public static double computedIndex(double[] v, double x) {
    int i = (int) Math.floor(x);
    return v[i] * x + v[(i + 1) % v.length] / 2;
  }

  static Object[] computedIndexArgs(Random random) {
    return args(vector(random, 4, -1, 1), Math.floor(uniform(random, 0, 4)) + uniform(random, 0.1, 0.9));
  }

  /** A return inside a while loop nested in a for loop, with the loop variable in the result. */
  @Differentiable
  public static double nestedReturn(double[] xs, double x) {
    for (int i = 0; i < xs.length; i++) {
      double y = xs[i];
      int n = 0;
      while (y < 4) {
        y = y * 2 + x;
        n++;
        if (n == 3 && i == 2) {
          return y * i;
        }
      }
      x = x + y / 10;
    }
    return x;
  }

  static Object[] nestedReturnArgs(Random random) {
    // Trip counts depend on comparisons of y with 4; keep them off the boundary.
    while (true) {
      double[] xs = vector(random, 4, 0.2, 1.5);
      double x = uniform(random, 0.1, 0.5);
      if (nestedReturnMargin(xs, x) > 0.05) {
        return args(xs, x);
      }
    }
  }

  private static double nestedReturnMargin(double[] xs, double x) {
    double margin = Double.MAX_VALUE;
    for (int i = 0; i < xs.length; i++) {
      double y = xs[i];
      int n = 0;
      while (true) {
        margin = Math.min(margin, Math.abs(y - 4));
        if (!(y < 4)) {
          break;
        }
        y = y * 2 + x;
        n++;
        if (n == 3 && i == 2) {
          return margin;
        }
      }
      x = x + y / 10;
    }
    return margin;
  }

  /** A long recurrence: many saved values for the backward sweep. */
  @Differentiable
  public static double longRecurrence(double a, double b) {
    double y = 0.5;
    for (int t = 0; t < 2000; t++) {
      y = y + 0.001 * (Math.sin(a * y) - b * y);
    }
    return y;
  }

  static Object[] longRecurrenceArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, 0.5, 2));
  }

  /** Unused parameters get zero gradients; one only used in a condition too. */
  @Differentiable
  public static double unusedParameters(double x, double unused, double onlyInCondition, double[] alsoUnused) {
    return onlyInCondition > 0 ? x * x : -x;
  }

  static Object[] unusedParametersArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2), Domains.signed(random, 0.1, 2), vector(random, 2, -1, 1));
  }

  /** Enhanced for over the rows of a local 2-D array, writing through the row variable. */
  @Differentiable
  public static double localRowsLoop(double[] x) {
    double[][] M = new double[3][x.length];
    int r = 0;
    for (double[] row : M) {
      for (int j = 0; j < row.length; j++) {
        row[j] = x[j] * (r + 1) + x[(j + r) % x.length];
      }
      r++;
    }
    double s = 0;
    for (double[] row : M) {
      for (double v : row) {
        s += v * v;
      }
    }
    return s;
  }

  static Object[] localRowsLoopArgs(Random random) {
    return args(vector(random, 4, -1, 1));
  }
}
