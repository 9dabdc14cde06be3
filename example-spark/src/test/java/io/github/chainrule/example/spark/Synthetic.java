package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.corpus.Token;
import io.github.chainrule.example.ner.features.EncodedCorpus;
import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.FeatureSpace;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.train.OptimizerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Made-up corpora with a vocabulary of exactly V words (each appears at least once, the rest
 * Zipf-like), and steps driven straight through {@link SparkStep}, for measuring what a step ships
 * at any V without training whole epochs.
 */
final class Synthetic {
  private static final List<String> TAGS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

  private Synthetic() {}

  /**
   * Sentences of 8 to 24 tokens: first about {@code tokens} of them over {@code vocabulary}
   * distinct words (each at least once, the rest drawn with probability about 1 / rank), then
   * {@code extra} more words, each once, in sentences of their own. The first part does not depend
   * on {@code extra}: batches drawn from it are the same for any {@code extra}, only the vocabulary
   * grows.
   */
  static List<Sentence> corpus(int vocabulary, int tokens, int extra, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int total = Math.max(tokens, vocabulary);
    int[] words = new int[total];
    for (int t = 0; t < total; t++) {
      words[t] =
          t < vocabulary
              ? t
              : (int)
                  Math.min(
                      vocabulary - 1, Math.exp(random.nextDouble() * Math.log(vocabulary)) - 1);
    }
    int[] more = new int[extra];
    for (int i = 0; i < extra; i++) {
      more[i] = vocabulary + i;
    }
    List<Sentence> out = new ArrayList<>();
    int[] line = {1};
    sentences(words, random, line, out);
    sentences(more, new SplittableRandom(seed + 1), line, out);
    return out;
  }

  /** Cuts {@code words} into sentences of 8 to 24 tokens (the last may be shorter). */
  private static void sentences(
      int[] words, SplittableRandom random, int[] line, List<Sentence> out) {
    int t = 0;
    while (t < words.length) {
      int n = Math.min(words.length - t, 8 + random.nextInt(17));
      List<Token> sentence = new ArrayList<>(n);
      for (int i = 0; i < n; i++, t++) {
        String tag = TAGS.get(random.nextInt(10) < 8 ? 0 : 1 + 2 * random.nextInt(2));
        sentence.add(new Token(word(words[t], i == 0), List.of(), tag, line[0]++));
      }
      line[0]++;
      out.add(new Sentence(sentence, false));
    }
  }

  /** Word {@code w} in letters (normalization folds digits), capitalized at a sentence's start. */
  static String word(int w, boolean capital) {
    StringBuilder b = new StringBuilder(capital ? "Q" : "q");
    do {
      b.append((char) ('a' + w % 26));
      w /= 26;
    } while (w > 0);
    return b.toString();
  }

  /** Steps of a softmax model over a synthetic corpus, each batch random tokens of it. */
  static final class Steps {
    final NerModel model;
    final EncodedCorpus encoded;
    final SparkStep step;
    final int batch;
    private final int drawFrom;
    private final SplittableRandom random;

    /** Batches drawn from the corpus's first {@code drawFrom} tokens. */
    Steps(
        JavaSparkContext spark,
        List<Sentence> corpus,
        int drawFrom,
        FeatureConfig features,
        int hidden,
        int batch,
        int shares,
        StepCosts costs) {
      List<String> tags = TAGS;
      ModelConfig config =
          new ModelConfig(
              features, hidden, Activation.TANH, tags, ModelConfig.Objective.SOFTMAX, null);
      FeatureSpace space = FeatureSpace.fromTraining(corpus, features, 1);
      this.model = NerModel.initialize(config, space, 1);
      this.encoded = space.encodeSentences(corpus);
      this.batch = batch;
      this.drawFrom = drawFrom;
      this.random = new SplittableRandom(2);
      List<Integer> ids = new ArrayList<>();
      for (int s = 0; s < shares; s++) {
        ids.add(s);
      }
      JavaRDD<Integer> rdd = spark.parallelize(ids, shares);
      this.step =
          new SparkStep(
              spark,
              rdd,
              2,
              spark.broadcast(new RunContext(config, 0.3, 1, ShareHook.NONE)),
              model,
              new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1e-3),
              batch,
              costs);
    }

    /** These steps, their times and bytes summed into {@code costs} from now on. */
    Steps withCosts(StepCosts costs) {
      step.costs(costs);
      return this;
    }

    /** The vocabulary's size, specials included. */
    int vocabulary() {
      return model.space().words().size();
    }

    /** Takes {@code n} steps. */
    void run(int n) {
      WindowBatch windows = new WindowBatch(model.config().features(), batch);
      for (int s = 0; s < n; s++) {
        for (int r = 0; r < batch; r++) {
          int t = random.nextInt(drawFrom);
          encoded.window(encoded.sentenceOf(t), t, windows, r, null);
          windows.labels()[r] = random.nextInt(TAGS.size());
        }
        step.step(windows, new int[0], random.nextLong());
      }
    }
  }
}
