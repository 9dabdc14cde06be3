package io.github.chainrule.example.ner.train;

import static com.google.common.truth.Truth.assertThat;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Training is a function of the data, the options and the seed: never of the thread count. */
class TrainerTest {
  private final int savedThreads = OpThreads.get();

  @AfterEach
  void restoreThreads() {
    OpThreads.set(savedThreads);
  }

  static List<Sentence> bundled(String name) throws IOException {
    Corpus c =
        CorpusReader.read(
            name, TrainerTest.class.getResourceAsStream("/io/github/chainrule/example/ner/corpus/" + name));
    return c.sentences();
  }

  static TrainingOptions options(int threads, long seed, boolean crf, int affixDim, int batch) {
    return new TrainingOptions(
        2, batch, seed, threads, new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1e-3), 64, 2, 20, 4, affixDim, affixDim,
        Activation.TANH, 0.3, 0.05, 2, 5, crf, null, null);
  }

  @Test
  void theSameSeedGivesTheSameModelBitForBitOnAnyNumberOfThreads() throws IOException {
    List<Sentence> train = bundled("train.conll");
    List<Sentence> dev = bundled("dev.conll");
    for (boolean crf : new boolean[] {false, true}) {
      // a batch large enough for the products to be split between threads
      Trainer.Result one = new Trainer(options(1, 7, crf, 6, 256)).train(train, dev, null, new Trainer.Listener() {});
      Trainer.Result three = new Trainer(options(3, 7, crf, 6, 256)).train(train, dev, null, new Trainer.Listener() {});
      assertSameBits(one.model().params(), three.model().params());
      assertThat(three.dev().result().report()).isEqualTo(one.dev().result().report());
      Trainer.Result other = new Trainer(options(1, 8, crf, 6, 256)).train(train, dev, null, new Trainer.Listener() {});
      assertThat(other.model().params().W()[0]).isNotEqualTo(one.model().params().W()[0]);
    }
  }

  @Test
  void pretrainedVectorsSetTheWidthAddWordsAndStartTheirRows() throws IOException {
    List<Sentence> train = bundled("train.conll");
    io.github.chainrule.example.ner.features.PretrainedVectors vectors =
        io.github.chainrule.example.ner.features.PretrainedVectors.read(
            "glove.txt",
            new java.io.ByteArrayInputStream(
                "Paris 0.5 -0.5 1\nthe 1 2 3\nzyzzyva 9 9 9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Trainer trainer = new Trainer(options(1, 1, false, 0, 32));
    io.github.chainrule.example.ner.model.ModelConfig config = trainer.config(train, vectors);
    assertThat(config.features().wordDim()).isEqualTo(3);
    io.github.chainrule.example.ner.features.FeatureSpace space =
        io.github.chainrule.example.ner.features.FeatureSpace.fromTraining(train, config.features(), 2)
            .withWords(vectors.vectors().keySet());
    io.github.chainrule.example.ner.model.NerModel model = Trainer.initialModel(config, space, vectors, 5);
    double[][] words = model.params().words();
    assertThat(words[space.words().id("paris")]).usingExactEquality().containsExactly(0.5, -0.5, 1.0).inOrder();
    assertThat(words[space.words().id("zyzzyva")]).usingExactEquality().containsExactly(9.0, 9.0, 9.0).inOrder();
    assertThat(words[space.words().id("museum")]).isNotEqualTo(new double[] {0, 0, 0});
  }

  @Test
  void crfTrainsSentencesLongerThanTheBatch() throws IOException {
    List<Sentence> train = bundled("train.conll");
    List<Sentence> dev = bundled("dev.conll");
    int longest = train.stream().mapToInt(Sentence::size).max().orElseThrow();
    assertThat(longest).isGreaterThan(4 * 5); // more word rows than a batch of 4 windows could read
    Trainer.Result r = new Trainer(options(1, 3, true, 0, 4)).train(train, dev, null, new Trainer.Listener() {});
    assertThat(r.epochs()).hasSize(2);
  }

  static void assertSameBits(NerParams a, NerParams b) {
    double[][][] ma = {a.words(), a.casing(), a.shapes(), a.affixes(), a.W(), a.U(), a.transitions(), {a.b(), a.c(), a.start(), a.end()}};
    double[][][] mb = {b.words(), b.casing(), b.shapes(), b.affixes(), b.W(), b.U(), b.transitions(), {b.b(), b.c(), b.start(), b.end()}};
    for (int k = 0; k < ma.length; k++) {
      assertThat(mb[k].length).isEqualTo(ma[k].length);
      for (int i = 0; i < ma[k].length; i++) {
        assertThat(mb[k][i]).usingExactEquality().containsExactly(ma[k][i]).inOrder();
      }
    }
  }
}
