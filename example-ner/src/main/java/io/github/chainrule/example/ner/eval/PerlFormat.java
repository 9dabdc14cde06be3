package io.github.chainrule.example.ner.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The two {@code printf} conversions conlleval uses, as Perl (through C's {@code printf}) does
 * them. {@link String#format} differs in both: its {@code %.2f} rounds the shortest decimal form
 * half up ({@code 0.125} gives {@code 0.13}), where C rounds the exact binary value to nearest,
 * ties to even ({@code 0.12}); and its {@code %17s} counts characters, where Perl, reading bytes,
 * counts UTF-8 bytes.
 */
final class PerlFormat {
  private PerlFormat() {}

  /** {@code %6.2f}: two decimals, the exact value rounded half to even, right-aligned in 6. */
  static String fixed62(double value) {
    String digits = new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    return pad(digits, 6 - digits.length());
  }

  /** {@code %17s} of a byte string: right-aligned in 17 bytes of UTF-8. */
  static String right17(String text) {
    return pad(text, 17 - text.getBytes(StandardCharsets.UTF_8).length);
  }

  private static String pad(String text, int spaces) {
    return spaces > 0 ? " ".repeat(spaces) + text : text;
  }
}
