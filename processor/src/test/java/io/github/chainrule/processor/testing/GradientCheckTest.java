package io.github.chainrule.processor.testing;

import static com.google.common.truth.Truth.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker accepts hand-written correct gradients and catches wrong ones, naming them. */
class GradientCheckTest {
  /** s = u . tanh(W x + b), with the lecture's closed-form gradients written by hand. */
  private static double score(double[][] W, double[] b, double[] u, double[] x) {
    double s = 0;
    for (int i = 0; i < W.length; i++) {
      double z = b[i];
      for (int j = 0; j < x.length; j++) {
        z += W[i][j] * x[j];
      }
      s += u[i] * Math.tanh(z);
    }
    return s;
  }

  private static Object[] point() {
    return new Object[] {
      new double[][] {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}},
      new double[] {0.05, -0.1},
      new double[] {1.5, -0.7},
      new double[] {0.9, -1.1, 0.4}
    };
  }

  private static Map<Integer, Object> handWritten(Object[] args, double corruption) {
    double[][] W = (double[][]) args[0];
    double[] b = (double[]) args[1];
    double[] u = (double[]) args[2];
    double[] x = (double[]) args[3];
    double[][] dW = new double[2][3];
    double[] db = new double[2];
    double[] du = new double[2];
    double[] dx = new double[3];
    for (int i = 0; i < 2; i++) {
      double z = b[i];
      for (int j = 0; j < 3; j++) {
        z += W[i][j] * x[j];
      }
      double h = Math.tanh(z);
      du[i] = h;
      double delta = u[i] * (1 - h * h); // delta = u o f'(z)
      db[i] = delta;
      for (int j = 0; j < 3; j++) {
        dW[i][j] = delta * x[j]; // delta x^T
        dx[j] += W[i][j] * delta; // W^T delta
      }
    }
    dW[1][2] += corruption;
    return Map.of(0, dW, 1, db, 2, du, 3, dx);
  }

  private static GradientReport check(double corruption) {
    Object[] args = point();
    return GradientCheck.compare(
        "score",
        a -> score((double[][]) a[0], (double[]) a[1], (double[]) a[2], (double[]) a[3]),
        args,
        Map.of(0, "W", 1, "b", 2, "u", 3, "x"),
        handWritten(args, corruption));
  }

  @Test
  void correctGradientPassesWithRoomToSpare() {
    GradientReport report = check(0.0);
    assertThat(report.entries()).hasSize(6 + 2 + 2 + 3);
    assertThat(report.worstRelativeError()).isLessThan(1e-9);
    report.assertPassed(GradientCheck.TOLERANCE);
  }

  @Test
  void wrongCoordinateIsNamedWithBothValues() {
    GradientReport report = check(1e-4);
    assertThat(report.passed(GradientCheck.TOLERANCE)).isFalse();
    assertThat(report.failures(GradientCheck.TOLERANCE)).hasSize(1);
    GradientReport.Entry failure = report.failures(GradientCheck.TOLERANCE).get(0);
    assertThat(failure.coordinate()).isEqualTo("W[1][2]");
    String description = report.describe(GradientCheck.TOLERANCE);
    assertThat(description).contains("GRADIENT MISMATCH in score");
    assertThat(description).contains("W[1][2]");
    assertThat(description).contains(String.valueOf(failure.analytic()).substring(0, 8));
  }

  @Test
  void wrongShapeIsAProblem() {
    Object[] args = point();
    GradientReport report =
        GradientCheck.compare(
            "score",
            a -> score((double[][]) a[0], (double[]) a[1], (double[]) a[2], (double[]) a[3]),
            args,
            Map.of(1, "b"),
            Map.of(1, new double[3]));
    assertThat(report.passed(GradientCheck.TOLERANCE)).isFalse();
    assertThat(report.describe(GradientCheck.TOLERANCE)).contains("gradient of b has shape double[3]");
  }

  @Test
  void relativeErrorIsAbsoluteBelowOne() {
    assertThat(GradientCheck.relativeError(0.0, 1e-9)).isEqualTo(1e-9);
    assertThat(GradientCheck.relativeError(1000.0, 1000.001)).isWithin(1e-12).of(1e-6 / 1.000001);
    assertThat(GradientCheck.relativeError(Double.NaN, 1.0)).isPositiveInfinity();
  }
}
