package io.github.chainrule.example.ner.eval;

/**
 * Chunk (entity) counts and the scores conlleval derives from them, for one type or overall. Scores
 * are percentages, 0 to 100, computed in the script's order of operations, so that they print to
 * the same digits.
 *
 * @param gold the number of chunks in the gold tags (conlleval's {@code foundCorrect})
 * @param found the number of chunks in the guessed tags ({@code foundGuessed})
 * @param correct the number of guessed chunks that match a gold chunk in span and type ({@code
 *     correctChunk})
 */
public record ChunkScores(int gold, int found, int correct) {
  /** Checks that the counts are consistent. */
  public ChunkScores {
    if (gold < 0 || found < 0 || correct < 0 || correct > gold || correct > found) {
      throw new IllegalArgumentException(
          "expected 0 <= correct <= gold, found, found gold "
              + gold
              + ", found "
              + found
              + ", correct "
              + correct);
    }
  }

  /** {@code 100 * correct / found}, or 0 when nothing was found. */
  public double precision() {
    return found > 0 ? 100.0 * correct / found : 0.0;
  }

  /** {@code 100 * correct / gold}, or 0 when there is no gold chunk. */
  public double recall() {
    return gold > 0 ? 100.0 * correct / gold : 0.0;
  }

  /** The harmonic mean of {@link #precision} and {@link #recall} ("FB1"), or 0 when both are 0. */
  public double f1() {
    double p = precision();
    double r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
}
