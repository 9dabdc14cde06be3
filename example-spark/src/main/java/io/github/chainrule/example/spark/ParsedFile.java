package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusException;
import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.corpus.TagScheme;
import io.github.chainrule.example.ner.corpus.Token;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One corpus file as an executor read it, in a form Java serialization carries to the driver: its
 * sentences (tags in IOB2, with the scheme the file was detected to be in), or the reader's error.
 * A refusal travels as a value rather than a failed task, so that Spark does not retry a file that
 * will be refused again, and the driver reports the reader's own message.
 */
final class ParsedFile implements Serializable {
  private static final long serialVersionUID = 1L;

  final String source;
  private final String scheme;
  private final String[][] texts;
  private final String[][][] columns;
  private final String[][] tags;
  private final int[][] lines;
  private final boolean[] startsDocument;

  // the refusal, if the file was refused: line and problem (errorProblem != null)
  private final int errorLine;
  private final String errorProblem;

  private ParsedFile(
      String source,
      String scheme,
      String[][] texts,
      String[][][] columns,
      String[][] tags,
      int[][] lines,
      boolean[] startsDocument,
      int errorLine,
      String errorProblem) {
    this.source = source;
    this.scheme = scheme;
    this.texts = texts;
    this.columns = columns;
    this.tags = tags;
    this.lines = lines;
    this.startsDocument = startsDocument;
    this.errorLine = errorLine;
    this.errorProblem = errorProblem;
  }

  /** A file the reader accepted. */
  static ParsedFile of(Corpus corpus) {
    List<Sentence> sentences = corpus.sentences();
    int n = sentences.size();
    String[][] texts = new String[n][];
    String[][][] columns = new String[n][][];
    String[][] tags = new String[n][];
    int[][] lines = new int[n][];
    boolean[] starts = new boolean[n];
    for (int s = 0; s < n; s++) {
      List<Token> tokens = sentences.get(s).tokens();
      texts[s] = new String[tokens.size()];
      columns[s] = new String[tokens.size()][];
      tags[s] = new String[tokens.size()];
      lines[s] = new int[tokens.size()];
      for (int t = 0; t < tokens.size(); t++) {
        Token token = tokens.get(t);
        texts[s][t] = token.text();
        columns[s][t] = token.columns().toArray(new String[0]);
        tags[s][t] = token.tag();
        lines[s][t] = token.line();
      }
      starts[s] = sentences.get(s).startsDocument();
    }
    return new ParsedFile(
        corpus.source(), corpus.scheme().name(), texts, columns, tags, lines, starts, 0, null);
  }

  /** A file the reader refused. */
  static ParsedFile refused(CorpusException e) {
    return new ParsedFile(e.source(), null, null, null, null, null, null, e.line(), e.problem());
  }

  /** The reader's refusal, or null. */
  CorpusException error() {
    return errorProblem == null ? null : new CorpusException(source, errorLine, errorProblem);
  }

  /** The scheme the file's tags were written in. */
  TagScheme scheme() {
    return TagScheme.valueOf(scheme);
  }

  /** The line of the first token of an entity, or 0 for a file without entities. */
  int firstEntityLine() {
    for (int s = 0; s < tags.length; s++) {
      for (int t = 0; t < tags[s].length; t++) {
        if (!tags[s][t].equals("O")) {
          return lines[s][t];
        }
      }
    }
    return 0;
  }

  /** The sentences, appended to {@code out}. */
  void sentencesInto(List<Sentence> out) {
    for (int s = 0; s < texts.length; s++) {
      List<Token> tokens = new ArrayList<>(texts[s].length);
      for (int t = 0; t < texts[s].length; t++) {
        tokens.add(new Token(texts[s][t], Arrays.asList(columns[s][t]), tags[s][t], lines[s][t]));
      }
      out.add(new Sentence(tokens, startsDocument[s]));
    }
  }
}
