package io.github.chainrule.example.ner.eval;

/**
 * Strings by code point, which is the order of their UTF-8 bytes and so the order of Perl's {@code
 * sort} on the byte strings conlleval reads ({@link String#compareTo} compares UTF-16 units and
 * puts U+FFFF after U+10000).
 */
final class CodePointOrder {
  private CodePointOrder() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
