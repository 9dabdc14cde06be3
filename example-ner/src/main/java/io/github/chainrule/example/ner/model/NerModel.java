package io.github.chainrule.example.ner.model;

import io.github.chainrule.example.ner.features.EncodedCorpus;
import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.FeatureSpace;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.runtime.init.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A window NER model: its shape, the vocabularies of its feature tables, and its parameters; and
 * prediction, batch by batch (argmax of the softmax scores, Viterbi under the CRF, or the sign of
 * the binary model's score).
 *
 * @param config the model's shape
 * @param space the feature vocabularies, shared with the text it reads
 * @param params the parameters
 */
public record NerModel(ModelConfig config, FeatureSpace space, NerParams params) {

  /** Windows per prediction batch (whole sentences; a longer sentence is one batch). */
  static final int PREDICTION_BATCH = 1024;

  /**
   * A model with fresh parameters: word vectors and the other feature tables from N(0, 0.1^2),
   * {@code W} and {@code U} Xavier-uniform, biases and the CRF's scores zero.
   */
  public static NerModel initialize(ModelConfig config, FeatureSpace space, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    FeatureConfig f = config.features();
    Initializer embedding = Initializer.normal(0.0, 0.1);
    double[][] words = table(embedding, space.words().size(), f.wordDim(), random.split());
    double[][] casing = table(embedding, f.casingDim() > 0 ? FeatureSpace.CASING_ROWS : 0, f.casingDim(), random.split());
    double[][] shapes = table(embedding, f.shapeDim() > 0 ? space.shapes().size() : 0, f.shapeDim(), random.split());
    double[][] affixes = table(embedding, f.affixDim() > 0 ? space.affixes().size() : 0, f.affixDim(), random.split());
    int in = config.objective() == ModelConfig.Objective.BINARY ? f.windowSize() * f.wordDim() : f.inputDim();
    double[][] W = Initializer.xavierUniform().matrix(config.hidden(), in, random.split());
    double[][] U = Initializer.xavierUniform().matrix(config.outputs(), config.hidden(), random.split());
    int crf = config.objective() == ModelConfig.Objective.CRF ? config.tags().size() : 0;
    NerParams p =
        new NerParams(
            words,
            casing,
            shapes,
            affixes,
            W,
            new double[config.hidden()],
            U,
            new double[config.outputs()],
            new double[crf][crf],
            new double[crf],
            new double[crf]);
    return new NerModel(config, space, p);
  }

  private static double[][] table(Initializer init, int rows, int cols, SplittableRandom random) {
    return rows == 0 || cols == 0 ? new double[0][0] : init.matrix(rows, cols, random);
  }

  /** The predicted tag index of every token, sentence by sentence. */
  public List<int[]> predict(EncodedCorpus corpus) {
    List<int[]> out = new ArrayList<>(corpus.sentences());
    int s = 0;
    while (s < corpus.sentences()) {
      int first = s;
      int windows = 0;
      while (s < corpus.sentences()
          && (s == first || windows + corpus.start(s + 1) - corpus.start(s) <= PREDICTION_BATCH)) {
        windows += corpus.start(s + 1) - corpus.start(s);
        s++;
      }
      WindowBatch batch = new WindowBatch(config.features(), windows);
      int r = 0;
      for (int k = first; k < s; k++) {
        for (int t = corpus.start(k); t < corpus.start(k + 1); t++) {
          corpus.window(k, t, batch, r++, null);
        }
      }
      decode(batch, corpus, first, s, out);
    }
    return out;
  }

  private void decode(WindowBatch batch, EncodedCorpus corpus, int first, int last, List<int[]> out) {
    int activation = config.activation().ordinal();
    if (config.objective() == ModelConfig.Objective.BINARY) {
      double[] scores = LectureNetwork.scores(params, batch.words(), activation);
      int r = 0;
      for (int k = first; k < last; k++) {
        int[] tags = new int[corpus.start(k + 1) - corpus.start(k)];
        for (int t = 0; t < tags.length; t++) {
          tags[t] = scores[r++] > 0 ? 1 : 0; // sigma(s) > 1/2
        }
        out.add(tags);
      }
      return;
    }
    double[][] Z =
        NerNetwork.scores(
            params, batch.words(), batch.casing(), batch.shapes(), batch.prefixes(), batch.suffixes(), activation);
    int r = 0;
    for (int k = first; k < last; k++) {
      int n = corpus.start(k + 1) - corpus.start(k);
      int[] tags =
          config.objective() == ModelConfig.Objective.CRF
              ? Viterbi.decode(Z, r, r + n, params.transitions(), params.start(), params.end())
              : argmax(Z, r, r + n);
      out.add(tags);
      r += n;
    }
  }

  private static int[] argmax(double[][] Z, int from, int to) {
    int[] tags = new int[to - from];
    for (int t = from; t < to; t++) {
      int best = 0;
      for (int k = 1; k < Z[t].length; k++) {
        if (Z[t][k] > Z[t][best]) {
          best = k;
        }
      }
      tags[t - from] = best;
    }
    return tags;
  }

  /** The tag strings of predicted tag indices, in IOB2 ({@code B-}/{@code I-} for the binary class). */
  public List<String> tagStrings(int[] tags) {
    List<String> out = new ArrayList<>(tags.length);
    for (int t = 0; t < tags.length; t++) {
      if (config.objective() == ModelConfig.Objective.BINARY) {
        boolean inside = tags[t] == 1;
        boolean continues = inside && t > 0 && tags[t - 1] == 1;
        out.add(inside ? (continues ? "I-" : "B-") + config.binaryType() : "O");
      } else {
        out.add(config.tags().get(tags[t]));
      }
    }
    return out;
  }
}
