package io.github.chainrule.example.ner.report;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Entity-level scores on one data set, overall and per type, as the conlleval script reports them.
 *
 * @param precision overall entity-level precision, a fraction in {@code [0, 1]}
 * @param recall overall entity-level recall, a fraction in {@code [0, 1]}
 * @param f1 overall entity-level F1, a fraction in {@code [0, 1]}
 * @param accuracy token-level tag accuracy, a fraction in {@code [0, 1]}
 * @param perType one entry per entity type, in the order the page should show them (conlleval sorts
 *     them by name); types are distinct; copied, unmodifiable
 */
public record Scores(
    double precision, double recall, double f1, double accuracy, List<TypeScore> perType) {

  /** Checks the fractions, copies the list and checks that no type appears twice. */
  public Scores {
    requireFraction("overall precision", precision);
    requireFraction("overall recall", recall);
    requireFraction("overall F1", f1);
    requireFraction("token accuracy", accuracy);
    perType = List.copyOf(Objects.requireNonNull(perType, "perType"));
    Set<String> seen = new HashSet<>();
    for (TypeScore t : perType) {
      if (!seen.add(t.type())) {
        throw new IllegalArgumentException("entity type " + t.type() + " appears twice");
      }
    }
  }

  /** The number of gold entities over all types. */
  public long gold() {
    return perType.stream().mapToLong(TypeScore::gold).sum();
  }

  /** The number of predicted entities over all types. */
  public long found() {
    return perType.stream().mapToLong(TypeScore::found).sum();
  }

  /** The number of correctly predicted entities over all types. */
  public long correct() {
    return perType.stream().mapToLong(TypeScore::correct).sum();
  }

  static void requireFraction(String what, double value) {
    // also catches percentages passed by mistake, the likeliest slip when filling these in
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " must be a fraction in [0, 1], got " + value);
    }
  }
}
