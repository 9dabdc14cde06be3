package io.github.chainrule.example.ner.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sentence of raw text: its tokens in order, never empty, and the span of text from its first
 * token's start to its last token's end.
 *
 * @param tokens the tokens with their offsets in the whole text
 */
public record TextSentence(List<TextToken> tokens) {
  /** Copies {@code tokens} so that the sentence is immutable. */
  public TextSentence {
    tokens = List.copyOf(tokens);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("a sentence has at least one token");
    }
  }

  /** The offset of the first token in the text. */
  public int start() {
    return tokens.get(0).start();
  }

  /** The offset one past the last token in the text. */
  public int end() {
    return tokens.get(tokens.size() - 1).end();
  }

  /** The token texts in order. */
  public List<String> words() {
    List<String> words = new ArrayList<>(tokens.size());
    for (TextToken t : tokens) {
      words.add(t.text());
    }
    return Collections.unmodifiableList(words);
  }
}
