package io.github.chainrule.example.ner.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts raw English text (news or tweets) into tokens as the corpora the tagger learns from are
 * cut: CoNLL-2003 and the Broad Twitter Corpus follow the Penn Treebank, so
 *
 * <ul>
 *   <li>punctuation stands alone: {@code . , ; : ! ? ( ) [ ] " ' “ ” ‘ ’}, with runs such as {@code
 *       ...}, {@code ?!} and {@code --} kept together;
 *   <li>clitics are split off: {@code it's} is {@code it 's}, {@code I'm} is {@code I 'm}, and
 *       {@code 're 've 'll 'd} likewise; {@code n't} goes with its negation: {@code don't} is
 *       {@code do n't}, {@code can't} is {@code ca n't}, {@code won't} is {@code wo n't};
 * </ul>
 *
 * while these stay whole: URLs ({@code https://t.co/x}, {@code www.example.org}, {@code
 * bit.ly/abc}, without a trailing full stop or closing bracket), e-mail addresses, {@code
 * @mentions}, {@code #hashtags}, numbers with separators ({@code 4.5}, {@code 1,000}, {@code
 * 10:30}, {@code 1/2}), abbreviations ({@code U.S.}, {@code e.g.}, {@code Ph.D.}, titles and
 * others from a fixed list such as {@code Mr.} and {@code Inc.}, and an initial such as {@code J.}
 * before a capitalised word), words with inner hyphens, apostrophes, ampersands or underscores
 * ({@code state-of-the-art}, {@code O'Brien}, {@code AT&T}), emoticons ({@code :)}, {@code <3}),
 * and each emoji with its modifiers (one grapheme cluster). Anything else is a token of one
 * grapheme cluster.
 */
public final class Tokenizer {
  /** Titles and other abbreviations written with a full stop, as in CoNLL-2003 text. */
  private static final String ABBREVIATIONS =
      "Mr|Mrs|Ms|Messrs|Dr|Prof|Sr|Jr|St|Mt|Ft|Gen|Col|Lt|Maj|Sgt|Capt|Cmdr|Adm|Gov|Sen|Rep|Rev"
          + "|Hon|Pres|Supt|Inc|Ltd|Co|Corp|Bros|Plc|Dept|Univ|Assn|Ave|Blvd|Rd|Hwy|No|Nos|Vol"
          + "|Fig|vs|etc|approx|cf|al|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

  private static final String WORD_CHAR = "[\\p{L}\\p{M}\\p{N}]";
  private static final String NOT_WORD_AFTER = "(?![\\p{L}\\p{M}\\p{N}])";

  /** What becomes of a rule's match. */
  private enum Kind {
    /** One token. */
    TOKEN,
    /** One token, without the sentence punctuation after a URL. */
    URL,
    /** A word, its clitics split off. */
    WORD
  }

  /** A pattern and what its match becomes. */
  private record Rule(Pattern pattern, Kind kind) {
    Rule(String regex, Kind kind) {
      this(Pattern.compile(regex), kind);
    }
  }

  /** Tried in order at each position; the first that matches there wins. */
  private static final List<Rule> RULES =
      List.of(
          // URLs with a scheme or www.
          new Rule("(?i)(?:https?://|www\\.)\\S+", Kind.URL),
          // e-mail addresses, before bare domains and words
          new Rule("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+", Kind.TOKEN),
          // bare domains with a common top-level domain, and a path
          new Rule(
              "(?i)[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\."
                  + "(?:com|org|net|edu|gov|io|co|uk|ly|fm|me|tv|de|fr|info|biz)"
                  + NOT_WORD_AFTER
                  + "(?:/\\S*)?",
              Kind.URL),
          new Rule("@[\\p{L}\\p{N}_]+", Kind.TOKEN),
          new Rule("#[\\p{L}\\p{M}\\p{N}_]+", Kind.TOKEN),
          // U.S., e.g., Ph.D., a.m.
          new Rule("\\p{L}{1,2}\\.(?:\\p{L}{1,2}\\.)+" + NOT_WORD_AFTER, Kind.TOKEN),
          new Rule("(?:" + ABBREVIATIONS + ")\\." + NOT_WORD_AFTER, Kind.TOKEN),
          // an initial before a capitalised word: J. K. Rowling
          new Rule("\\p{Lu}\\.(?=\\s+\\p{Lu})", Kind.TOKEN),
          // numbers with separators: 4.5, 1,000, 10:30, 1/2
          new Rule("\\p{N}+(?:[.,:/]\\p{N}+)+" + NOT_WORD_AFTER, Kind.TOKEN),
          new Rule("(?:[:;=][-o'^]?[)(\\]\\[dDpP/\\\\|3*]|<3)" + NOT_WORD_AFTER, Kind.TOKEN),
          // words, with inner hyphens, apostrophes, ampersands, underscores
          new Rule(WORD_CHAR + "+(?:['’&_-]" + WORD_CHAR + "+)*", Kind.WORD),
          // a clitic glued to a token that is not a word (#MH17's)
          new Rule("(?i)(?<=[\\p{L}\\p{N}])['’](?:s|m|d|re|ve|ll)" + NOT_WORD_AFTER, Kind.TOKEN),
          new Rule("\\.{2,}|…+|[!?]+|-{2,}", Kind.TOKEN),
          // anything else: one grapheme cluster (an emoji with its modifiers is one)
          new Rule("\\X", Kind.TOKEN));

  private static final Pattern NEGATION = Pattern.compile("(?i)(.*\\p{L})(n['’]t)");
  private static final Pattern CLITIC =
      Pattern.compile("(?i)(.*" + WORD_CHAR + ")(['’](?:s|m|d|re|ve|ll))");

  private Tokenizer() {}

  /** The tokens of {@code text} in order, with their offsets in it. */
  public static List<TextToken> tokenize(String text) {
    List<TextToken> tokens = new ArrayList<>();
    List<Matcher> matchers = new ArrayList<>(RULES.size());
    for (Rule rule : RULES) {
      matchers.add(
          rule.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false));
    }
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        i += Character.charCount(c);
        continue;
      }
      for (int r = 0; r < matchers.size(); r++) {
        Matcher m = matchers.get(r).region(i, text.length());
        if (!m.lookingAt()) {
          continue;
        }
        Kind kind = RULES.get(r).kind();
        int end = kind == Kind.URL ? trimUrl(text, i, m.end()) : m.end();
        if (kind == Kind.WORD) {
          splitClitics(text, i, end, tokens);
        } else {
          tokens.add(new TextToken(text.substring(i, end), i, end));
        }
        i = end;
        break;
      }
    }
    return Collections.unmodifiableList(tokens);
  }

  /**
   * The end of a URL without the punctuation that follows it in a sentence: a final full stop,
   * comma, quote, or a closing bracket the URL did not open.
   */
  private static int trimUrl(String text, int start, int end) {
    while (end > start + 1) {
      char last = text.charAt(end - 1);
      String url = text.substring(start, end);
      boolean unopened =
          (last == ')' && count(url, '(') < count(url, ')'))
              || (last == ']' && count(url, '[') < count(url, ']'));
      if (".,;:!?'\"”’»>".indexOf(last) >= 0 || unopened) {
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  /** Adds the word {@code text[start, end)}, its clitics ({@code n't}, {@code 's}...) apart. */
  private static void splitClitics(String text, int start, int end, List<TextToken> tokens) {
    List<TextToken> suffixes = new ArrayList<>();
    int stem = end;
    while (true) {
      String word = text.substring(start, stem);
      Matcher m = NEGATION.matcher(word);
      if (!m.matches()) {
        m = CLITIC.matcher(word);
        if (!m.matches()) {
          break;
        }
      }
      int cut = start + m.end(1);
      suffixes.add(0, new TextToken(text.substring(cut, stem), cut, stem));
      stem = cut;
    }
    tokens.add(new TextToken(text.substring(start, stem), start, stem));
    tokens.addAll(suffixes);
  }
}
