package io.github.chainrule.processor.testing;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link GradientCheck}: one entry per checked coordinate and any structural
 * problems (a gradient shaped unlike its argument). {@link #describe} names the function, the
 * point, and for each failing coordinate the parameter, the coordinate, the analytic and the
 * numerical value.
 */
public final class GradientReport {
  /** Most failing coordinates listed in a description. */
  private static final int LISTED = 25;

  /**
   * One checked coordinate.
   *
   * @param parameter the parameter's source name
   * @param coordinate the coordinate, such as {@code p.W()[1][2]}
   * @param at the coordinate's value at the point
   * @param analytic the companion's gradient
   * @param numeric the numerical estimate
   * @param numericError the estimate's own error estimate (Ridders' tableau)
   */
  public record Entry(
      String parameter,
      String coordinate,
      double at,
      double analytic,
      double numeric,
      double numericError) {
    /** {@link GradientCheck#relativeError}{@code (analytic, numeric)}. */
    public double relativeError() {
      return GradientCheck.relativeError(analytic, numeric);
    }
  }

  private final String function;
  private final String point;
  private final List<Entry> entries;
  private final List<String> problems;

  GradientReport(String function, String point, List<Entry> entries, List<String> problems) {
    this.function = function;
    this.point = point;
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
  }

  /** Every checked coordinate, in parameter and coordinate order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Structural problems, such as a gradient shaped unlike its argument. */
  public List<String> problems() {
    return problems;
  }

  /** The coordinates whose relative error exceeds {@code tolerance}, worst first. */
  public List<Entry> failures(double tolerance) {
    return entries.stream()
        .filter(e -> !(e.relativeError() <= tolerance))
        .sorted(Comparator.comparingDouble(Entry::relativeError).reversed())
        .toList();
  }

  /** The largest relative error (0 if nothing was checked). */
  public double worstRelativeError() {
    return entries.stream().mapToDouble(Entry::relativeError).max().orElse(0.0);
  }

  /** Whether there are no problems and every coordinate is within {@code tolerance}. */
  public boolean passed(double tolerance) {
    return problems.isEmpty() && failures(tolerance).isEmpty();
  }

  /** Throws an {@link AssertionError} with {@link #describe} unless {@link #passed}. */
  public void assertPassed(double tolerance) {
    if (!passed(tolerance)) {
      throw new AssertionError(describe(tolerance));
    }
  }

  /** A readable account: function, point, problems, and the failing (or worst) coordinates. */
  public String describe(double tolerance) {
    StringBuilder out = new StringBuilder();
    List<Entry> failures = failures(tolerance);
    boolean passed = passed(tolerance);
    out.append(passed ? "gradient of " : "GRADIENT MISMATCH in ")
        .append(function)
        .append(" at ")
        .append(point)
        .append(String.format(Locale.ROOT, " (tolerance %.1e, %d coordinates", tolerance, entries.size()))
        .append(passed ? ", all within)" : ", " + failures.size() + " outside)")
        .append('\n');
    for (String problem : problems) {
      out.append("  problem: ").append(problem).append('\n');
    }
    List<Entry> listed =
        failures.isEmpty()
            ? entries.stream()
                .sorted(Comparator.comparingDouble(Entry::relativeError).reversed())
                .limit(3)
                .toList()
            : failures;
    if (!listed.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-28s %-14s %-24s %-24s %-10s %s%n",
              "coordinate",
              "at",
              "analytic",
              "numeric",
              "(+-)",
              "rel.error"));
    }
    for (Entry e : listed.subList(0, Math.min(LISTED, listed.size()))) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-28s %-14.6g %-24.17g %-24.17g %-10.1e %.3e%n",
              e.coordinate(),
              e.at(),
              e.analytic(),
              e.numeric(),
              e.numericError(),
              e.relativeError()));
    }
    if (listed.size() > LISTED) {
      out.append("  ... ").append(listed.size() - LISTED).append(" more\n");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return describe(GradientCheck.TOLERANCE);
  }
}
