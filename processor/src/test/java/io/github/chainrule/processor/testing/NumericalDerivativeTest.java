package io.github.chainrule.processor.testing;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** The numerical derivative must reach well below {@link GradientCheck#TOLERANCE} on hard cases. */
class NumericalDerivativeTest {
  private static double error(double exact, double estimate) {
    return GradientCheck.relativeError(exact, estimate);
  }

  @Test
  void polynomialIsAlmostExact() {
    assertThat(error(48.0, NumericalDerivative.derivative(x -> x * x * x, 4.0).value()))
        .isLessThan(1e-12);
  }

  @Test
  void exponentialWithLargeValues() {
    // f = exp(3x) at x = 4: f ~ 1.6e5, f''' ~ 4.4e6; a single central difference with h = 1e-6 is off
    // by ~1e-5 relative to max(1, |f'|) here; the extrapolated estimate is not.
    double x = 4.0;
    double exact = 3 * Math.exp(3 * x);
    assertThat(error(exact, NumericalDerivative.derivative(t -> Math.exp(3 * t), x).value()))
        .isLessThan(1e-9);
  }

  @Test
  void steepFunctionNearItsPole() {
    double x = 0.2;
    double exact = -1 / (x * x);
    assertThat(error(exact, NumericalDerivative.derivative(t -> 1 / t, x).value()))
        .isLessThan(1e-9);
  }

  @Test
  void largeArgumentScale() {
    double x = 1e4;
    double exact = Math.cos(x / 1e3) / 1e3;
    assertThat(error(exact, NumericalDerivative.derivative(t -> Math.sin(t / 1e3), x).value()))
        .isLessThan(1e-10);
  }

  @Test
  void kinkJustOutsideTheFirstStepDoesNotMatter() {
    // |x - 1| at x = 1.002: the largest step (0.001002) stays on one side of the kink.
    assertThat(error(1.0, NumericalDerivative.derivative(t -> Math.abs(t - 1), 1.002).value()))
        .isLessThan(1e-12);
  }

  @Test
  void stepChangesOfADataDependentLoopFarAwayDoNotMatter() {
    // Halving until below 1 changes the trip count at powers of two; 5.3 is far from 4 and 8.
    assertThat(
            error(
                1.0 / 8,
                NumericalDerivative.derivative(
                        t -> {
                          double y = t;
                          while (y > 1) {
                            y = y / 2;
                          }
                          return y;
                        },
                        5.3)
                    .value()))
        .isLessThan(1e-12);
  }

  @Test
  void singleCentralDifferenceDividesByTheStepActuallyTaken() {
    assertThat(NumericalDerivative.centralDifference(t -> 3 * t, 0.1, 1e-3)).isWithin(1e-13).of(3.0);
  }
}
