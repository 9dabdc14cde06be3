package io.github.chainrule.example.ner.corpus;

import java.util.List;
import java.util.Objects;

/**
 * One token line of a corpus file.
 *
 * @param text the first column, as written (it may hold spaces where the file is tab separated)
 * @param columns the columns between the token and the tag, such as CoNLL-2003's part of speech and
 *     chunk; empty in two-column files
 * @param tag the entity tag in IOB2, converted from the file's scheme
 * @param line the 1-based line of the file it was read from
 */
public record Token(String text, List<String> columns, String tag, int line) {
  /** Copies {@code columns} so that the token is immutable. */
  public Token {
    Objects.requireNonNull(text, "text");
    columns = List.copyOf(columns);
    Objects.requireNonNull(tag, "tag");
  }
}
