package io.github.chainrule.example.ner.corpus;

/**
 * The two halves of a tag: {@code B-PER} is prefix {@code 'B'} and type {@code PER}; {@code O} is
 * prefix {@code 'O'} and no type. The type is everything after the first hyphen, so types may hold
 * hyphens ({@code B-creative-work}).
 */
final class Tags {
  static final String OUTSIDE = "O";

  private Tags() {}

  /**
   * Whether {@code tag} is {@code O} or one of {@code B-}, {@code I-}, {@code E-}, {@code S-}
   * followed by a non-empty type without whitespace.
   */
  static boolean isWellFormed(String tag) {
    if (tag.equals(OUTSIDE)) {
      return true;
    }
    if (tag.length() < 3 || tag.charAt(1) != '-' || "BIES".indexOf(tag.charAt(0)) < 0) {
      return false;
    }
    for (int i = 2; i < tag.length(); i++) {
      if (Character.isWhitespace(tag.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code 'O'}, {@code 'B'}, {@code 'I'}, {@code 'E'} or {@code 'S'} of a well-formed tag. */
  static char prefix(String tag) {
    return tag.charAt(0);
  }

  /** The type of a well-formed tag; {@code ""} for {@code O}. */
  static String type(String tag) {
    return tag.equals(OUTSIDE) ? "" : tag.substring(2);
  }

  /** A well-formed IOB2 tag, or an {@link IllegalArgumentException} naming it. */
  static String requireIob2(String tag) {
    if (!isWellFormed(tag) || prefix(tag) == 'E' || prefix(tag) == 'S') {
      throw new IllegalArgumentException(
          "expected an IOB2 tag (O or B-/I- and a type), found \"" + tag + "\"");
    }
    return tag;
  }
}
