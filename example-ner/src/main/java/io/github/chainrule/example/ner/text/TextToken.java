package io.github.chainrule.example.ner.text;

import java.util.Objects;

/**
 * A token of raw text and where it lies: {@code text.substring(start, end)} of the text it came
 * from. Offsets count UTF-16 units, as Java's {@link String} indices do (an emoji outside the Basic
 * Multilingual Plane counts two; {@code String.codePointCount} converts to code points).
 *
 * @param text the token, exactly as in the text
 * @param start the offset of its first character
 * @param end the offset one past its last character
 */
public record TextToken(String text, int start, int end) {
  /** Checks that the offsets fit the text. */
  public TextToken {
    Objects.requireNonNull(text, "text");
    if (start < 0 || end - start != text.length() || text.isEmpty()) {
      throw new IllegalArgumentException(
          "expected a non-empty token and offsets as far apart as it is long, found \""
              + text
              + "\" at "
              + start
              + ".."
              + end);
    }
  }
}
