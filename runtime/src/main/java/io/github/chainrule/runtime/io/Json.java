package io.github.chainrule.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259) for safetensors headers, and the string escaping for writing
 * them.
 *
 * <p>Values become {@link Map} (a {@link LinkedHashMap} in document order), {@link List}, {@link
 * String}, {@link Number} (the number's exact text, see {@link Number}), {@link Boolean} and {@link
 * #NULL}. Anything outside the grammar is refused with a {@link Malformed} carrying the character
 * offset: trailing commas, single quotes, comments, leading zeros, raw control characters in
 * strings, lone surrogates, duplicate keys, and anything after the top-level value except
 * whitespace.
 */
final class Json {
  /** JSON's {@code null}. */
  static final Object NULL = new Object();

  /** Deepest nesting accepted; a safetensors header needs three levels. */
  private static final int MAX_DEPTH = 64;

  /** A JSON number, kept as written, converted on demand. */
  record Number(String text) {
    /** The number as a non-negative {@code long}, or -1 if it is not an integer in that range. */
    long asNonNegativeLong() {
      if (text.isEmpty() || text.charAt(0) == '-' || !text.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return -1; // beyond Long.MAX_VALUE
      }
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The text is not JSON. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message, int offset) {
      super(message + " at character " + offset);
    }
  }

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** Parses one JSON value that makes up all of {@code text} (surrounding whitespace allowed). */
  static Object parse(String text) throws Malformed {
    Json parser = new Json(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.at != text.length()) {
      throw new Malformed("unexpected " + parser.describeNext() + " after the JSON value", parser.at);
    }
    return value;
  }

  /** {@code s} as a JSON string literal, quotes included. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private Object value(int depth) throws Malformed {
    if (depth > MAX_DEPTH) {
      throw new Malformed("nesting deeper than " + MAX_DEPTH, at);
    }
    if (at >= text.length()) {
      throw new Malformed("unexpected end of the header", at);
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw new Malformed("unexpected " + describeNext(), at);
      }
    };
  }

  private Map<String, Object> object(int depth) throws Malformed {
    int start = at;
    at++; // '{'
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek('}')) {
      at++;
      return members;
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) {
        throw new Malformed("expected a string key, found " + describeNext(), at);
      }
      int keyAt = at;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth + 1);
      if (members.putIfAbsent(key, value) != null) {
        throw new Malformed("duplicate key " + quote(key), keyAt);
      }
      skipWhitespace();
      if (peek(',')) {
        at++;
      } else if (peek('}')) {
        at++;
        return members;
      } else {
        throw new Malformed(
            "expected ',' or '}' in the object opened at character " + start + ", found "
                + describeNext(),
            at);
      }
    }
  }

  private List<Object> array(int depth) throws Malformed {
    at++; // '['
    List<Object> elements = new ArrayList<>();
    skipWhitespace();
    if (peek(']')) {
      at++;
      return elements;
    }
    while (true) {
      skipWhitespace();
      elements.add(value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        at++;
      } else if (peek(']')) {
        at++;
        return elements;
      } else {
        throw new Malformed("expected ',' or ']', found " + describeNext(), at);
      }
    }
  }

  private String string() throws Malformed {
    at++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw new Malformed("unterminated string", at);
      }
      char c = text.charAt(at++);
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw new Malformed("raw control character in a string", at - 1);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw new Malformed("unterminated escape", at);
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> throw new Malformed("invalid escape \\" + e, at - 2);
      }
    }
    String s = out.toString();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new Malformed("lone surrogate in a string", at);
      }
    }
    return s;
  }

  private char hex4() throws Malformed {
    if (at + 4 > text.length()) {
      throw new Malformed("truncated \\u escape", at);
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(at + i), 16);
      if (digit < 0) {
        throw new Malformed("invalid \\u escape", at);
      }
      value = value * 16 + digit;
    }
    at += 4;
    return (char) value;
  }

  private Number number() throws Malformed {
    int start = at;
    if (peek('-')) {
      at++;
    }
    if (peek('0')) {
      at++;
      if (at < text.length() && Character.isDigit(text.charAt(at))) {
        throw new Malformed("leading zero in a number", start);
      }
    } else if (!digits()) {
      throw new Malformed("expected a digit", at);
    }
    if (peek('.')) {
      at++;
      if (!digits()) {
        throw new Malformed("expected a digit after '.'", at);
      }
    }
    if (peek('e') || peek('E')) {
      at++;
      if (peek('+') || peek('-')) {
        at++;
      }
      if (!digits()) {
        throw new Malformed("expected a digit in the exponent", at);
      }
    }
    return new Number(text.substring(start, at));
  }

  private boolean digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at > start;
  }

  private Object literal(String word, Object value) throws Malformed {
    if (!text.startsWith(word, at)) {
      throw new Malformed("unexpected " + describeNext(), at);
    }
    at += word.length();
    return value;
  }

  private void expect(char c) throws Malformed {
    if (!peek(c)) {
      throw new Malformed("expected '" + c + "', found " + describeNext(), at);
    }
    at++;
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void skipWhitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private String describeNext() {
    if (at >= text.length()) {
      return "end of the header";
    }
    char c = text.charAt(at);
    return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
  }
}
