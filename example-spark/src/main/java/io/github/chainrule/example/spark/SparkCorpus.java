package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusException;
import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.corpus.TagScheme;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;

/**
 * Reads CoNLL corpus files from any path Spark reads (local files, HDFS, object stores, as Spark's
 * Hadoop configuration allows), with the example's own {@link CorpusReader}: the same layout, the
 * same checks, the same messages, naming the file as Spark names it and the line.
 *
 * <p>A path is a file, a directory or a glob; each file of it is read whole by one task ({@code
 * binaryFiles}), so no sentence is ever cut between two tasks, and its sentences come back to the
 * driver, which builds the vocabularies and the batches from them as the single-machine trainer
 * does. A path's files form one corpus, in the order of their names. The tag scheme is detected per
 * file and must agree between all files that have entities (a file without any reads the same in
 * every scheme), as {@link CorpusReader#readTogether} requires of files read together.
 */
public final class SparkCorpus {
  private SparkCorpus() {}

  /**
   * Reads one corpus per path, all in one tag scheme.
   *
   * @throws CorpusException if a file is refused by the reader (the first in path and name order),
   *     or the files mix schemes
   * @throws IOException if a path cannot be listed or read
   */
  public static List<Corpus> readTogether(JavaSparkContext spark, List<String> paths)
      throws IOException {
    List<List<ParsedFile>> perPath = new ArrayList<>();
    for (String path : paths) {
      List<ParsedFile> files =
          new ArrayList<>(spark.binaryFiles(path).map(f -> parse(f._1(), f._2())).collect());
      if (files.isEmpty()) {
        throw new IOException(path + ": no file to read");
      }
      files.sort(Comparator.comparing(f -> f.source));
      for (ParsedFile f : files) {
        CorpusException error = f.error();
        if (error != null) {
          throw error;
        }
      }
      perPath.add(files);
    }
    TagScheme scheme = agreedScheme(perPath);
    List<Corpus> out = new ArrayList<>();
    for (int p = 0; p < paths.size(); p++) {
      List<Sentence> sentences = new ArrayList<>();
      for (ParsedFile f : perPath.get(p)) {
        f.sentencesInto(sentences);
      }
      out.add(new Corpus(paths.get(p), scheme, sentences));
    }
    return out;
  }

  /** Runs on an executor: one whole file through the reader. */
  private static ParsedFile parse(String source, PortableDataStream stream) throws IOException {
    try (InputStream in = stream.open()) {
      return ParsedFile.of(CorpusReader.read(source, in));
    } catch (CorpusException e) {
      return ParsedFile.refused(e);
    }
  }

  /** The scheme of the files with entities, which must be one; IOB2 when no file has any. */
  private static TagScheme agreedScheme(List<List<ParsedFile>> perPath) throws CorpusException {
    ParsedFile first = null;
    for (List<ParsedFile> files : perPath) {
      for (ParsedFile f : files) {
        int line = f.firstEntityLine();
        if (line == 0) {
          continue;
        }
        if (first == null) {
          first = f;
        } else if (f.scheme() != first.scheme()) {
          throw new CorpusException(
              f.source,
              line,
              "expected "
                  + first.scheme()
                  + " tags as in "
                  + first.source
                  + ", found the tags of "
                  + f.scheme());
        }
      }
    }
    return first == null ? TagScheme.IOB2 : first.scheme();
  }
}
