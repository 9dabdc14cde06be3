package io.github.chainrule.runtime.check;

import static com.google.common.truth.Fact.fact;
import static com.google.common.truth.Fact.simpleFact;
import static com.google.common.truth.Truth.assertAbout;

import com.google.common.truth.Fact;
import com.google.common.truth.FailureMetadata;
import com.google.common.truth.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A Google Truth subject for gradients: asserts that a gradient matches two-sided differences of
 * the function it belongs to, using a {@link GradientCheck}.
 *
 * <pre>{@code
 * import static io.github.chainrule.runtime.check.GradientSubject.assertThatGradient;
 *
 * Model_Grad.Score grad = Model_Grad.score(params, x, c, k);
 * assertThatGradient(grad.p())                                 // the holder's accessor
 *     .matchesNumericalGradientOf(q -> Model.score(q, x, c, k)) // the function of that argument
 *     .atPoint(params);                                         // where grad was computed
 *
 * assertThatGradient(grad.x())
 *     .matchesNumericalGradientOf(v -> Model.score(params, v, c, k))
 *     .withTolerance(1e-7)
 *     .sampling(20, 42)
 *     .atPoint(x);
 * }</pre>
 *
 * <p>The entry point is called {@code assertThatGradient}, not {@code assertThat}: a test that also
 * imports {@code Truth.assertThat} would otherwise get Truth's own {@code assertThat(double[])} for
 * an array gradient. {@code assertAbout(gradients()).that(g)} works as usual.
 *
 * <p>A failure lists the worst coordinates by name, such as {@code W[3][17]}, with the analytic
 * and numerical values and their relative error.
 *
 * @param <T> the gradient's (and point's) type: {@code Double}, {@code double[]}, {@code
 *     double[][]} or a record of these
 */
public final class GradientSubject<T> extends Subject {
  private final T actual;

  private GradientSubject(FailureMetadata metadata, T actual) {
    super(metadata, actual);
    this.actual = actual;
  }

  /** The factory for {@code assertAbout(gradients()).that(gradient)}. */
  public static <T> Subject.Factory<GradientSubject<T>, T> gradients() {
    return GradientSubject::new;
  }

  /** Begins an assertion about {@code gradient}, the value of a holder accessor. */
  public static <T> GradientSubject<T> assertThatGradient(T gradient) {
    return assertAbout(GradientSubject.<T>gradients()).that(gradient);
  }

  /**
   * Starts comparing with the two-sided differences of {@code function}; the comparison runs at
   * {@link Comparison#atPoint}.
   *
   * @param function the scalar function whose gradient this is, as a function of the point
   */
  public Comparison matchesNumericalGradientOf(ToDoubleFunction<? super T> function) {
    return new Comparison(GradientCheck.of(Objects.requireNonNull(function, "function")));
  }

  /** A pending comparison: settings, then {@link #atPoint}. */
  public final class Comparison {
    private final GradientCheck<T> check;

    private Comparison(GradientCheck<T> check) {
      this.check = check;
    }

    /** See {@link GradientCheck#withTolerance}. */
    public Comparison withTolerance(double tolerance) {
      return new Comparison(check.withTolerance(tolerance));
    }

    /** See {@link GradientCheck#withStep}. */
    public Comparison withStep(double step) {
      return new Comparison(check.withStep(step));
    }

    /** See {@link GradientCheck#withFloor}. */
    public Comparison withFloor(double floor) {
      return new Comparison(check.withFloor(floor));
    }

    /** See {@link GradientCheck#withSampling}. */
    public Comparison sampling(int maxPerParameter, long seed) {
      return new Comparison(check.withSampling(maxPerParameter, seed));
    }

    /** See {@link GradientCheck#withoutSampling}. */
    public Comparison everyCoordinate() {
      return new Comparison(check.withoutSampling());
    }

    /** See {@link GradientCheck#named}. */
    public Comparison named(String pointName) {
      return new Comparison(check.named(pointName));
    }

    /**
     * Runs the check at {@code point} and fails, naming the worst coordinates, unless every checked
     * coordinate is within the tolerance.
     *
     * @return the report, for further inspection
     */
    public GradientReport atPoint(T point) {
      if (actual == null) {
        failWithoutActual(simpleFact("expected a gradient, but was null"));
        return null;
      }
      GradientReport report = check.check(point, actual);
      if (!report.passed()) {
        Fact[] facts = facts(report, report.failures());
        failWithoutActual(facts[0], Arrays.copyOfRange(facts, 1, facts.length));
      }
      return report;
    }
  }

  private static Fact[] facts(
      GradientReport report, List<GradientReport.Coordinate> failures) {
    List<Fact> out = new ArrayList<>();
    out.add(
        fact(
            "expected",
            String.format(
                Locale.ROOT,
                "a gradient matching two-sided differences (relative error <= %.1e)",
                report.tolerance())));
    out.add(simpleFact(report.summary()));
    for (String problem : report.problems()) {
      out.add(fact("problem", problem));
    }
    if (!failures.isEmpty()) {
      GradientReport.Coordinate worst = failures.get(0);
      out.add(fact("worst coordinate", worst.name()));
      out.add(fact("analytic", worst.analytic()));
      out.add(fact("numeric", worst.numeric()));
      out.add(fact("relative error", String.format(Locale.ROOT, "%.3e", worst.relativeError())));
      out.add(simpleFact(report.table().stripTrailing()));
    }
    return out.toArray(new Fact[0]);
  }
}
