package io.github.chainrule.runtime.check;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
  /** A record point with a matrix, a vector and a scalar. */
  record Point(double[][] W, double[] b, double c) {}

  /** f = sum W_ij^3 / 3 + sum sin(b_i) + c^2 * sum b_i; a hand-derived gradient below. */
  static double f(Point p) {
    double s = 0;
    for (double[] row : p.W()) {
      for (double w : row) {
        s += w * w * w / 3;
      }
    }
    double sumB = 0;
    for (double bi : p.b()) {
      s += Math.sin(bi);
      sumB += bi;
    }
    return s + p.c() * p.c() * sumB;
  }

  static Point gradient(Point p) {
    double[][] dW = new double[p.W().length][];
    for (int i = 0; i < dW.length; i++) {
      dW[i] = new double[p.W()[i].length];
      for (int j = 0; j < dW[i].length; j++) {
        dW[i][j] = p.W()[i][j] * p.W()[i][j];
      }
    }
    double sumB = 0;
    double[] db = new double[p.b().length];
    for (int i = 0; i < db.length; i++) {
      db[i] = Math.cos(p.b()[i]) + p.c() * p.c();
      sumB += p.b()[i];
    }
    return new Point(dW, db, 2 * p.c() * sumB);
  }

  static Point point() {
    return new Point(
        new double[][] {{0.1, -0.7, 1.3}, {2.0, 0.5, -1.1}}, new double[] {0.3, -0.2}, 0.9);
  }

  @Test
  void passesACorrectGradientOfARecord() {
    Point p = point();
    GradientReport report = GradientCheck.of(GradientCheckTest::f).check(p, gradient(p));
    assertThat(report.problems()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(report.coordinates()).hasSize(6 + 2 + 1);
    assertThat(report.totalCoordinates()).isEqualTo(9);
    assertThat(report.worstRelativeError()).isLessThan(1e-8);
    assertThat(report.coordinates().stream().map(GradientReport.Coordinate::name).toList())
        .containsExactly(
            "W[0][0]", "W[0][1]", "W[0][2]", "W[1][0]", "W[1][1]", "W[1][2]", "b[0]", "b[1]", "c")
        .inOrder();
  }

  @Test
  void catchesAWrongCoordinateAndNamesIt() {
    Point p = point();
    Point g = gradient(p);
    g.W()[1][2] *= 1.001; // a small error in one coordinate
    GradientReport report = GradientCheck.of(GradientCheckTest::f).check(p, g);
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).hasSize(1);
    GradientReport.Coordinate bad = report.failures().get(0);
    assertThat(bad.name()).isEqualTo("W[1][2]");
    assertThat(bad.parameter()).isEqualTo("W");
    assertThat(bad.at()).isEqualTo(-1.1);
    assertThat(bad.analytic()).isEqualTo(g.W()[1][2]);
    assertThat(bad.numeric()).isWithin(1e-8).of(1.21);
    assertThat(bad.relativeError()).isWithin(1e-6).of(0.001 / 1.001);
    assertThat(report.toString()).contains("gradient check FAILED: 1 of 9 coordinates differ");
    assertThat(report.toString()).contains("W[1][2]");
    AssertionError error = assertThrows(AssertionError.class, report::assertPassed);
    assertThat(error).hasMessageThat().contains("W[1][2]");
  }

  @Test
  void catchesAWrongScalarComponent() {
    Point p = point();
    Point g = gradient(p);
    Point wrong = new Point(g.W(), g.b(), -g.c());
    GradientReport report = GradientCheck.of(GradientCheckTest::f).named("p").check(p, wrong);
    assertThat(report.failures().stream().map(GradientReport.Coordinate::name).toList())
        .containsExactly("p.c");
  }

  @Test
  void worksOnPlainArraysAndScalars() {
    double[] v = {0.5, -1.5, 2.5};
    double[] dv = {2 * 0.5, 2 * -1.5, 2 * 2.5};
    assertThat(GradientCheck.<double[]>of(GradientCheckTest::sumOfSquares).check(v, dv).passed())
        .isTrue();

    double[][] m = {{1, 2}, {3}}; // ragged rows are fine
    double[][] dm = {{2, 4}, {6}};
    GradientReport matrix = GradientCheck.<double[][]>of(GradientCheckTest::sumOfSquares).check(m, dm);
    assertThat(matrix.passed()).isTrue();
    assertThat(matrix.coordinates().get(2).name()).isEqualTo("x[1][0]");

    GradientReport scalar = GradientCheck.<Double>of(x -> Math.exp(x)).check(0.7, Math.exp(0.7));
    assertThat(scalar.passed()).isTrue();
    assertThat(scalar.coordinates().get(0).name()).isEqualTo("x");
    assertThat(GradientCheck.<Double>of(x -> Math.exp(x)).check(0.7, 2.0).passed()).isFalse();
  }

  @Test
  void restoresEveryPerturbedValueExactly() {
    Point p =
        new Point(
            new double[][] {{0.1, 1.0 / 3}, {Math.PI, -1e-300}}, new double[] {Math.E, 7e12}, 0.2);
    Point original = new Point(deepCopy(p.W()), p.b().clone(), p.c());
    GradientCheck.of(GradientCheckTest::f).check(p, gradient(p));
    for (int i = 0; i < 2; i++) {
      assertThat(bits(p.W()[i])).isEqualTo(bits(original.W()[i]));
    }
    assertThat(bits(p.b())).isEqualTo(bits(original.b()));
  }

  @Test
  void restoresTheValueWhenTheFunctionThrows() {
    double[] v = {0.1, 0.2, 0.3};
    AtomicInteger calls = new AtomicInteger();
    GradientCheck<double[]> check =
        GradientCheck.of(
            x -> {
              if (calls.incrementAndGet() == 4) { // while v[1] is perturbed
                throw new IllegalStateException("boom");
              }
              return sumOfSquares(x);
            });
    assertThrows(IllegalStateException.class, () -> check.check(v, new double[3]));
    assertThat(v).isEqualTo(new double[] {0.1, 0.2, 0.3});
  }

  @Test
  void samplingIsDeterministicForASeedAndBounded() {
    double[][] big = new double[40][50];
    SplittableRandom random = new SplittableRandom(3);
    for (double[] row : big) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextDouble(-1, 1);
      }
    }
    double[][] grad = new double[40][50];
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 50; j++) {
        grad[i][j] = 2 * big[i][j];
      }
    }
    GradientCheck<double[][]> check =
        GradientCheck.<double[][]>of(GradientCheckTest::sumOfSquares).withSampling(25, 11);
    GradientReport first = check.check(big, grad);
    GradientReport second = check.check(big, grad);
    GradientReport other = check.withSampling(25, 12).check(big, grad);
    assertThat(first.passed()).isTrue();
    assertThat(first.coordinates()).hasSize(25);
    assertThat(first.totalCoordinates()).isEqualTo(2000);
    assertThat(names(first)).isEqualTo(names(second));
    assertThat(names(first)).isNotEqualTo(names(other));
    assertThat(first.summary()).contains("25 sampled of 2000 coordinates");
    // distinct coordinates, in reading order
    assertThat(names(first)).containsNoDuplicates();
    assertThat(GradientCheck.<double[][]>of(GradientCheckTest::sumOfSquares).withoutSampling().check(big, grad)
            .coordinates())
        .hasSize(2000);
  }

  @Test
  void sampleIsUniformEnoughAndSorted() {
    int[] counts = new int[10];
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 2000; trial++) {
      int[] s = GradientCheck.sample(10, 3, random.split());
      assertThat(s.length).isEqualTo(3);
      assertThat(s[0] < s[1] && s[1] < s[2]).isTrue();
      for (int i : s) {
        counts[i]++;
      }
    }
    for (int c : counts) {
      assertThat(c).isIn(com.google.common.collect.Range.closed(520, 680)); // 600 expected
    }
  }

  @Test
  void reportsAGradientShapedUnlikeThePoint() {
    GradientReport report =
        GradientCheck.<double[][]>of(GradientCheckTest::sumOfSquares)
            .check(new double[][] {{1, 2, 3}}, new double[][] {{1, 2}});
    assertThat(report.passed()).isFalse();
    assertThat(report.problems())
        .containsExactly("the gradient of x is a double[1][2], the parameter is a double[1][3]");
    assertThat(report.toString()).contains("problem: the gradient of x is a double[1][2]");
  }

  @Test
  void reportsAFunctionThatKeepsState() {
    AtomicInteger calls = new AtomicInteger();
    GradientReport report =
        GradientCheck.<double[]>of(x -> sumOfSquares(x) + calls.incrementAndGet() * 1e-3)
            .check(new double[] {1}, new double[] {2});
    assertThat(report.passed()).isFalse();
    assertThat(report.problems().get(0)).contains("must be deterministic");
  }

  @Test
  void reportsSharedArrays() {
    double[] shared = {1, 2};
    record Tied(double[] a, double[] b) {}
    Tied tied = new Tied(shared, shared);
    GradientReport report =
        GradientCheck.<Tied>of(t -> sumOfSquares(t.a()) + sumOfSquares(t.b()))
            .check(tied, new Tied(new double[] {4, 8}, new double[] {4, 8}));
    assertThat(report.problems()).containsExactly(
        "a and b share an array: their coordinates cannot be perturbed separately");
  }

  @Test
  void relativeErrorIsDefinedWithAFloor() {
    assertThat(GradientCheck.relativeError(1.0, 1.0, 1e-3)).isEqualTo(0.0);
    assertThat(GradientCheck.relativeError(2.0, 1.0, 1e-3)).isEqualTo(0.5);
    assertThat(GradientCheck.relativeError(-1.0, 1.0, 1e-3)).isEqualTo(2.0);
    // both tiny: divided by the floor, an absolute error
    assertThat(GradientCheck.relativeError(0.0, 1e-12, 1e-3)).isWithin(1e-20).of(1e-9);
    assertThat(GradientCheck.relativeError(Double.NaN, 1.0, 1e-3)).isNaN();
    assertThat(GradientCheck.relativeError(Double.POSITIVE_INFINITY, 1.0, 1e-3)).isNaN();
  }

  @Test
  void twoSidedDifferenceIsTheLecturesFormula() {
    // exact for quadratics: (f(x+h) - f(x-h)) / 2h = 2x for f = x^2
    assertThat(GradientCheck.twoSidedDifference(x -> x * x, 3.0, 0.5)).isEqualTo(6.0);
    assertThat(GradientCheck.twoSidedDifference(Math::sin, 1.0, 1e-5)).isWithin(1e-10).of(Math.cos(1.0));
  }

  @Test
  void rejectsAPointThatIsNotDifferentiable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradientCheck.<Object>of(x -> 0).check("text", "text"));
    assertThat(e).hasMessageThat().contains("java.lang.String");
  }

  @Test
  void largeFunctionValuesDoNotCauseFalseFailures() {
    // f ~ 1e6: the two-sided difference carries noise near 1e-5 absolute; the default floor scales
    double[] v = {1e-4, 3.0, -2.0};
    GradientReport report =
        GradientCheck.<double[]>of(x -> 1e6 + x[0] * 1e-9 + x[1] * x[2])
            .check(v, new double[] {1e-9, -2.0, 3.0});
    assertThat(report.passed()).isTrue();
  }

  static double sumOfSquares(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  static double sumOfSquares(double[][] m) {
    double s = 0;
    for (double[] row : m) {
      s += sumOfSquares(row);
    }
    return s;
  }

  private static List<String> names(GradientReport report) {
    return report.coordinates().stream().map(GradientReport.Coordinate::name).toList();
  }

  private static double[][] deepCopy(double[][] m) {
    return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
  }

  private static long[] bits(double[] v) {
    return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
