package io.github.chainrule.runtime.check;

import io.github.chainrule.runtime.check.ParameterView.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Checks a gradient against two-sided differences of the function it claims to be the gradient
 * of.
 *
 * <p>For each checked coordinate {@code x_i} of the point, the numerical derivative is the
 * two-sided difference of the lecture,
 *
 * <pre>    (f(x + h e_i) - f(x - h e_i)) / 2h,    h = step * max(1, |x_i|)</pre>
 *
 * with {@code step} = {@value #DEFAULT_STEP} by default. The difference is divided by the step
 * actually taken, {@code (x_i + h) - (x_i - h)}, which is {@code 2h} up to the rounding of {@code
 * x_i + h}; dividing by it removes that rounding error. Why {@code 1e-5}: the error of a two-sided
 * difference is a truncation term {@code h^2 f'''/6} plus a rounding term near {@code eps |f| / h};
 * their sum is smallest near {@code h = eps^(1/3) ~ 6e-6}, where both are about {@code 1e-11}
 * times the size of {@code f}. Scaling by {@code max(1, |x_i|)} keeps the step meaningful for large
 * coordinates.
 *
 * <p>Each coordinate is judged by its relative error (see {@link #relativeError}) {@code |a - n| /
 * max(|a|, |n|, floor)}: relative for gradients larger than the floor, absolute (divided by the
 * floor) for smaller ones, because the difference itself carries noise of about {@code 1e-11 |f|}
 * that would make a pure relative error of a near-zero gradient meaningless. The default floor is
 * {@code 1e-3 * max(1, |f(x)|)}, so the noise stays far below the default tolerance {@value
 * #DEFAULT_TOLERANCE} for functions of any size; {@link #withFloor} fixes it instead.
 *
 * <p>Large parameters are sampled: at most {@link #withSampling maxPerParameter} coordinates of
 * each parameter (each array, each scalar) are checked, chosen uniformly without replacement by a
 * {@link SplittableRandom} with the given seed, so the same seed checks the same coordinates.
 *
 * <p>The point is perturbed in place: array coordinates are changed in the caller's arrays during
 * the check and each is restored to its exact original value (bit for bit) before the next one is
 * perturbed, also when the function throws. Scalar coordinates ({@code double}, or a record's
 * {@code double} component) are perturbed by passing a new point in which only that value differs.
 * The function must therefore read the point it is given (or the very arrays of the point), and must
 * not keep state between calls.
 *
 * <pre>{@code
 * GradientReport report =
 *     GradientCheck.of((Model.Params q) -> Model.score(q, x, c, k))
 *         .withSampling(50, 7)
 *         .check(params, Model_Grad.score(params, x, c, k).p());
 * report.assertPassed();
 * }</pre>
 *
 * <p>Instances are immutable; each {@code with...} method returns a new one.
 *
 * @param <T> the point's type: {@code Double}, {@code double[]}, {@code double[][]} or a record of
 *     these
 */
public final class GradientCheck<T> {
  /** Default relative step: {@code h = DEFAULT_STEP * max(1, |x_i|)}. */
  public static final double DEFAULT_STEP = 1e-5;

  /** Default largest accepted relative error. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /** The default floor is {@code DEFAULT_RELATIVE_FLOOR * max(1, |f(x)|)}. */
  public static final double DEFAULT_RELATIVE_FLOOR = 1e-3;

  /** Default most coordinates checked per parameter. */
  public static final int DEFAULT_MAX_PER_PARAMETER = 100;

  /** Default sampling seed. */
  public static final long DEFAULT_SEED = 0x5EED_CAFEL;

  private final ToDoubleFunction<? super T> function;
  private final String name;
  private final double step;
  private final double tolerance;
  private final double floor; // NaN: the default, 1e-3 * max(1, |f(x)|)
  private final int maxPerParameter;
  private final long seed;

  private GradientCheck(
      ToDoubleFunction<? super T> function,
      String name,
      double step,
      double tolerance,
      double floor,
      int maxPerParameter,
      long seed) {
    this.function = function;
    this.name = name;
    this.step = step;
    this.tolerance = tolerance;
    this.floor = floor;
    this.maxPerParameter = maxPerParameter;
    this.seed = seed;
  }

  /**
   * A check of gradients of {@code function} with the default settings.
   *
   * @param function the scalar function of the point, typically a lambda that calls the user's
   *     {@code @Differentiable} method with the point and fixed other arguments
   */
  public static <T> GradientCheck<T> of(ToDoubleFunction<? super T> function) {
    return new GradientCheck<>(
        Objects.requireNonNull(function, "function"),
        "",
        DEFAULT_STEP,
        DEFAULT_TOLERANCE,
        Double.NaN,
        DEFAULT_MAX_PER_PARAMETER,
        DEFAULT_SEED);
  }

  /**
   * Names the point in the report: a record's components become {@code p.W}, {@code p.b}; an array
   * point becomes {@code p[3]}. Without a name, components are named by themselves ({@code W[3][17]})
   * and an array or scalar point is called {@code x}.
   */
  public GradientCheck<T> named(String pointName) {
    return new GradientCheck<>(
        function, Objects.requireNonNull(pointName), step, tolerance, floor, maxPerParameter, seed);
  }

  /** Sets the relative step: {@code h = step * max(1, |x_i|)}; must be positive and finite. */
  public GradientCheck<T> withStep(double step) {
    if (!(step > 0 && step < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("step must be positive and finite, got " + step);
    }
    return new GradientCheck<>(function, name, step, tolerance, floor, maxPerParameter, seed);
  }

  /** Sets the largest accepted relative error; must be non-negative. */
  public GradientCheck<T> withTolerance(double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }
    return new GradientCheck<>(function, name, step, tolerance, floor, maxPerParameter, seed);
  }

  /**
   * Fixes the floor of {@link #relativeError}'s denominator (instead of {@code 1e-3 * max(1,
   * |f(x)|)}); must be positive.
   */
  public GradientCheck<T> withFloor(double floor) {
    if (!(floor > 0 && floor < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("floor must be positive and finite, got " + floor);
    }
    return new GradientCheck<>(function, name, step, tolerance, floor, maxPerParameter, seed);
  }

  /**
   * Checks at most {@code maxPerParameter} coordinates of each parameter, sampled with {@code
   * seed}; parameters with fewer coordinates are checked completely.
   */
  public GradientCheck<T> withSampling(int maxPerParameter, long seed) {
    if (maxPerParameter < 1) {
      throw new IllegalArgumentException("maxPerParameter must be >= 1, got " + maxPerParameter);
    }
    return new GradientCheck<>(function, name, step, tolerance, floor, maxPerParameter, seed);
  }

  /** Checks every coordinate, however many (two function calls each). */
  public GradientCheck<T> withoutSampling() {
    return new GradientCheck<>(
        function, name, step, tolerance, floor, Integer.MAX_VALUE, seed);
  }

  /** The largest accepted relative error. */
  public double tolerance() {
    return tolerance;
  }

  /**
   * Compares {@code gradient} with two-sided differences of the function at {@code point}.
   *
   * @param point where to differentiate; its arrays are perturbed during the call and restored
   *     exactly
   * @param gradient the gradient under test, shaped like {@code point} (a holder accessor's result)
   * @throws IllegalArgumentException if {@code point} is not a {@code double}, {@code double[]},
   *     {@code double[][]} or a record of these; a gradient of another shape is reported as a
   *     problem instead
   */
  public GradientReport check(T point, T gradient) {
    ParameterView at = ParameterView.of(name, point);
    List<String> problems = new ArrayList<>(at.sharedArrays());
    for (int i = 0; i < problems.size(); i++) {
      problems.set(i, problems.get(i) + ": their coordinates cannot be perturbed separately");
    }
    ParameterView grad;
    try {
      grad = ParameterView.of(name, gradient);
    } catch (IllegalArgumentException e) {
      problems.add("the gradient is not shaped like the point: " + e.getMessage());
      return new GradientReport(List.of(), problems, 0, tolerance, settings(Double.NaN));
    }
    List<Parameter> points = at.parameters();
    List<Parameter> grads = grad.parameters();
    int total = 0;
    for (Parameter p : points) {
      total += p.size;
    }
    if (grads.size() != points.size()) {
      problems.add(
          "the gradient has " + grads.size() + " parameters, the point has " + points.size());
      return new GradientReport(List.of(), problems, total, tolerance, settings(Double.NaN));
    }
    for (int i = 0; i < points.size(); i++) {
      if (!points.get(i).shape().equals(grads.get(i).shape())) {
        problems.add(
            "the gradient of "
                + points.get(i).name
                + " is a "
                + grads.get(i).shape()
                + ", the parameter is a "
                + points.get(i).shape());
      }
    }
    if (!problems.isEmpty()) {
      return new GradientReport(List.of(), problems, total, tolerance, settings(Double.NaN));
    }

    double value = function.applyAsDouble(point);
    double floorUsed =
        Double.isNaN(floor)
            ? DEFAULT_RELATIVE_FLOOR * (Double.isFinite(value) ? Math.max(1.0, Math.abs(value)) : 1.0)
            : floor;
    if (!Double.isFinite(value)) {
      problems.add("the function's value at the point is " + value);
    }
    List<GradientReport.Coordinate> coordinates = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < points.size(); i++) {
      Parameter p = points.get(i);
      Parameter g = grads.get(i);
      // one split per parameter, whether sampled or not, so a parameter's sample does not depend
      // on the sizes of the parameters before it
      int[] indices = sample(p.size, maxPerParameter, random.split());
      for (int index : indices) {
        double x = p.get(index);
        double numeric = twoSided(point, p, index, x);
        double analytic = g.get(index);
        coordinates.add(
            new GradientReport.Coordinate(
                p.name,
                p.coordinateName(index),
                x,
                analytic,
                numeric,
                relativeError(analytic, numeric, floorUsed)));
      }
    }
    double again = function.applyAsDouble(point);
    if (Double.doubleToLongBits(again) != Double.doubleToLongBits(value)) {
      problems.add(
          "the function gave "
              + value
              + " and then "
              + again
              + " at the same point: it must be deterministic and must not keep state");
    }
    return new GradientReport(coordinates, problems, total, tolerance, settings(floorUsed));
  }

  private double twoSided(T point, Parameter p, int index, double x) {
    double h = step * Math.max(1.0, Math.abs(x));
    double up = x + h;
    double down = x - h;
    double fUp;
    double fDown;
    if (p.isScalar()) {
      fUp = evaluate(p.scalarRebuild.apply(up));
      fDown = evaluate(p.scalarRebuild.apply(down));
    } else {
      int row = p.rowOf(index);
      int column = p.columnOf(index, row);
      double[] array = p.rows[row];
      try {
        array[column] = up;
        fUp = function.applyAsDouble(point);
        array[column] = down;
        fDown = function.applyAsDouble(point);
      } finally {
        array[column] = x; // exactly the original value: x was read from here
      }
    }
    return (fUp - fDown) / (up - down);
  }

  @SuppressWarnings("unchecked") // a rebuilt point has the point's own class
  private double evaluate(Object point) {
    return function.applyAsDouble((T) point);
  }

  private String settings(double floorUsed) {
    return String.format(
        Locale.ROOT,
        "step %.1e * max(1, |x|), floor %s",
        step,
        Double.isNaN(floorUsed) ? "-" : String.format(Locale.ROOT, "%.1e", floorUsed));
  }

  /**
   * {@code k = min(n, max)} distinct indices of {@code [0, n)} in increasing order: all of them
   * when {@code n <= max}, otherwise a uniform sample drawn by Floyd's algorithm.
   */
  static int[] sample(int n, int max, SplittableRandom random) {
    if (n <= max) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    Set<Integer> chosen = new HashSet<>();
    for (int j = n - max; j < n; j++) {
      int t = random.nextInt(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    int[] out = chosen.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(out); // the set's order is irrelevant once sorted
    return out;
  }

  /**
   * The error measure of a coordinate: {@code |analytic - numeric| / max(|analytic|, |numeric|,
   * floor)}. Equal values (including equal infinities) give 0; a NaN on either side gives NaN,
   * which never passes.
   */
  public static double relativeError(double analytic, double numeric, double floor) {
    if (analytic == numeric) {
      return 0.0;
    }
    double scale = Math.max(floor, Math.max(Math.abs(analytic), Math.abs(numeric)));
    double error = Math.abs(analytic - numeric) / scale;
    return Double.isInfinite(scale) ? Double.NaN : error;
  }

  /**
   * The two-sided difference {@code (f(x + h) - f(x - h)) / 2h} of a function of one variable,
   * with {@code 2h} taken as the step actually represented, {@code (x + h) - (x - h)}.
   */
  public static double twoSidedDifference(DoubleUnaryOperator f, double x, double h) {
    double up = x + h;
    double down = x - h;
    return (f.applyAsDouble(up) - f.applyAsDouble(down)) / (up - down);
  }
}
