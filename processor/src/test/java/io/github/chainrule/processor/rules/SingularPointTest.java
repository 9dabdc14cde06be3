package io.github.chainrule.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The singular-point policy of the rule table (DerivativeRules, docs/singular-points.md), pinned
 * exactly at each point. {@code POS}/{@code NEG} are the infinities; NaN is compared as NaN.
 */
class SingularPointTest {
  @BeforeEach
  void compile() {
    CompiledRules.forgetUnderMutationTesting();
  }

  private static final double POS = Double.POSITIVE_INFINITY;
  private static final double NEG = Double.NEGATIVE_INFINITY;
  private static final double NAN = Double.NaN;

  private static void expect(String method, double[] expected, Object... args) {
    double[] actual = CompiledRules.gradient("SingularPoints", method, args);
    assertWithMessage("gradient of %s at %s: %s", method, Arrays.toString(args), Arrays.toString(actual))
        .that(Arrays.equals(actual, expected))
        .isTrue();
  }

  @Test
  void atan2IsZeroAtTheOriginAndExactElsewhere() {
    expect("atan2", new double[] {0, 0}, 0.0, 0.0);
    expect("atan2", new double[] {0, 0}, -0.0, 0.0);
    expect("atan2", new double[] {1, 0}, 0.0, 1.0);
    expect("atan2", new double[] {0, -0.5}, 2.0, 0.0);
  }

  @Test
  void atan2OfArgumentsThatDoNotMoveHasZeroGradient() {
    // The fuzzer's seeds 987654883 and 987656526: NaN before the origin rule.
    expect("atan2OfZeros", new double[] {0}, 0.7, 0);
    expect("atan2OfZeros", new double[] {0}, -1.2, 0);
  }

  @Test
  void hypotIsZeroAtTheOrigin() {
    expect("hypot", new double[] {0, 0}, 0.0, 0.0);
    expect("hypot", new double[] {0.6, 0.8}, 3.0, 4.0);
  }

  @Test
  void powerZeroHasZeroDerivativeEvenAtZero() {
    expect("powZero", new double[] {0}, 0.0);
    expect("powZero", new double[] {0}, 2.0);
    expect("pow", new double[] {0, 0}, 0.0, 0.0);
  }

  @Test
  void powAtBaseZero() {
    // d/dx: 2 x; d/dp: zero, since 0^p = 0 for every p > 0
    expect("pow", new double[] {0, 0}, 0.0, 2.0);
    expect("pow", new double[] {1, 0}, 0.0, 1.0);
    // the true one-sided derivative of sqrt at 0
    expect("pow", new double[] {POS, 0}, 0.0, 0.5);
    expect("powHalf", new double[] {POS}, 0.0);
  }

  @Test
  void powAtANegativeBaseHasNoDerivativeInTheExponent() {
    expect("pow", new double[] {-4, NAN}, -2.0, 2.0);
    // ...but a zero gradient reaching it stays zero
    expect("scaledPow", new double[] {4, 0, 0}, 0.0, -2.0, 2.0);
  }

  @Test
  void infiniteOneSidedDerivativesAreInfinite() {
    expect("sqrt", new double[] {POS}, 0.0);
    expect("cbrt", new double[] {POS}, 0.0);
    expect("cbrt", new double[] {POS}, -0.0);
    expect("log", new double[] {POS}, 0.0);
    expect("log10", new double[] {POS}, 0.0);
    expect("log1p", new double[] {POS}, -1.0);
    expect("asin", new double[] {POS}, 1.0);
    expect("asin", new double[] {POS}, -1.0);
    expect("acos", new double[] {NEG}, 1.0);
    expect("acos", new double[] {NEG}, -1.0);
  }

  @Test
  void divisionByZero() {
    expect("divide", new double[] {POS, NEG}, 1.0, 0.0);
    expect("divide", new double[] {POS, NAN}, 0.0, 0.0);
  }

  @Test
  void absHasDerivativePlusOneAtZero() {
    expect("abs", new double[] {1}, 0.0);
    expect("abs", new double[] {1}, -0.0);
    expect("abs", new double[] {-1}, -3.0);
    expect("abs", new double[] {1}, 3.0);
  }

  @Test
  void maxAndMinRouteATieToTheFirstArgument() {
    expect("max", new double[] {1, 0}, 1.5, 1.5);
    expect("min", new double[] {1, 0}, 1.5, 1.5);
    expect("max", new double[] {0, 1}, 1.0, 2.0);
    expect("min", new double[] {1, 0}, 1.0, 2.0);
    expect("max", new double[] {1, 0}, 2.0, 1.0);
    expect("min", new double[] {0, 1}, 2.0, 1.0);
  }

  @Test
  void aZeroGradientReachingAnInfinitePartialStaysZero() {
    // PyTorch and JAX give NaN for d/dx here (0 * inf)
    expect("scaledSqrt", new double[] {0, 0}, 0.0, 0.0);
    expect("scaledSqrt", new double[] {2, 0.25}, 1.0, 4.0);
    // PyTorch and JAX give NaN: exp(1000) = inf meets the zero derivative of 1 / (1 + inf)
    expect("sigmoid", new double[] {0}, -1000.0);
    expect("sigmoid", new double[] {0}, 1000.0);
    expect("sigmoid", new double[] {0.25}, 0.0);
  }

  @Test
  void aValueThatOverflowedAndWasOverwrittenContributesNothing() {
    expect("overflowedThenOverwritten", new double[] {3}, 1.5);
  }

  @Test
  void aValueThatIsNeverUsedContributesNothing() {
    expect("unusedLog", new double[] {1}, 0.0);
    expect("overwrittenSqrt", new double[] {2}, 0.0);
  }

  @Test
  void aZeroInnerDerivativeMeetingAnInfinitePartialIsNaNAsDocumented() {
    expect("sqrtOfZeroTimes", new double[] {NAN}, 1.0);
  }
}
