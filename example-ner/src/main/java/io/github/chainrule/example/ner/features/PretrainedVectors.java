package io.github.chainrule.example.ner.features;

import io.github.chainrule.example.ner.corpus.CorpusException;
import io.github.chainrule.example.ner.corpus.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Word vectors in the text formats of GloVe ({@code word v1 v2 ... vd} per line) and word2vec (the
 * same, after a first line {@code count d}), keyed by the normalised word ({@link
 * WordFeatures#normalize}), so that they match the vocabulary case-insensitively. Where several
 * forms of a word normalise alike ({@code Paris}, {@code paris}), the lower-case form wins, else
 * the first.
 *
 * @param dim the vector width
 * @param vectors normalised word to vector, in file order
 */
public record PretrainedVectors(int dim, Map<String, double[]> vectors) {

  /** Reads a file; any malformed line is an error naming the file and the line. */
  public static PretrainedVectors read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in);
    }
  }

  /** Reads vectors from a stream; {@code source} names it in errors. */
  public static PretrainedVectors read(String source, InputStream in) throws IOException {
    Map<String, double[]> vectors = new LinkedHashMap<>();
    Map<String, Boolean> exact = new LinkedHashMap<>();
    int dim = -1;
    try (Utf8Lines lines = new Utf8Lines(source, in)) {
      for (String line; (line = lines.next()) != null; ) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] fields = trimmed.split("[ \\t]+");
        if (lines.number() == 1 && fields.length == 2 && isInt(fields[0]) && isInt(fields[1])) {
          dim = Integer.parseInt(fields[1]); // word2vec's header: count and width
          continue;
        }
        if (fields.length < 2) {
          throw new CorpusException(source, lines.number(), "expected \"WORD V1 V2 ...\", found " + CorpusException.quote(line));
        }
        int d = fields.length - 1;
        if (dim < 0) {
          dim = d;
        } else if (d != dim) {
          throw new CorpusException(
              source, lines.number(), "expected " + dim + " numbers after the word, as above, found " + d);
        }
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
          try {
            v[j] = Double.parseDouble(fields[j + 1]);
          } catch (NumberFormatException e) {
            throw new CorpusException(
                source, lines.number(), "expected a number, found " + CorpusException.quote(fields[j + 1]));
          }
          if (!Double.isFinite(v[j])) {
            throw new CorpusException(
                source, lines.number(), "expected a finite number, found " + CorpusException.quote(fields[j + 1]));
          }
        }
        String word = fields[0];
        String key = WordFeatures.normalize(word);
        boolean isExact = word.equals(key);
        Boolean had = exact.get(key);
        if (had == null || (isExact && !had)) {
          vectors.put(key, v);
          exact.put(key, isExact);
        }
      }
      if (vectors.isEmpty()) {
        throw new CorpusException(source, Math.max(1, lines.number()), "expected word vectors, found none");
      }
    }
    return new PretrainedVectors(dim, Collections.unmodifiableMap(vectors));
  }

  private static boolean isInt(String s) {
    return s.chars().allMatch(Character::isDigit) && !s.isEmpty();
  }
}
