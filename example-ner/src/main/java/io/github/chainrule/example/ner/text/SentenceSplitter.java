package io.github.chainrule.example.ner.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Groups the tokens of raw text ({@link Tokenizer}) into sentences.
 *
 * <p>A sentence ends after a token of {@code .}, {@code !}, {@code ?} or an ellipsis (alone or in
 * runs such as {@code ?!}), together with closing quotes and brackets written right after it, when
 * what follows is the end of the text or whitespace and then a capitalised word (or an opening
 * quote or bracket and a capitalised word). Abbreviations ({@code U.S.}, {@code Mr.}) are tokens of
 * their own, so they never end a sentence. A blank line (a paragraph break) always ends one; {@link
 * #splitLines} also ends one at every line break, for input of one sentence per line.
 */
public final class SentenceSplitter {
  private static final Set<String> CLOSERS = Set.of("\"", "'", "”", "’", ")", "]", "}", "»");
  private static final Set<String> OPENERS = Set.of("\"", "'", "“", "‘", "(", "[", "{", "«");

  private SentenceSplitter() {}

  /** The sentences of {@code text}, breaking at sentence punctuation and blank lines. */
  public static List<TextSentence> split(String text) {
    return split(text, false);
  }

  /** The sentences of {@code text}, breaking at every line break too. */
  public static List<TextSentence> splitLines(String text) {
    return split(text, true);
  }

  private static List<TextSentence> split(String text, boolean everyLine) {
    List<TextToken> tokens = Tokenizer.tokenize(text);
    List<TextSentence> sentences = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < tokens.size(); i++) {
      int last = i;
      if (isTerminal(tokens.get(i).text())) {
        while (last + 1 < tokens.size()
            && CLOSERS.contains(tokens.get(last + 1).text())
            && tokens.get(last + 1).start() == tokens.get(last).end()) {
          last++;
        }
      }
      boolean ends;
      if (last + 1 == tokens.size()) {
        ends = true;
      } else {
        String gap = text.substring(tokens.get(last).end(), tokens.get(last + 1).start());
        ends =
            isBreak(gap, everyLine)
                || (isTerminal(tokens.get(i).text())
                    && !gap.isEmpty()
                    && startsCapitalised(tokens, last + 1));
      }
      if (ends) {
        sentences.add(new TextSentence(tokens.subList(from, last + 1)));
        from = last + 1;
      }
      i = last;
    }
    return Collections.unmodifiableList(sentences);
  }

  /** {@code .}, {@code !}, {@code ?}, {@code …} and runs of them. */
  private static boolean isTerminal(String token) {
    for (int i = 0; i < token.length(); i++) {
      if (".!?…".indexOf(token.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether whitespace between two tokens holds a blank line (or, for {@code everyLine}, any line
   * break).
   */
  private static boolean isBreak(String gap, boolean everyLine) {
    int newlines = 0;
    for (int i = 0; i < gap.length(); i++) {
      char c = gap.charAt(i);
      if (c == '\n'
          || c == '\u2028'
          || c == '\u2029'
          || (c == '\r' && !gap.startsWith("\n", i + 1))) {
        newlines++;
      }
    }
    return newlines >= (everyLine ? 1 : 2);
  }

  private static boolean startsCapitalised(List<TextToken> tokens, int i) {
    String next = tokens.get(i).text();
    if (OPENERS.contains(next) && i + 1 < tokens.size()) {
      next = tokens.get(i + 1).text();
    }
    int c = next.codePointAt(0);
    return Character.isUpperCase(c) || Character.isTitleCase(c);
  }
}
