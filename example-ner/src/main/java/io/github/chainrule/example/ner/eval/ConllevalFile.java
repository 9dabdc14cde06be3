package io.github.chainrule.example.ner.eval;

import static io.github.chainrule.example.ner.corpus.CorpusException.quote;

import io.github.chainrule.example.ner.corpus.CorpusException;
import io.github.chainrule.example.ner.corpus.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a file in conlleval's input layout to a {@link Conlleval}, line by line, as the script
 * reads its standard input: {@code split(/ /, $line)} (single spaces; a tab is not a separator;
 * empty fields between two spaces count, trailing ones do not), every non-empty line with as many
 * fields as the first, the last two fields the gold and the guessed tag. Lines end at {@code '\n'};
 * a {@code '\r'} before it is part of the last field, as in the script.
 *
 * <p>Where the script stops with {@code unexpected number of features}, this throws a {@link
 * CorpusException} naming the file and the line. Unlike the script, which reads bytes, it also
 * refuses invalid UTF-8.
 */
final class ConllevalFile {
  private ConllevalFile() {}

  static void read(String source, InputStream in, Conlleval eval) throws IOException {
    int features = -1;
    int featuresLine = 0;
    try (Utf8Lines lines = new Utf8Lines(source, in)) {
      String line;
      while ((line = lines.next()) != null) {
        List<String> fields = splitOnSpace(line);
        if (features < 0) {
          // an empty first line leaves the count unset, as $#features is then -1
          if (!fields.isEmpty()) {
            features = fields.size();
            featuresLine = lines.number();
          }
        } else if (fields.size() != features && !fields.isEmpty()) {
          throw new CorpusException(
              source,
              lines.number(),
              "expected "
                  + features
                  + " space-separated fields as on line "
                  + featuresLine
                  + " (TOKEN [FEATURES...] GOLD GUESS), found "
                  + fields.size()
                  + " in "
                  + quote(line));
        }
        if (fields.isEmpty() || fields.get(0).equals(Conlleval.BOUNDARY)) {
          eval.boundary();
          continue;
        }
        if (fields.size() < 2) {
          throw new CorpusException(
              source,
              lines.number(),
              "expected \"TOKEN [FEATURES...] GOLD GUESS\" separated by spaces, found "
                  + quote(line));
        }
        String guess = fields.get(fields.size() - 1);
        String gold = fields.get(fields.size() - 2);
        eval.add(fields.size() > 2 ? fields.get(0) : null, gold, guess);
      }
    }
  }

  /** Perl's {@code split(/ /, $line)}: leading empty fields kept, trailing ones removed. */
  static List<String> splitOnSpace(String line) {
    List<String> fields = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == ' ') {
        fields.add(line.substring(from, i));
        from = i + 1;
      }
    }
    int n = fields.size();
    while (n > 0 && fields.get(n - 1).isEmpty()) {
      n--;
    }
    return new ArrayList<>(fields.subList(0, n));
  }
}
