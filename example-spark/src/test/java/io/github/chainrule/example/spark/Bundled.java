package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.train.OptimizerSettings;
import io.github.chainrule.example.ner.train.TrainingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The small corpus that ships in chainrule-example-ner, and training options for it. */
final class Bundled {
  static final String DIR = "/io/github/chainrule/example/ner/corpus/";

  private Bundled() {}

  /** {@code train.conll} or {@code dev.conll}. */
  static Corpus corpus(String name) {
    try {
      return CorpusReader.read(name, stream(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream stream(String name) {
    InputStream in = Bundled.class.getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IllegalStateException("chainrule-example-ner lacks its bundled " + name);
    }
    return in;
  }

  /**
   * Small and quick, with every feature table (words, casing, shapes, affixes), dropout and word
   * dropout, so that every path of a step is exercised.
   *
   * @param objective "softmax", "crf" or "binary"
   */
  static TrainingOptions options(String objective, long seed, int epochs, int batch) {
    boolean binary = objective.equals("binary");
    return new TrainingOptions(
        epochs,
        batch,
        seed,
        1,
        new OptimizerSettings(OptimizerSettings.Kind.ADAM, 2e-3),
        24,
        2,
        12,
        4,
        binary ? 0 : 4,
        binary ? 0 : 4,
        Activation.TANH,
        0.3,
        0.05,
        2,
        5,
        objective.equals("crf"),
        binary ? "LOC" : null,
        null);
  }
}
