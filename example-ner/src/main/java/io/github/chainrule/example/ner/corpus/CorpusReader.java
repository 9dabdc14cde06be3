package io.github.chainrule.example.ner.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads CoNLL-style corpus files into {@link Corpus} objects, tags converted to IOB2.
 *
 * <p>The layout: one token per line, {@code TOKEN [COLUMNS...] TAG} (CoNLL-2003 English is {@code
 * token POS chunk tag}; BTC and WNUT-17 are {@code token<TAB>tag}). A line that holds a tab is
 * split at tabs only, so a token may hold a space; other lines are split at runs of spaces. Blank
 * lines (empty, a lone tab, a lone space) end a sentence; a line whose first column is {@code
 * -DOCSTART-} is a document break, not a token, and ends a sentence too. Every token line of a file
 * has as many columns as its first. Files are UTF-8; a byte order mark and carriage returns before
 * line feeds are dropped.
 *
 * <p>Tags are {@code O} or a prefix, a hyphen and a type ({@code B-PER}, {@code I-creative-work}).
 * The scheme (IOB1, IOB2 or IOBES, see {@link TagScheme}) is detected from the tags, over all the
 * files read together when several are, and checked strictly.
 *
 * <p>Nothing is skipped: a malformed line, a tag outside the scheme, invalid UTF-8, a file without
 * a token, all throw a {@link CorpusException} whose message reads {@code FILE:LINE: expected ...,
 * found ...}.
 */
public final class CorpusReader {
  private CorpusReader() {}

  /**
   * Reads one file; errors name it as {@code file.toString()}.
   *
   * @throws CorpusException if the file is not a well-formed corpus
   * @throws IOException if it cannot be read
   */
  public static Corpus read(Path file) throws IOException {
    return readTogether(List.of(file)).get(0);
  }

  /**
   * Reads one corpus from a stream (a resource, standard input), named {@code source} in errors.
   * The stream is closed.
   *
   * @throws CorpusException if the stream is not a well-formed corpus
   * @throws IOException if it cannot be read
   */
  public static Corpus read(String source, InputStream in) throws IOException {
    List<SchemeDetector.Input> inputs = List.of(parse(source, in));
    return convert(inputs, SchemeDetector.detect(inputs)).get(0);
  }

  /**
   * Reads several files that must share one tag scheme (training, development and test data of one
   * corpus), detected from all of them: a file without entities, or one whose tags fit both IOB1
   * and IOB2, takes the scheme the others show. The result is in the order given.
   *
   * @throws CorpusException if a file is not a well-formed corpus, or the files mix schemes
   * @throws IOException if one cannot be read
   */
  public static List<Corpus> readTogether(List<Path> files) throws IOException {
    List<SchemeDetector.Input> inputs = new ArrayList<>();
    for (Path file : files) {
      inputs.add(parse(file.toString(), Files.newInputStream(file)));
    }
    return convert(inputs, SchemeDetector.detect(inputs));
  }

  private static SchemeDetector.Input parse(String source, InputStream in) throws IOException {
    return new SchemeDetector.Input(source, ConllParser.parse(source, in));
  }

  private static List<Corpus> convert(List<SchemeDetector.Input> inputs, TagScheme scheme) {
    List<Corpus> corpora = new ArrayList<>();
    for (SchemeDetector.Input input : inputs) {
      List<Sentence> sentences = new ArrayList<>(input.sentences().size());
      for (Sentence raw : input.sentences()) {
        List<String> tags = scheme.toIob2(raw.tags());
        List<Token> tokens = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
          Token t = raw.tokens().get(i);
          tokens.add(new Token(t.text(), t.columns(), tags.get(i), t.line()));
        }
        sentences.add(new Sentence(tokens, raw.startsDocument()));
      }
      corpora.add(new Corpus(input.source(), scheme, sentences));
    }
    return Collections.unmodifiableList(corpora);
  }
}
