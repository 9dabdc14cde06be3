package io.github.chainrule.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exact gradients of the constructs in {@code rules/Constructs.java}, worked out by hand in each
 * test's comments; the points are chosen so that every value is exactly representable.
 */
class ConstructTest {
  @BeforeEach
  void compile() {
    CompiledRules.forgetUnderMutationTesting();
  }

  private static void expect(String method, double[] expected, Object... args) {
    double[] actual = CompiledRules.gradient("Constructs", method, args);
    assertWithMessage("gradient of %s at %s: %s", method, Arrays.deepToString(args), Arrays.toString(actual))
        .that(Arrays.equals(actual, expected))
        .isTrue();
  }

  @Test
  void aTernaryConditionOverwrittenLaterIsRestored() {
    // c = 1: y = x^2, then c = -2 and z = x c = -2x: d/dx = 2x - 2 = 4 at x = 3; d/dc = -2 x = -6
    expect("ternaryThenOverwrite", new double[] {4, -6}, 3.0, 1.0);
    // c = -1: y = 3x, then c = 2 and z = 5x: d/dx = 8, d/dc = 0
    expect("ternaryThenOverwrite", new double[] {8, 0}, 3.0, -1.0);
  }

  @Test
  void aTernaryConditionOverwrittenInEachIterationIsRestored() {
    // s = 1, -1, 1, -1: acc = x*0 + x^2 + x*2 + x^2: d/dx = 2 + 4x = 14 at x = 3
    expect("ternaryInLoop", new double[] {14}, 3.0);
  }

  @Test
  void continueSkipsOnlyItsOwnIteration() {
    // i = 1, 3: d/dx = 4
    expect("continueEveryOther", new double[] {4}, 2.0);
    // i = 0: skip; i = 1: j = 0 (10), skip; i = 2: j = 0, 1 (20 + 21), skip: d/dx = 51
    expect("continueOuter", new double[] {51}, 2.0);
    // i = 1, 4, 5, 6: s = x^2 (1 + 4 + 5 + 6): d/dx = 2 x 16 = 96 at x = 3
    expect("continueInWhile", new double[] {96}, 3.0);
  }

  @Test
  void anAdjointWithSeveralScalarParametersFeedsEachArgument() {
    // weighted(a, b, c) = a b^2 + 3c;
    // f = weighted(x, y, 2x) + weighted(y, x, y) + 0.5 weighted(1, x, xy)
    //   = x y^2 + 6x + y x^2 + 3y + 0.5 (x^2 + 3xy)
    // df/dx = y^2 + 6 + 2xy + x + 1.5y, df/dy = 2xy + x^2 + 3 + 1.5x
    // at (x, y) = (2, 3): df/dx = 9 + 6 + 12 + 2 + 4.5 = 33.5, df/dy = 12 + 4 + 3 + 3 = 22
    expect("callsWeighted", new double[] {33.5, 22}, 2.0, 3.0);
  }

  @Test
  void scalarGradientsAroundAnArrayGoToTheirArguments() {
    // mixed(a, v, b) = a v0 + b v1;
    // f = 2 (y v0 + x v1) + x^2 v0 + 3 v1
    // df/dx = 2 v1 + 2 x v0; df/dv = (2y + x^2, 2x + 3); df/dy = 2 v0
    // at x = 2, v = (0.5, 4), y = 3: df/dx = 8 + 2 = 10; dv = (10, 7); df/dy = 1
    expect("callsMixed", new double[] {10, 10, 7, 1}, 2.0, new double[] {0.5, 4}, 3.0);
  }
}
