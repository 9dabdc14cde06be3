package io.github.chainrule.runtime.check;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link GradientCheck}: one {@link Coordinate} per checked coordinate, and any
 * problems that make the comparison itself impossible (a gradient shaped unlike the point, a
 * function that gives different values for the same point).
 *
 * <p>{@link #toString()} is the readable account a failing test prints: the settings, how many
 * coordinates were checked out of how many, and the worst coordinates with both values, for
 * example
 *
 * <pre>
 * gradient check FAILED: 1 of 12 coordinates differ (relative error above 1.0e-06; step 1.0e-05 * max(1, |x|), floor 1.0e-03)
 *   coordinate        at               analytic                 numeric                  rel. error
 *   W[1][2]           0.300000         0.81000000000000005      0.41000000000000003      4.938e-01
 * </pre>
 */
public final class GradientReport {
  /** Most coordinates listed in {@link #toString()}. */
  public static final int LISTED = 10;

  /**
   * One checked coordinate.
   *
   * @param parameter the parameter's name, such as {@code W} or {@code p.W}
   * @param name the coordinate's name, such as {@code W[3][17]}
   * @param at the coordinate's value at the point
   * @param analytic the gradient under test
   * @param numeric the two-sided difference {@code (f(x + h) - f(x - h)) / 2h}
   * @param relativeError {@link GradientCheck#relativeError} of the two
   */
  public record Coordinate(
      String parameter,
      String name,
      double at,
      double analytic,
      double numeric,
      double relativeError) {}

  private final List<Coordinate> coordinates;
  private final List<String> problems;
  private final int total;
  private final double tolerance;
  private final String settings;

  GradientReport(
      List<Coordinate> coordinates,
      List<String> problems,
      int total,
      double tolerance,
      String settings) {
    this.coordinates = List.copyOf(coordinates);
    this.problems = List.copyOf(problems);
    this.total = total;
    this.tolerance = tolerance;
    this.settings = settings;
  }

  /** Every checked coordinate, in parameter order and reading order within a parameter. */
  public List<Coordinate> coordinates() {
    return coordinates;
  }

  /** Problems that prevented a comparison; a report with problems never passes. */
  public List<String> problems() {
    return problems;
  }

  /** How many coordinates the point has (checked or not; see sampling in {@link GradientCheck}). */
  public int totalCoordinates() {
    return total;
  }

  /** The largest accepted relative error. */
  public double tolerance() {
    return tolerance;
  }

  /**
   * The coordinates whose relative error exceeds the tolerance (or is NaN), worst first; ties keep
   * reading order.
   */
  public List<Coordinate> failures() {
    return coordinates.stream()
        .filter(c -> !(c.relativeError() <= tolerance))
        .sorted(WORST_FIRST)
        .toList();
  }

  /** The {@code n} coordinates with the largest relative error, worst first. */
  public List<Coordinate> worst(int n) {
    return coordinates.stream().sorted(WORST_FIRST).limit(n).toList();
  }

  /** The largest relative error among the checked coordinates (NaN if any is NaN; 0 if none). */
  public double worstRelativeError() {
    double worst = 0.0;
    for (Coordinate c : coordinates) {
      if (!(c.relativeError() <= worst)) {
        worst = c.relativeError();
      }
    }
    return worst;
  }

  /** Whether there are no problems and every checked coordinate is within the tolerance. */
  public boolean passed() {
    return problems.isEmpty() && failures().isEmpty();
  }

  /** Throws an {@link AssertionError} carrying {@link #toString()} unless {@link #passed()}. */
  public void assertPassed() {
    if (!passed()) {
      throw new AssertionError(toString());
    }
  }

  /** A one-line summary: passed or failed, and how many coordinates. */
  public String summary() {
    String checked =
        coordinates.size() == total
            ? total + " coordinates"
            : coordinates.size() + " sampled of " + total + " coordinates";
    if (passed()) {
      return String.format(
          Locale.ROOT,
          "gradient check passed: %s, worst relative error %.3e (tolerance %.1e; %s)",
          checked,
          worstRelativeError(),
          tolerance,
          settings);
    }
    int failed = failures().size();
    return String.format(
        Locale.ROOT,
        "gradient check FAILED: %s%d of %s differ (relative error above %.1e; %s)",
        problems.isEmpty() ? "" : problems.size() + " problem(s), ",
        failed,
        checked,
        tolerance,
        settings);
  }

  /**
   * The {@link #summary()}, the problems, and a table of the failing coordinates (or, when all
   * pass, the worst few), at most {@link #LISTED} rows.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(summary()).append('\n');
    for (String problem : problems) {
      out.append("  problem: ").append(problem).append('\n');
    }
    out.append(table());
    return out.toString();
  }

  /** The table part of {@link #toString()}: failing coordinates, or the worst three. */
  String table() {
    List<Coordinate> listed = failures();
    if (listed.isEmpty()) {
      listed = worst(3);
    }
    if (listed.isEmpty()) {
      return "";
    }
    int width = "coordinate".length();
    for (Coordinate c : listed.subList(0, Math.min(LISTED, listed.size()))) {
      width = Math.max(width, c.name().length());
    }
    String row = "  %-" + width + "s  %-14s %-24s %-24s %s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, row, "coordinate", "at", "analytic", "numeric", "rel. error"));
    for (Coordinate c : listed.subList(0, Math.min(LISTED, listed.size()))) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              c.name(),
              String.format(Locale.ROOT, "%.6g", c.at()),
              String.format(Locale.ROOT, "%.17g", c.analytic()),
              String.format(Locale.ROOT, "%.17g", c.numeric()),
              String.format(Locale.ROOT, "%.3e", c.relativeError())));
    }
    if (listed.size() > LISTED) {
      out.append("  ... and ").append(listed.size() - LISTED).append(" more\n");
    }
    return out.toString();
  }

  /** Largest relative error first (NaN counts as largest); stable, so ties keep reading order. */
  private static final Comparator<Coordinate> WORST_FIRST =
      Comparator.comparingDouble(
              (Coordinate c) ->
                  Double.isNaN(c.relativeError()) ? Double.POSITIVE_INFINITY : c.relativeError())
          .reversed();
}
