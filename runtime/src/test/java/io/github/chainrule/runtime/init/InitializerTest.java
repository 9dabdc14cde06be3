package io.github.chainrule.runtime.init;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializerTest {
  private static final int OUT = 300;
  private static final int IN = 200;
  private static final int N = OUT * IN;

  @Test
  void theSameSeedGivesTheSameWeights() {
    for (Initializer init :
        new Initializer[] {
          Initializer.xavierUniform(),
          Initializer.xavierNormal(),
          Initializer.heUniform(),
          Initializer.heNormal(),
          Initializer.uniform(-1, 2),
          Initializer.normal(1, 3)
        }) {
      assertThat(init.matrix(5, 7, 42)).isEqualTo(init.matrix(5, 7, 42));
      assertThat(init.matrix(5, 7, 42)).isNotEqualTo(init.matrix(5, 7, 43));
    }
  }

  @Test
  void valuesArePinnedForASeed() {
    // SplitMix64 and StrictMath fix these bits on every JDK; a change here changes users' models
    double[][] u = Initializer.xavierUniform().matrix(1, 2, new SplittableRandom(7));
    double a = Math.sqrt(6.0 / 3);
    SplittableRandom r = new SplittableRandom(7);
    assertThat(u[0][0]).isEqualTo(-a + 2 * a * r.nextDouble());
    assertThat(u[0][1]).isEqualTo(-a + 2 * a * r.nextDouble());
    assertThat(u[0][0]).isEqualTo(-0.3116085279902403); // the literal, in case SplittableRandom moved

    double[] n = Initializer.normal(0, 1).vector(2, 1, 1, new SplittableRandom(7));
    r = new SplittableRandom(7);
    double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - r.nextDouble()));
    double angle = 2 * Math.PI * r.nextDouble();
    assertThat(n[0]).isEqualTo(radius * StrictMath.cos(angle));
    assertThat(n[1]).isEqualTo(radius * StrictMath.sin(angle));
  }

  @Test
  void fillingInPlaceAndReturningNewArraysAgree() {
    double[][] w = new double[4][3];
    Initializer.heNormal().fill(w, 9);
    assertThat(w).isEqualTo(Initializer.heNormal().matrix(4, 3, 9));
    // a matrix is filled in reading order: the same values as a vector with the same fans
    double[] flat = Initializer.heNormal().vector(12, 3, 4, new SplittableRandom(9));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(w[i][j]).isEqualTo(flat[3 * i + j]);
      }
    }
  }

  @Test
  void xavierUniformHasTheTargetBoundMeanAndVariance() {
    double a = Math.sqrt(6.0 / (IN + OUT));
    double[][] w = Initializer.xavierUniform().matrix(OUT, IN, 1);
    for (double[] row : w) {
      for (double v : row) {
        assertThat(Math.abs(v)).isAtMost(a);
      }
    }
    assertUniformMoments(w, a);
    assertThat(Initializer.xavierUniform().standardDeviation(IN, OUT))
        .isWithin(1e-15).of(a / Math.sqrt(3));
  }

  @Test
  void xavierNormalHasTheTargetMeanAndVariance() {
    double std = Math.sqrt(2.0 / (IN + OUT));
    assertNormalMoments(Initializer.xavierNormal().matrix(OUT, IN, 2), std);
  }

  @Test
  void heUsesFanInAndTheReluGainLikePyTorch() {
    // kaiming_uniform_(w, nonlinearity='relu'): bound = sqrt(2) * sqrt(3 / fan_in), fan_in = IN
    double a = Math.sqrt(2.0) * Math.sqrt(3.0 / IN);
    assertUniformMoments(Initializer.heUniform().matrix(OUT, IN, 3), a);
    assertNormalMoments(Initializer.heNormal().matrix(OUT, IN, 4), Math.sqrt(2.0 / IN));
    // mode='fan_out' uses the number of rows
    assertNormalMoments(
        Initializer.heNormal().withFanOut().matrix(OUT, IN, 5), Math.sqrt(2.0 / OUT));
    assertThat(Initializer.heNormal().withGain(1).standardDeviation(IN, OUT))
        .isWithin(1e-15).of(1 / Math.sqrt(IN));
  }

  @Test
  void plainDistributionsAndZeros() {
    double[][] w = Initializer.normal(3, 0.5).matrix(OUT, IN, 6);
    double[] m = moments(w);
    assertThat(m[0]).isWithin(5 * 0.5 / Math.sqrt(N)).of(3);
    assertThat(Initializer.zeros().matrix(3, 4, 1)).isEqualTo(new double[3][4]);
    double[] v = {1, 2, 3};
    Initializer.constant(0.1).fill(v, 1, 1, new SplittableRandom(0));
    assertThat(v).isEqualTo(new double[] {0.1, 0.1, 0.1});
    double[][] u = Initializer.uniform(2, 5).matrix(OUT, IN, 8);
    for (double[] row : u) {
      for (double x : row) {
        assertThat(x).isAtLeast(2.0);
        assertThat(x).isLessThan(5.0);
      }
    }
  }

  @Test
  void gainsAreThoseOfPyTorch() {
    assertThat(Gain.TANH).isWithin(1e-15).of(5.0 / 3);
    assertThat(Gain.leakyRelu(0.01)).isWithin(1e-15).of(Math.sqrt(2 / (1 + 1e-4)));
    assertThat(Gain.leakyRelu(0)).isEqualTo(Gain.RELU);
  }

  @Test
  void refusesWhatPyTorchRefuses() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Initializer.xavierUniform().vector(3, 0, 3, new SplittableRandom(1)));
    IllegalArgumentException ragged =
        assertThrows(
            IllegalArgumentException.class,
            () -> Initializer.heNormal().fill(new double[][] {{1, 2}, {3}}, 1));
    assertThat(ragged).hasMessageThat().contains("row 1 has 1");
    assertThrows(IllegalStateException.class, () -> Initializer.xavierNormal().withFanOut());
    assertThrows(IllegalStateException.class, () -> Initializer.zeros().withGain(2));
    assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(2, 1));
  }

  /**
   * Mean within 5 standard errors of 0 and variance within 5 standard errors of {@code a^2 / 3},
   * the moments of {@code U(-a, a)} (for which {@code Var(s^2) ~ (mu4 - sigma^4) / n}, {@code mu4 =
   * a^4 / 5}).
   */
  private static void assertUniformMoments(double[][] w, double a) {
    double[] m = moments(w);
    double variance = a * a / 3;
    assertThat(m[0]).isWithin(5 * Math.sqrt(variance / N)).of(0.0);
    double varianceError = Math.sqrt((Math.pow(a, 4) / 5 - variance * variance) / N);
    assertThat(m[1]).isWithin(5 * varianceError).of(variance);
  }

  /** As above for {@code N(0, std^2)}: {@code Var(s^2) ~ 2 sigma^4 / n}; also the fourth moment. */
  private static void assertNormalMoments(double[][] w, double std) {
    double[] m = moments(w);
    double variance = std * std;
    assertThat(m[0]).isWithin(5 * std / Math.sqrt(N)).of(0.0);
    assertThat(m[1]).isWithin(5 * variance * Math.sqrt(2.0 / N)).of(variance);
    // kurtosis 3 tells a normal from a uniform of the same variance (whose kurtosis is 1.8)
    assertThat(m[2] / (m[1] * m[1])).isWithin(0.1).of(3.0);
  }

  /** Sample mean, variance and fourth central moment. */
  private static double[] moments(double[][] w) {
    double sum = 0;
    int n = 0;
    for (double[] row : w) {
      for (double v : row) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    double m2 = 0;
    double m4 = 0;
    for (double[] row : w) {
      for (double v : row) {
        double d = (v - mean) * (v - mean);
        m2 += d;
        m4 += d * d;
      }
    }
    return new double[] {mean, m2 / (n - 1), m4 / n};
  }
}
