package io.github.chainrule.example.spark;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.example.ner.train.Trainer;
import io.github.chainrule.example.ner.train.TrainingOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark trainer trains the single-machine trainer's model: the same seed and options give the
 * same parameters to 1e-9 after the same steps, whatever the number of shares, and a task that
 * fails and is retried changes nothing.
 */
class SparkTrainerTest {
  private static final Trainer.Listener QUIET = new Trainer.Listener() {};

  /** Failures the hook below injected; the tests run in the executors' JVM (local mode). */
  private static final AtomicInteger INJECTED = new AtomicInteger();

  private static List<Sentence> train;
  private static List<Sentence> dev;

  @BeforeAll
  static void read() {
    LocalSpark.assumeSupportedJava();
    train = Bundled.corpus("train.conll").sentences();
    dev = Bundled.corpus("dev.conll").sentences();
  }

  private static Trainer.Result single(TrainingOptions options) throws IOException {
    return new Trainer(options).train(train, dev, null, QUIET);
  }

  private static Trainer.Result spark(TrainingOptions options, SparkTrainer.Settings settings)
      throws IOException {
    return new SparkTrainer(LocalSpark.get(), options, settings).train(train, dev, null, QUIET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"softmax", "crf", "binary"})
  void trainsTheModelTheSingleMachineTrainerTrains(String objective) throws IOException {
    TrainingOptions options = Bundled.options(objective, 11, 2, 128);
    Trainer.Result one = single(options);
    JavaSparkContext spark = LocalSpark.get();
    for (int shares : new int[] {2, 3}) {
      Trainer.Result r = spark(options, SparkTrainer.Settings.of(spark).withShares(shares));
      assertThat(r.epochs()).hasSize(one.epochs().size());
      assertWithinTolerance(one.model().params(), r.model().params(), 1e-9);
      assertThat(r.bestEpoch()).isEqualTo(one.bestEpoch());
      assertThat(r.dev().result().report()).isEqualTo(one.dev().result().report());
      for (int e = 0; e < one.epochs().size(); e++) {
        assertThat(r.epochs().get(e).trainLoss())
            .isWithin(1e-9)
            .of(one.epochs().get(e).trainLoss());
      }
    }
    // the tolerance tells models apart: another seed gives parameters far outside it
    Trainer.Result otherSeed = single(Bundled.options(objective, 12, 2, 128));
    assertThat(maxDifference(one.model().params(), otherSeed.model().params())).isGreaterThan(1e-3);
  }

  @Test
  void aTaskThatFailsOnItsFirstAttemptIsRetriedAndTheModelIsTheSame() throws IOException {
    TrainingOptions options = Bundled.options("softmax", 5, 1, 64);
    SparkTrainer.Settings settings = SparkTrainer.Settings.of(LocalSpark.get()).withShares(2);
    Trainer.Result clean = spark(options, settings);
    INJECTED.set(0);
    ShareHook failOnce =
        (step, share) -> {
          // steps 3 and 40: share 1's first attempt fails, as a lost executor's task would
          if ((step == 3 || step == 40) && share == 1 && TaskContext.get().attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException(
                "injected failure of step " + step + ", share " + share);
          }
        };
    Trainer.Result retried = spark(options, settings.withHook(failOnce));
    assertThat(INJECTED.get()).isEqualTo(2);
    // two shares are added in either order to the same bits: the models are identical
    assertWithinTolerance(clean.model().params(), retried.model().params(), 0.0);
    assertWithinTolerance(single(options).model().params(), retried.model().params(), 1e-9);
  }

  static void assertWithinTolerance(NerParams expected, NerParams actual, double tolerance) {
    double[][][] e = matrices(expected);
    double[][][] a = matrices(actual);
    for (int k = 0; k < e.length; k++) {
      assertThat(a[k].length).isEqualTo(e[k].length);
      for (int i = 0; i < e[k].length; i++) {
        assertWithMessage("parameter %s, row %s", k, i)
            .that(a[k][i])
            .usingTolerance(tolerance)
            .containsExactly(e[k][i])
            .inOrder();
      }
    }
  }

  static double maxDifference(NerParams x, NerParams y) {
    double[][][] a = matrices(x);
    double[][][] b = matrices(y);
    double max = 0;
    for (int k = 0; k < a.length; k++) {
      for (int i = 0; i < Math.min(a[k].length, b[k].length); i++) {
        for (int j = 0; j < Math.min(a[k][i].length, b[k][i].length); j++) {
          max = Math.max(max, Math.abs(a[k][i][j] - b[k][i][j]));
        }
      }
    }
    return max;
  }

  private static double[][][] matrices(NerParams p) {
    return new double[][][] {
      p.words(),
      p.casing(),
      p.shapes(),
      p.affixes(),
      p.W(),
      p.U(),
      p.transitions(),
      {p.b(), p.c(), p.start(), p.end()}
    };
  }
}
