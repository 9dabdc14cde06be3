package io.github.chainrule.example.ner.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The strings a feature table has a row for, numbered from 0: first the specials {@code <unk>}
 * (row {@value #UNKNOWN_ID}), {@code <s>} and {@code </s>} (the sentence edges a window reaches
 * past), then the strings seen at least {@code minCount} times in training, most frequent first
 * (ties in order of first appearance). Any other string maps to {@code <unk>}.
 */
public final class Vocabulary {
  /** Strings no row was made for. */
  public static final String UNKNOWN = "<unk>";

  /** A position before the sentence. */
  public static final String START = "<s>";

  /** A position after the sentence. */
  public static final String END = "</s>";

  /** The row of {@link #UNKNOWN}. */
  public static final int UNKNOWN_ID = 0;

  /** The row of {@link #START}. */
  public static final int START_ID = 1;

  /** The row of {@link #END}. */
  public static final int END_ID = 2;

  private final List<String> strings;
  private final Map<String, Integer> index;

  private Vocabulary(List<String> strings) {
    this.strings = List.copyOf(strings);
    this.index = new HashMap<>(2 * strings.size());
    for (int i = 0; i < strings.size(); i++) {
      if (index.putIfAbsent(strings.get(i), i) != null) {
        throw new IllegalArgumentException("the vocabulary lists '" + strings.get(i) + "' twice");
      }
    }
  }

  /**
   * The vocabulary of {@code counts} (string to count, in order of first appearance), keeping the
   * strings counted at least {@code minCount} times.
   */
  public static Vocabulary build(Map<String, Integer> counts, int minCount) {
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() >= minCount && !isSpecial(e.getKey())) {
        kept.add(e);
      }
    }
    // stable: equal counts keep their order of first appearance
    kept.sort(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).reversed());
    List<String> strings = new ArrayList<>(List.of(UNKNOWN, START, END));
    for (Map.Entry<String, Integer> e : kept) {
      strings.add(e.getKey());
    }
    return new Vocabulary(strings);
  }

  /** A vocabulary of exactly these strings, in order; the first three must be the specials. */
  public static Vocabulary of(List<String> strings) {
    if (strings.size() < 3
        || !strings.get(UNKNOWN_ID).equals(UNKNOWN)
        || !strings.get(START_ID).equals(START)
        || !strings.get(END_ID).equals(END)) {
      throw new IllegalArgumentException(
          "a vocabulary starts with " + UNKNOWN + ", " + START + ", " + END);
    }
    return new Vocabulary(strings);
  }

  /** This vocabulary followed by the strings of {@code extra} it does not have yet, in order. */
  public Vocabulary plus(Collection<String> extra) {
    LinkedHashSet<String> all = new LinkedHashSet<>(strings);
    for (String s : extra) {
      if (!isSpecial(s)) {
        all.add(s);
      }
    }
    return all.size() == strings.size() ? this : new Vocabulary(new ArrayList<>(all));
  }

  private static boolean isSpecial(String s) {
    return s.equals(UNKNOWN) || s.equals(START) || s.equals(END);
  }

  /** The row of {@code s}, or {@link #UNKNOWN_ID}. */
  public int id(String s) {
    Integer i = index.get(s);
    return i == null ? UNKNOWN_ID : i;
  }

  /** Whether {@code s} has a row of its own. */
  public boolean contains(String s) {
    return index.containsKey(s);
  }

  /** The string of row {@code id}. */
  public String string(int id) {
    return strings.get(id);
  }

  /** Number of rows. */
  public int size() {
    return strings.size();
  }

  /** Every string, by row. */
  public List<String> strings() {
    return Collections.unmodifiableList(strings);
  }

  @Override
  public String toString() {
    return "Vocabulary[" + strings.size() + " strings]";
  }
}
