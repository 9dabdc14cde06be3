package io.github.chainrule.processor.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * Derivatives of a scalar function of one variable by central differences, refined by Richardson
 * extrapolation (Ridders' method, as in Numerical Recipes' {@code dfridr}).
 *
 * <p>Why not a single central difference {@code (f(x+h) - f(x-h)) / 2h}: its error is a
 * truncation term {@code h^2 f'''(x) / 6} plus a rounding term of about {@code eps |f| / h}. The
 * best fixed {@code h} (about {@code eps^(1/3) ~ 6e-6} times the scale of {@code x}) leaves an error
 * near {@code 1e-10 * (|f| + |f'''|)}, which is fine for gentle functions but not reliably below the
 * {@code 1e-6} tolerance for functions with large values or large higher derivatives (exponentials,
 * long recurrences, {@code pow} with big exponents), and it is fragile for {@code h} chosen too small.
 *
 * <p>Ridders' method takes central differences at {@code h0, h0/1.4, h0/1.4^2, ...} and builds a
 * Neville tableau that extrapolates them to {@code h -> 0}, cancelling the {@code h^2, h^4, ...}
 * terms one column at a time. Each entry comes with an error estimate (its distance to its two
 * parents); the answer is the entry with the smallest estimate, and the tableau stops once higher
 * orders get worse by a factor {@link #SAFE} (rounding has taken over). Because the first step is
 * large ({@code h0 = 1e-3 * max(1, |x|)}), rounding stays small ({@code eps |f| / h0 ~ 2e-13 |f|}),
 * and the extrapolation removes the truncation error: typical accuracy is {@code 1e-10} to {@code
 * 1e-13} relative. The steps shrink to about {@code h0 / 1.4^(TABLE-1) ~ 1e-5 * max(1, |x|)}.
 *
 * <p>The price: every difference must see a smooth function, so points must be farther than
 * {@code h0} from kinks and branch boundaries ({@code abs} at 0, {@code max} ties, a loop's trip
 * count changing). A kink inside the first step is not reliably detected: differences of a
 * straddled kink vary smoothly in {@code h} and extrapolate to a wrong limit with a small error
 * estimate. The corpus keeps its points at least {@code 1e-2} (relative) away from any kink.
 */
public final class NumericalDerivative {
  /** First step, relative to {@code max(1, |x|)}. */
  public static final double RELATIVE_STEP = 1e-3;

  /** Step shrink factor between tableau rows. */
  private static final double SHRINK = 1.4;

  private static final double SHRINK2 = SHRINK * SHRINK;

  /** Tableau size: the most central differences taken. */
  private static final int TABLE = 15;

  /** Stop when a higher order is worse than the best estimate by this factor. */
  private static final double SAFE = 2.0;

  /** A derivative estimate with its error estimate. */
  public record Estimate(double value, double error) {}

  private NumericalDerivative() {}

  /** The derivative of {@code f} at {@code x}. */
  public static Estimate derivative(DoubleUnaryOperator f, double x) {
    double h = RELATIVE_STEP * Math.max(1.0, Math.abs(x));
    double[][] a = new double[TABLE][TABLE];
    a[0][0] = centralDifference(f, x, h);
    double best = a[0][0];
    double error = Double.MAX_VALUE;
    for (int i = 1; i < TABLE; i++) {
      h /= SHRINK;
      a[0][i] = centralDifference(f, x, h);
      double factor = SHRINK2;
      for (int j = 1; j <= i; j++) {
        // Extrapolate: eliminates the h^(2j) term using two differences of neighbouring steps.
        a[j][i] = (a[j - 1][i] * factor - a[j - 1][i - 1]) / (factor - 1.0);
        factor *= SHRINK2;
        double estimate =
            Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
        if (estimate <= error) {
          error = estimate;
          best = a[j][i];
        }
      }
      if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= SAFE * error) {
        break;
      }
    }
    return new Estimate(best, error);
  }

  /** {@code (f(x + h) - f(x - h)) / 2h}, with {@code h} rounded to a representable step. */
  public static double centralDifference(DoubleUnaryOperator f, double x, double h) {
    // (x + h) - (x - h) is the step actually taken; dividing by it instead of 2h removes the error
    // of rounding x + h and x - h.
    double up = x + h;
    double down = x - h;
    return (f.applyAsDouble(up) - f.applyAsDouble(down)) / (up - down);
  }
}
