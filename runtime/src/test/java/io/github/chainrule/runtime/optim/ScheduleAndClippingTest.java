package io.github.chainrule.runtime.optim;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.runtime.param.Parameters;
import org.junit.jupiter.api.Test;

class ScheduleAndClippingTest {

  @Test
  void schedulesHaveTheirTextbookValues() {
    assertThat(LearningRateSchedule.step(1.0, 10, 0.5).at(9)).isEqualTo(1.0);
    assertThat(LearningRateSchedule.step(1.0, 10, 0.5).at(10)).isEqualTo(0.5);
    assertThat(LearningRateSchedule.step(1.0, 10, 0.5).at(25)).isEqualTo(0.25);
    assertThat(LearningRateSchedule.exponential(2.0, 0.5).at(3)).isEqualTo(0.25);
    LearningRateSchedule cosine = LearningRateSchedule.cosine(1.0, 100, 0.1);
    assertThat(cosine.at(0)).isEqualTo(1.0);
    assertThat(cosine.at(50)).isWithin(1e-15).of(0.55);
    assertThat(cosine.at(100)).isWithin(1e-15).of(0.1);
    assertThat(cosine.at(200)).isWithin(1e-15).of(1.0); // PyTorch's cosine continues as a wave
    LearningRateSchedule warm = LearningRateSchedule.linearWarmup(1.0, 0.25, 4);
    assertThat(warm.at(0)).isEqualTo(0.25);
    assertThat(warm.at(2)).isEqualTo(0.625);
    assertThat(warm.at(4)).isEqualTo(1.0);
    assertThat(warm.at(40)).isEqualTo(1.0);
  }

  @Test
  void thenRestartsTheNextScheduleAtTheMilestone() {
    LearningRateSchedule s =
        LearningRateSchedule.linearWarmup(1.0, 0.5, 2)
            .then(2, LearningRateSchedule.exponential(1.0, 0.5));
    assertThat(s.at(0)).isEqualTo(0.5);
    assertThat(s.at(1)).isEqualTo(0.75);
    assertThat(s.at(2)).isEqualTo(1.0);
    assertThat(s.at(3)).isEqualTo(0.5);
    Sgd sgd = Sgd.plain(1.0, Parameters.of(new double[1]), Parameters.of(new double[1]));
    s.applyTo(sgd, 3);
    assertThat(sgd.learningRate()).isEqualTo(0.5);
  }

  @Test
  void schedulesRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(1, 0, 1, 5));
    assertThrows(
        IllegalArgumentException.class,
        () -> LearningRateSchedule.constant(1).then(-1, LearningRateSchedule.constant(2)));
  }

  @Test
  void clippingScalesToTheMaxNormAndReturnsTheTotal() {
    double[] a = {3, 0};
    double[][] m = {{0, 4}};
    Parameters g = Parameters.of(a, m);
    double total = GradientClipping.clipGlobalNorm(g, 1.0);
    assertThat(total).isEqualTo(5.0);
    assertThat(GradientClipping.globalNorm(g)).isWithin(1e-6).of(1.0);
    assertThat(a[0]).isWithin(1e-12).of(3.0 / (5.0 + 1e-6));
  }

  @Test
  void clippingBelowTheMaxLeavesGradientsAlone() {
    double[] a = {0.3, -0.4};
    double total = GradientClipping.clipGlobalNorm(Parameters.of(a), 10.0);
    assertThat(total).isWithin(1e-15).of(0.5);
    assertThat(a).usingExactEquality().containsExactly(0.3, -0.4).inOrder();
  }

  @Test
  void otherNorms() {
    Parameters g = Parameters.of(new double[] {1, -7}, new double[][] {{2, 2}});
    assertThat(GradientClipping.globalNorm(g, Double.POSITIVE_INFINITY)).isEqualTo(7.0);
    assertThat(GradientClipping.globalNorm(g, 1.0)).isWithin(1e-12).of(12.0);
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.globalNorm(g, 0));
  }
}
