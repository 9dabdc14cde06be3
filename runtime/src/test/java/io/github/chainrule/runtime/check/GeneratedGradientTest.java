package io.github.chainrule.runtime.check;

import static com.google.common.truth.Truth.assertThat;
import static io.github.chainrule.runtime.check.GradientSubject.assertThatGradient;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * End to end: gradients from companions that the chainrule processor generated for {@link
 * LectureNetwork} while these tests compiled, checked with the Truth subject.
 */
class GeneratedGradientTest {
  private static LectureNetwork.Params params() {
    return new LectureNetwork.Params(
        new double[][] {{0.1, -0.4, 0.3}, {0.5, 0.2, -0.6}, {-0.3, 0.8, 0.05}, {0.7, -0.1, 0.2}},
        new double[] {0.1, -0.2, 0.05, 0.0},
        new double[] {1.0, -0.5, 0.25, 2.0});
  }

  private static final double[] X = {0.9, -1.2, 0.4};

  @Test
  void theLecturesNetworkMatchesForEveryParameterAndTheInput() {
    LectureNetwork.Params p = params();
    double[] x = X.clone();
    LectureNetwork_Grad.Score grad = LectureNetwork_Grad.score(p, x);

    GradientReport report =
        assertThatGradient(grad.p())
            .matchesNumericalGradientOf(q -> LectureNetwork.score(q, x))
            .atPoint(p);
    assertThat(report.coordinates()).hasSize(12 + 4 + 4);
    assertThat(report.worstRelativeError()).isLessThan(1e-8);

    assertThatGradient(grad.x())
        .matchesNumericalGradientOf(v -> LectureNetwork.score(p, v))
        .atPoint(x);
  }

  @Test
  void aRecordWithAScalarComponent() {
    LectureNetwork.Scaled s = new LectureNetwork.Scaled(new double[] {0.5, -1.0, 2.0}, 1.5);
    LectureNetwork_Grad.Energy grad = LectureNetwork_Grad.energy(s);
    GradientReport report =
        assertThatGradient(grad.s())
            .matchesNumericalGradientOf(LectureNetwork::energy)
            .named("s")
            .atPoint(s);
    assertThat(report.coordinates().get(3).name()).isEqualTo("s.scale");
    assertThat(report.coordinates().get(3).analytic()).isWithin(1e-12).of(5.25 + Math.cos(1.5));
  }

  @Test
  void aWrongGradientFailsNamingTheCoordinate() {
    LectureNetwork.Params p = params();
    double[] x = X.clone();
    LectureNetwork.Params g = LectureNetwork_Grad.score(p, x).p();
    g.W()[2][1] += 1e-4; // a slightly wrong coordinate

    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () ->
                assertThatGradient(g)
                    .matchesNumericalGradientOf(q -> LectureNetwork.score(q, x))
                    .atPoint(p));
    assertThat(failure).hasMessageThat().contains("worst coordinate: W[2][1]");
    assertThat(failure).hasMessageThat().contains("1 of 20 coordinates differ");
  }

  @Test
  void theSubjectHonoursSettings() {
    // a loose tolerance accepts what a strict one refuses
    double[] v = {1.0, 2.0};
    double[] roughlyRight = {2.0 * (1 + 1e-5), 4.0};
    assertThrows(
        AssertionError.class,
        () ->
            assertThatGradient(roughlyRight)
                .matchesNumericalGradientOf(GradientCheckTest::sumOfSquares)
                .atPoint(v));
    assertThatGradient(roughlyRight)
        .matchesNumericalGradientOf(GradientCheckTest::sumOfSquares)
        .withTolerance(1e-4)
        .atPoint(v);
    GradientReport sampled =
        assertThatGradient(new double[] {2.0, 4.0})
            .matchesNumericalGradientOf(GradientCheckTest::sumOfSquares)
            .sampling(1, 3)
            .atPoint(v);
    assertThat(sampled.coordinates()).hasSize(1);
  }

  @Test
  void aNullGradientFails() {
    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () ->
                assertThatGradient((double[]) null)
                    .matchesNumericalGradientOf(GradientCheckTest::sumOfSquares)
                    .atPoint(new double[] {1}));
    assertThat(failure).hasMessageThat().contains("expected a gradient, but was null");
  }

  /**
   * A hand-written {@code @Derivative} with a bug in one coordinate ({@link
   * LectureNetwork#weightedNormAdjoint}): the check says which coordinate is wrong, and passes the
   * coordinates the adjoint gets right.
   */
  @Test
  void catchesAWrongHandWrittenDerivative() {
    double a = 0.8;
    double[] v = {0.3, -1.1, 0.7, 1.9};
    LectureNetwork_Grad.Penalized grad = LectureNetwork_Grad.penalized(a, v);

    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () ->
                assertThatGradient(grad.v())
                    .matchesNumericalGradientOf(w -> LectureNetwork.penalized(a, w))
                    .named("v")
                    .atPoint(v));
    assertThat(failure).hasMessageThat().contains("worst coordinate: v[2]");
    assertThat(failure).hasMessageThat().contains("1 of 4 coordinates differ");

    GradientReport report =
        GradientCheck.<double[]>of(w -> LectureNetwork.penalized(a, w))
            .named("v")
            .check(v, grad.v());
    GradientReport.Coordinate wrong = report.failures().get(0);
    assertThat(wrong.name()).isEqualTo("v[2]");
    assertThat(wrong.analytic()).isWithin(1e-12).of(a * 0.7); // what the buggy adjoint gave
    assertThat(wrong.numeric()).isWithin(1e-8).of(2 * a * 0.7); // the true derivative

    // the scalar parameter's gradient, which the adjoint returns, is right
    assertThatGradient(grad.a())
        .matchesNumericalGradientOf(b -> LectureNetwork.penalized(b, v))
        .atPoint(a);
  }
}
