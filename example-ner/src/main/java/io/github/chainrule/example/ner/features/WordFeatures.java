package io.github.chainrule.example.ner.features;

import java.util.Locale;

/**
 * What the model sees of one word, apart from the word itself: its normalised form, its casing
 * class, its shape and its affixes. All are pure functions of the token text.
 */
public final class WordFeatures {
  private WordFeatures() {}

  /** The casing classes, embedded beside the word vectors. {@code PAD} is a sentence edge. */
  public enum Casing {
    /** {@code <s>} or {@code </s>}: a position before or after the sentence. */
    PAD,
    /** Letters, all lower case: {@code museums}. */
    LOWER,
    /** Letters, all upper case, more than one: {@code NASA}. */
    UPPER,
    /** An upper-case letter, then lower case: {@code Paris}. */
    TITLE,
    /** Other mixes of cases: {@code iPhone}, {@code McDonald}. */
    MIXED,
    /** Digits, possibly with {@code . -}: {@code 1989}, {@code 4.5}, {@code 1-0}. */
    NUMBER,
    /** Letters and digits: {@code A4}, {@code 2nd}. */
    HAS_DIGIT,
    /** Punctuation only: {@code .}, {@code --}, {@code ,}. */
    PUNCTUATION,
    /** Anything else: {@code @user}, {@code #tag}, URLs, {@code 1,000}, emoji and other symbols. */
    OTHER
  }

  /** The word as the vocabulary keys it: lower case, every ASCII digit folded to {@code 0} (other scripts' digits stay). */
  public static String normalize(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    StringBuilder sb = null;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c >= '0' && c <= '9' && c != '0') {
        if (sb == null) {
          sb = new StringBuilder(lower);
        }
        sb.setCharAt(i, '0');
      }
    }
    return sb == null ? lower : sb.toString();
  }

  /** The casing class of a token. */
  public static Casing casing(String word) {
    int upper = 0;
    int lower = 0;
    int digits = 0;
    int punctuation = 0;
    int other = 0;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
        upper++;
      } else if (Character.isLowerCase(cp)) {
        lower++;
      } else if (Character.isDigit(cp)) {
        digits++;
      } else if (isJoiner(cp)) {
        continue; // U.S., e-mail, O'Neil, AT&T: still words
      } else if (isPunctuation(cp)) {
        punctuation++;
      } else {
        other++;
      }
    }
    int letters = upper + lower;
    if (word.isEmpty() || other > 0) {
      return Casing.OTHER;
    }
    if (letters + digits == 0) {
      return Casing.PUNCTUATION;
    }
    if (punctuation > 0) {
      return Casing.OTHER; // @user, #tag, http://...
    }
    if (letters == 0) {
      return Casing.NUMBER;
    }
    if (digits > 0) {
      return Casing.HAS_DIGIT;
    }
    if (upper == 0) {
      return Casing.LOWER;
    }
    if (lower == 0) {
      return letters > 1 ? Casing.UPPER : Casing.TITLE;
    }
    int first = word.codePointAt(0);
    boolean titleShape = Character.isUpperCase(first) || Character.isTitleCase(first);
    return titleShape && upper == 1 ? Casing.TITLE : Casing.MIXED;
  }

  /** Marks inside words that keep them words: U.S., e-mail, O'Neil, AT&T. */
  private static boolean isJoiner(int cp) {
    return cp == '.' || cp == '-' || cp == '\'' || cp == '&' || cp == '\u2019';
  }

  private static boolean isPunctuation(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /**
   * The word's shape: upper-case letters become {@code X}, lower-case {@code x}, digits {@code d},
   * other characters stay; runs longer than two are cut to two ({@code Paris} gives {@code Xxx},
   * {@code 1989} gives {@code dd}, {@code U.S.} gives {@code X.X.}).
   */
  public static String shape(String word) {
    StringBuilder sb = new StringBuilder();
    int run = 0;
    int last = -1;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      i += Character.charCount(cp);
      int s;
      if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
        s = 'X';
      } else if (Character.isLowerCase(cp) || Character.isLetter(cp)) {
        s = 'x';
      } else if (Character.isDigit(cp)) {
        s = 'd';
      } else {
        s = cp;
      }
      run = s == last ? run + 1 : 1;
      last = s;
      if (run <= 2) {
        sb.appendCodePoint(s);
      }
    }
    return sb.toString();
  }

  /** The first {@code n} code points of the normalised word (all of it when shorter). */
  public static String prefix(String normalized, int n) {
    int end = normalized.offsetByCodePoints(0, Math.min(n, normalized.codePointCount(0, normalized.length())));
    return normalized.substring(0, end);
  }

  /** The last {@code n} code points of the normalised word (all of it when shorter). */
  public static String suffix(String normalized, int n) {
    int count = normalized.codePointCount(0, normalized.length());
    int start = normalized.offsetByCodePoints(0, count - Math.min(n, count));
    return normalized.substring(start);
  }
}
