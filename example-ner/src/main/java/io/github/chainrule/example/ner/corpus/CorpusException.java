package io.github.chainrule.example.ner.corpus;

import java.io.IOException;
import java.util.Locale;

/**
 * Input that a corpus or evaluation file reader refuses: a malformed line, a tag outside the
 * scheme, invalid UTF-8, a file with no tokens. The message reads {@code SOURCE:LINE: PROBLEM}, the
 * line 1-based, the problem saying what was expected and what was found.
 */
public final class CorpusException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String problem;

  /**
   * A refusal of {@code source} at {@code line}.
   *
   * @param source the file as the caller named it
   * @param line the 1-based line
   * @param problem what was expected and what was found, without the file and line
   */
  public CorpusException(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  /**
   * {@code text} in double quotes as messages show what they found: tabs, carriage returns, quotes,
   * backslashes and other control characters escaped as in Java source.
   */
  public static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\t':
          b.append("\\t");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        default:
          if (Character.isISOControl(c)) {
            b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }

  /** The file (or stream) as the caller named it. */
  public String source() {
    return source;
  }

  /** The 1-based line the problem is on. */
  public int line() {
    return line;
  }

  /** What is wrong, without the file and the line. */
  public String problem() {
    return problem;
  }
}
