package io.github.chainrule.example.ner.report;

import java.util.Objects;

/**
 * Entity-level scores for one entity type, with the counts they come from, as one line of the
 * conlleval report.
 *
 * @param type the entity type, e.g. {@code PER}; any text (the page escapes it)
 * @param precision {@code correct / found}, a fraction in {@code [0, 1]} (0 when nothing was found)
 * @param recall {@code correct / gold}, a fraction in {@code [0, 1]} (0 when there is no gold
 *     entity)
 * @param f1 the harmonic mean of precision and recall, a fraction in {@code [0, 1]}
 * @param gold how many entities of this type the gold data has
 * @param found how many entities of this type the model predicted
 * @param correct how many predicted entities match a gold one exactly, in span and type
 */
public record TypeScore(
    String type, double precision, double recall, double f1, int gold, int found, int correct) {

  /** Checks that the scores are fractions and that the counts are consistent. */
  public TypeScore {
    Objects.requireNonNull(type, "type");
    Scores.requireFraction("precision of " + type, precision);
    Scores.requireFraction("recall of " + type, recall);
    Scores.requireFraction("F1 of " + type, f1);
    if (gold < 0 || found < 0 || correct < 0 || correct > gold || correct > found) {
      throw new IllegalArgumentException(
          "counts of "
              + type
              + " must satisfy 0 <= correct <= gold, found; got gold "
              + gold
              + ", found "
              + found
              + ", correct "
              + correct);
    }
  }
}
