package io.github.chainrule.example.ner.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token-level counts of gold tag against guessed tag: row {@code i}, column {@code j} is the number
 * of tokens whose gold tag is {@code labels().get(i)} and whose guess is {@code labels().get(j)}.
 * Immutable.
 *
 * <p>Labels are in a fixed order whatever order the tags came in: {@code O} first, then by type (by
 * code point; a tag without a hyphen has the empty type, which comes first), and within a type
 * {@code B-}, {@code I-}, {@code E-}, {@code S-}; any other tag after those of its type, by code
 * point.
 */
public final class ConfusionMatrix {
  /** The label order described in the class comment. */
  public static final Comparator<String> LABEL_ORDER =
      Comparator.comparing((String tag) -> !tag.equals("O"))
          .thenComparing(ConfusionMatrix::typeOf, CodePointOrder::compare)
          .thenComparingInt(ConfusionMatrix::prefixRank)
          .thenComparing(CodePointOrder::compare);

  private final List<String> labels;
  private final long[][] counts;

  private ConfusionMatrix(List<String> labels, long[][] counts) {
    this.labels = List.copyOf(labels);
    this.counts = counts;
  }

  /**
   * The matrix of sentences in memory: {@code gold.get(i)} and {@code guessed.get(i)} are the tags
   * of sentence {@code i}, of equal length. Its labels are the tags that occur in either.
   *
   * @throws IllegalArgumentException if the lists, or two of their sentences, differ in length
   */
  public static ConfusionMatrix of(
      List<? extends List<String>> gold, List<? extends List<String>> guessed) {
    Set<String> tags = new LinkedHashSet<>();
    for (List<String> s : gold) {
      tags.addAll(s);
    }
    for (List<String> s : guessed) {
      tags.addAll(s);
    }
    return of(tags, gold, guessed);
  }

  /**
   * The matrix over {@code labels} (such as a model's whole tag set, so that tags never guessed
   * still get a row and a column), sorted into the fixed order.
   *
   * @throws IllegalArgumentException if a tag is not among the labels, or the lengths differ
   */
  public static ConfusionMatrix of(
      Collection<String> labels,
      List<? extends List<String>> gold,
      List<? extends List<String>> guessed) {
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(labels));
    sorted.sort(LABEL_ORDER);
    Map<String, Integer> index = new HashMap<>();
    for (String label : sorted) {
      index.put(label, index.size());
    }
    if (gold.size() != guessed.size()) {
      throw new IllegalArgumentException(
          "expected as many guessed sentences as gold ones, found "
              + guessed.size()
              + " and "
              + gold.size());
    }
    long[][] counts = new long[sorted.size()][sorted.size()];
    for (int s = 0; s < gold.size(); s++) {
      List<String> g = gold.get(s);
      List<String> p = guessed.get(s);
      if (g.size() != p.size()) {
        throw new IllegalArgumentException(
            "expected as many guessed tags as gold ones in sentence "
                + s
                + ", found "
                + p.size()
                + " and "
                + g.size());
      }
      for (int t = 0; t < g.size(); t++) {
        counts[indexOf(index, g.get(t))][indexOf(index, p.get(t))]++;
      }
    }
    return new ConfusionMatrix(sorted, counts);
  }

  private static int indexOf(Map<String, Integer> index, String tag) {
    Integer i = index.get(tag);
    if (i == null) {
      throw new IllegalArgumentException(
          "expected one of the labels " + index.keySet() + ", found \"" + tag + "\"");
    }
    return i;
  }

  /** The labels of the rows and of the columns, in order. */
  public List<String> labels() {
    return labels;
  }

  /** The number of tokens with gold tag {@code gold} guessed as {@code guessed}. */
  public long count(String gold, String guessed) {
    int i = labels.indexOf(gold);
    int j = labels.indexOf(guessed);
    if (i < 0 || j < 0) {
      throw new IllegalArgumentException(
          "expected labels among " + labels + ", found \"" + gold + "\" and \"" + guessed + "\"");
    }
    return counts[i][j];
  }

  /** A copy of the counts, rows gold, columns guessed, both in {@link #labels} order. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** The number of tokens counted. */
  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long c : row) {
        n += c;
      }
    }
    return n;
  }

  /**
   * The matrix as plain text: a header line of the guessed labels, then one line per gold label,
   * numbers right-aligned in columns as wide as the widest label or number, each line ending in
   * {@code '\n'}:
   *
   * <pre>
   * gold \ guess      O  B-PER  I-PER
   *            O     98      1      0
   *        B-PER      2     10      0
   *        I-PER      0      1      4
   * </pre>
   */
  public String render() {
    String corner = "gold \\ guess";
    int first = corner.length();
    for (String label : labels) {
      first = Math.max(first, label.length());
    }
    int width = 1;
    for (String label : labels) {
      width = Math.max(width, label.length());
    }
    for (long[] row : counts) {
      for (long c : row) {
        width = Math.max(width, Long.toString(c).length());
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(padLeft(corner, first));
    for (String label : labels) {
      b.append("  ").append(padLeft(label, width));
    }
    b.append('\n');
    for (int i = 0; i < labels.size(); i++) {
      b.append(padLeft(labels.get(i), first));
      for (long c : counts[i]) {
        b.append("  ").append(padLeft(Long.toString(c), width));
      }
      b.append('\n');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }

  private static String typeOf(String tag) {
    int hyphen = tag.indexOf('-');
    return hyphen < 0 ? "" : tag.substring(hyphen + 1);
  }

  private static int prefixRank(String tag) {
    int hyphen = tag.indexOf('-');
    int rank = hyphen == 1 ? "BIES".indexOf(tag.charAt(0)) : -1;
    return rank < 0 ? 4 : rank;
  }
}
