package io.github.chainrule.example.ner.report;

/** Escaping of text for HTML, the one piece of HTML syntax the report writes from data. */
final class Html {
  private Html() {}

  /**
   * {@code text} made safe as element content and as a quoted attribute value: the five characters
   * with a meaning in HTML become character references, and what {@link #printable} replaces is
   * replaced. Everything else, emoji included, is kept as it is; the page is UTF-8.
   */
  static String escape(String text) {
    String clean = printable(text);
    StringBuilder out = new StringBuilder(clean.length() + 16);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} with the characters that HTML and XML forbid in a document replaced by U+FFFD, as
   * a browser would show them: C0 controls other than tab, line feed and carriage return, DEL and
   * the C1 controls, and unpaired surrogates. Used for text that goes into the plots, whose SVG
   * library escapes markup but passes these through.
   */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        if (out != null) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c) || isForbiddenControl(c)) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isForbiddenControl(char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
  }
}
