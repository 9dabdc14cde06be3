package io.github.chainrule.example.ner.report;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A token-level confusion matrix: how often each gold tag was predicted as each tag.
 *
 * <p>The matrix is square, one row and one column per label, in the order of {@link #labels()}. The
 * arrays are copied on the way in and on the way out, so an instance is immutable; {@link #equals}
 * and {@link #hashCode} compare the counts, not the array identities.
 *
 * @param labels the tags, e.g. {@code O}, {@code B-PER}, {@code I-PER}, ...; distinct; any text
 * @param counts {@code counts[g][p]} is the number of tokens with gold label {@code g} predicted as
 *     {@code p} (rows gold, columns predicted); not negative
 */
public record Confusion(List<String> labels, long[][] counts) {

  /** Checks that the matrix is square, matches the labels and holds no negative count. */
  public Confusion {
    labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    Objects.requireNonNull(counts, "counts");
    Set<String> seen = new HashSet<>();
    for (String label : labels) {
      if (!seen.add(label)) {
        throw new IllegalArgumentException("label " + label + " appears twice");
      }
    }
    if (counts.length != labels.size()) {
      throw new IllegalArgumentException(
          "confusion matrix has " + counts.length + " rows for " + labels.size() + " labels");
    }
    long[][] copy = new long[counts.length][];
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] == null || counts[g].length != labels.size()) {
        throw new IllegalArgumentException(
            "row "
                + g
                + " ("
                + labels.get(g)
                + ") of the confusion matrix must have "
                + labels.size()
                + " columns");
      }
      copy[g] = counts[g].clone();
      for (int p = 0; p < copy[g].length; p++) {
        if (copy[g][p] < 0) {
          throw new IllegalArgumentException(
              "negative count "
                  + copy[g][p]
                  + " at gold "
                  + labels.get(g)
                  + ", predicted "
                  + labels.get(p));
        }
      }
    }
    counts = copy;
  }

  /** A copy of the counts, rows gold, columns predicted. */
  @Override
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int g = 0; g < counts.length; g++) {
      copy[g] = counts[g].clone();
    }
    return copy;
  }

  /** The number of tokens with gold label {@code gold} predicted as {@code predicted}. */
  public long count(int gold, int predicted) {
    return counts[gold][predicted];
  }

  /** The number of tokens with gold label {@code gold}, whatever was predicted. */
  public long rowTotal(int gold) {
    long sum = 0;
    for (long c : counts[gold]) {
      sum += c;
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Confusion c
        && labels.equals(c.labels)
        && Arrays.deepEquals(counts, c.counts);
  }

  @Override
  public int hashCode() {
    return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "Confusion[labels=" + labels + ", counts=" + Arrays.deepToString(counts) + "]";
  }
}
