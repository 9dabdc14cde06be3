package io.github.chainrule.example.ner.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sentence of a corpus: its tokens in order, never empty.
 *
 * @param tokens the tokens, tags in IOB2
 * @param startsDocument whether a {@code -DOCSTART-} line came before it (and after the previous
 *     sentence), so that a writer can put the document break back
 */
public record Sentence(List<Token> tokens, boolean startsDocument) {
  /** Copies {@code tokens} so that the sentence is immutable. */
  public Sentence {
    tokens = List.copyOf(tokens);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("a sentence has at least one token");
    }
  }

  /** The number of tokens. */
  public int size() {
    return tokens.size();
  }

  /** The 1-based line of the first token in its file. */
  public int line() {
    return tokens.get(0).line();
  }

  /** The token texts in order. */
  public List<String> words() {
    List<String> words = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      words.add(t.text());
    }
    return Collections.unmodifiableList(words);
  }

  /** The IOB2 tags in order. */
  public List<String> tags() {
    List<String> tags = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      tags.add(t.tag());
    }
    return Collections.unmodifiableList(tags);
  }

  /** The entities the tags mark. */
  public List<Entity> entities() {
    return Entity.fromIob2(tags());
  }
}
