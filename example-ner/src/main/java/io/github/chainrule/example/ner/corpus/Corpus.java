package io.github.chainrule.example.ner.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The sentences of one corpus file, their tags converted to IOB2, and the scheme the file was
 * written in (so that output can be written back in it with {@link TagScheme#fromIob2}).
 */
public final class Corpus {
  private final String source;
  private final TagScheme scheme;
  private final List<Sentence> sentences;

  /**
   * A corpus read from {@code source}.
   *
   * @param source the file as the caller named it
   * @param scheme the tag scheme the file was written in
   * @param sentences its sentences, tags in IOB2
   */
  public Corpus(String source, TagScheme scheme, List<Sentence> sentences) {
    this.source = Objects.requireNonNull(source, "source");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.sentences = List.copyOf(sentences);
  }

  /** The file as the caller named it. */
  public String source() {
    return source;
  }

  /**
   * The tag scheme the file was written in; {@link TagScheme#IOB2} when its tags fit any scheme (no
   * entity at all).
   */
  public TagScheme scheme() {
    return scheme;
  }

  /** The sentences in file order. */
  public List<Sentence> sentences() {
    return sentences;
  }

  /** The number of tokens in all sentences. */
  public int tokenCount() {
    int n = 0;
    for (Sentence s : sentences) {
      n += s.size();
    }
    return n;
  }

  /** The number of documents: {@code -DOCSTART-} breaks, and one for text before the first. */
  public int documentCount() {
    int n = 0;
    for (int i = 0; i < sentences.size(); i++) {
      if (i == 0 || sentences.get(i).startsDocument()) {
        n++;
      }
    }
    return n;
  }

  /** The entity types, in the order they first occur. */
  public Set<String> types() {
    Set<String> types = new LinkedHashSet<>();
    for (Sentence s : sentences) {
      for (Entity e : s.entities()) {
        types.add(e.type());
      }
    }
    return Collections.unmodifiableSet(types);
  }

  /**
   * The IOB2 tag set: {@code O}, then {@code B-} and {@code I-} of each type in {@link #types}
   * order.
   */
  public List<String> tagSet() {
    List<String> tags = new ArrayList<>();
    tags.add(Tags.OUTSIDE);
    for (String type : types()) {
      tags.add("B-" + type);
      tags.add("I-" + type);
    }
    return Collections.unmodifiableList(tags);
  }

  @Override
  public String toString() {
    return source
        + " ("
        + scheme
        + ", "
        + sentences.size()
        + " sentences, "
        + tokenCount()
        + " tokens)";
  }
}
