package io.github.chainrule.processor.testing;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of a gradient: for each differentiable parameter, in declaration order, its
 * coordinates flattened in {@link Coordinates} order. Used to compare the companion's calling forms
 * with each other without caring about the parameters' shapes.
 */
public final class Gradient {
  private final Map<String, double[]> byParameter;

  private Gradient(Map<String, double[]> byParameter) {
    this.byParameter = byParameter;
  }

  /** A builder that keeps insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The parameter names, in declaration order. */
  public Set<String> parameters() {
    return Collections.unmodifiableSet(byParameter.keySet());
  }

  /** A copy of the coordinates of {@code parameter}'s gradient. */
  public double[] get(String parameter) {
    double[] values = byParameter.get(parameter);
    if (values == null) {
      throw new IllegalArgumentException("no gradient for " + parameter + " in " + parameters());
    }
    return values.clone();
  }

  /** This gradient times {@code factor}. */
  public Gradient scaled(double factor) {
    Builder scaled = builder();
    byParameter.forEach(
        (name, values) -> scaled.put(name, Arrays.stream(values).map(v -> v * factor).toArray()));
    return scaled.build();
  }

  /** Whether every coordinate is exactly {@code 0.0} (or {@code -0.0}). */
  public boolean isZero() {
    return byParameter.values().stream().flatMapToDouble(Arrays::stream).allMatch(v -> v == 0.0);
  }

  /**
   * The first coordinate where {@code this} and {@code other} differ by more than {@code
   * tolerance} in {@link GradientCheck#relativeError relative error}, described for a failure
   * message, or {@code null} if they agree everywhere ({@code tolerance = 0} asks for bitwise equal
   * values, up to the sign of zero).
   */
  public String firstDifference(Gradient other, double tolerance) {
    if (!byParameter.keySet().equals(other.byParameter.keySet())) {
      return "parameters differ: " + parameters() + " vs " + other.parameters();
    }
    for (Map.Entry<String, double[]> entry : byParameter.entrySet()) {
      double[] mine = entry.getValue();
      double[] theirs = other.byParameter.get(entry.getKey());
      if (mine.length != theirs.length) {
        return entry.getKey() + ": " + mine.length + " vs " + theirs.length + " coordinates";
      }
      for (int i = 0; i < mine.length; i++) {
        boolean same =
            tolerance == 0
                ? mine[i] == theirs[i] || (Double.isNaN(mine[i]) && Double.isNaN(theirs[i]))
                : GradientCheck.relativeError(mine[i], theirs[i]) <= tolerance;
        if (!same) {
          return entry.getKey() + " coordinate " + i + ": " + mine[i] + " vs " + theirs[i];
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    byParameter.forEach(
        (name, values) ->
            out.append(out.length() == 1 ? "" : ", ")
                .append(name)
                .append('=')
                .append(Arrays.toString(values)));
    return out.append('}').toString();
  }

  /** Builds a {@link Gradient}. */
  public static final class Builder {
    private final Map<String, double[]> byParameter = new LinkedHashMap<>();

    private Builder() {}

    /** Adds the flattened gradient of {@code parameter}. */
    public Builder put(String parameter, double[] coordinates) {
      byParameter.put(parameter, coordinates.clone());
      return this;
    }

    /** The gradient. */
    public Gradient build() {
      return new Gradient(new LinkedHashMap<>(byParameter));
    }
  }
}
