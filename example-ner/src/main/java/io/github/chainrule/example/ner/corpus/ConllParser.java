package io.github.chainrule.example.ner.corpus;

import static io.github.chainrule.example.ner.corpus.CorpusException.quote;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one CoNLL-style file, cut into sentences of tokens whose tags are still in the
 * file's own scheme ({@link SchemeDetector} decides which scheme that is).
 *
 * <p>A line is one of:
 *
 * <ul>
 *   <li><b>blank</b>: empty or whitespace only (a lone tab, a lone space); it ends the sentence;
 *   <li><b>a document break</b>: first column {@code -DOCSTART-}; it ends the sentence and is not a
 *       token;
 *   <li><b>a token</b>: {@code TOKEN [COLUMNS...] TAG}, at least two columns, as many as the file's
 *       first token line. A line that holds a tab is split at each tab (tokens may then hold
 *       spaces, and trailing whitespace is dropped); any other line is split at runs of spaces.
 * </ul>
 *
 * <p>A UTF-8 byte order mark before the first line and a carriage return before each line feed are
 * dropped. Anything else that does not fit is refused with a {@link CorpusException}.
 */
final class ConllParser {
  static final String DOCSTART = "-DOCSTART-";
  static final String EXPECTED_LINE =
      "expected \"TOKEN [COLUMNS...] TAG\" with a tag like B-PER, I-PER or O";

  private ConllParser() {}

  /** The sentences of {@code in}, raw tags, reported as {@code source}; at least one. */
  static List<Sentence> parse(String source, InputStream in) throws IOException {
    List<Sentence> sentences = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    boolean startsDocument = false;
    boolean sawDocstart = false;
    int columns = -1;
    int columnsLine = 0;
    try (Utf8Lines lines = new Utf8Lines(source, in)) {
      String line;
      while ((line = lines.next()) != null) {
        int number = lines.number();
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (isBlank(line)) {
          startsDocument = flush(sentences, current, startsDocument);
          continue;
        }
        List<String> cells = split(line);
        if (cells.get(0).equals(DOCSTART)) {
          flush(sentences, current, startsDocument);
          startsDocument = true;
          sawDocstart = true;
          continue;
        }
        if (cells.size() < 2) {
          throw new CorpusException(source, number, EXPECTED_LINE + ", found " + quote(line));
        }
        if (columns < 0) {
          columns = cells.size();
          columnsLine = number;
        } else if (cells.size() != columns) {
          throw new CorpusException(
              source,
              number,
              "expected "
                  + columns
                  + " columns as on line "
                  + columnsLine
                  + ", found "
                  + cells.size()
                  + " in "
                  + quote(line));
        }
        String tag = cells.get(cells.size() - 1);
        if (!Tags.isWellFormed(tag)) {
          throw new CorpusException(
              source,
              number,
              "expected a tag like B-PER, I-PER or O as the last column, found " + quote(tag));
        }
        current.add(new Token(cells.get(0), cells.subList(1, cells.size() - 1), tag, number));
      }
      flush(sentences, current, startsDocument);
      if (sentences.isEmpty()) {
        int last = Math.max(1, lines.number());
        String found =
            lines.number() == 0
                ? "an empty file"
                : sawDocstart ? "only -DOCSTART- and blank lines" : "only blank lines";
        throw new CorpusException(
            source, last, "expected \"TOKEN [COLUMNS...] TAG\" lines, found " + found);
      }
    }
    return sentences;
  }

  /**
   * Ends the sentence in {@code current}, if any; returns whether the next sentence still starts a
   * document (it does while no sentence has taken the pending break).
   */
  private static boolean flush(
      List<Sentence> sentences, List<Token> current, boolean startsDocument) {
    if (current.isEmpty()) {
      return startsDocument;
    }
    sentences.add(new Sentence(current, startsDocument));
    current.clear();
    return false;
  }

  static boolean isBlank(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (!Character.isWhitespace(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The columns of a line that is not blank: at tabs if it has one, else at runs of spaces. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    if (line.indexOf('\t') >= 0) {
      int end = line.length();
      while (Character.isWhitespace(line.charAt(end - 1))) {
        end--;
      }
      int from = 0;
      for (int i = 0; i <= end; i++) {
        if (i == end || line.charAt(i) == '\t') {
          cells.add(line.substring(from, i));
          from = i + 1;
        }
      }
    } else {
      int from = 0;
      int to = line.length();
      while (Character.isWhitespace(line.charAt(from))) {
        from++;
      }
      while (Character.isWhitespace(line.charAt(to - 1))) {
        to--;
      }
      for (int i = from; i <= to; i++) {
        if (i == to || line.charAt(i) == ' ') {
          if (i > from) {
            cells.add(line.substring(from, i));
          }
          from = i + 1;
        }
      }
    }
    return cells;
  }
}
