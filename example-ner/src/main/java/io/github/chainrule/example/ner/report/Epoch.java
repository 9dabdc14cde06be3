package io.github.chainrule.example.ner.report;

/**
 * What one epoch of training gave: the losses, the entity-level scores on the dev set after the
 * epoch, and how fast it ran.
 *
 * <p>Losses may be {@code NaN} or infinite (a run that diverged still gets a report; the plot
 * leaves a gap there); {@code devLoss} is {@code NaN} when the trainer did not compute it. The dev
 * scores are fractions in {@code [0, 1]}.
 *
 * @param epoch the epoch's number, counted from 1
 * @param trainLoss the mean training loss over the epoch
 * @param devLoss the mean loss on the dev set after the epoch, or {@code NaN} if unknown
 * @param devF1 entity-level F1 on the dev set after the epoch
 * @param devPrecision entity-level precision on the dev set after the epoch
 * @param devRecall entity-level recall on the dev set after the epoch
 * @param windowsPerSecond training throughput, in windows (tokens) per second; {@code NaN} if
 *     unknown
 * @param seconds the epoch's wall-clock time in seconds, evaluation included; {@code NaN} if
 *     unknown
 */
public record Epoch(
    int epoch,
    double trainLoss,
    double devLoss,
    double devF1,
    double devPrecision,
    double devRecall,
    double windowsPerSecond,
    double seconds) {

  /** Checks the numbers: the epoch is positive, scores are fractions, speeds are not negative. */
  public Epoch {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch numbers count from 1, got " + epoch);
    }
    Scores.requireFraction("dev F1 of epoch " + epoch, devF1);
    Scores.requireFraction("dev precision of epoch " + epoch, devPrecision);
    Scores.requireFraction("dev recall of epoch " + epoch, devRecall);
    requireNotNegative("windows per second of epoch " + epoch, windowsPerSecond);
    requireNotNegative("seconds of epoch " + epoch, seconds);
  }

  private static void requireNotNegative(String what, double value) {
    // NaN means unknown and passes; a negative time or speed is a bug in the caller
    if (value < 0 || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(what + " must be finite and not negative, got " + value);
    }
  }
}
