package io.github.chainrule.example.spark;

import static com.google.common.truth.Truth.assertThat;

import io.github.chainrule.example.ner.features.FeatureConfig;
import org.junit.jupiter.api.Test;

/** What a step ships grows with the rows its batch reads, never with the vocabulary. */
class StepBytesTest {
  @Test
  void theBytesOfAStepDoNotGrowWithTheVocabulary() {
    FeatureConfig features = new FeatureConfig(2, 16, 4, 0, 0);
    int[] extra = {0, 99_000};
    long[] planBytes = new long[2];
    long[] gradientBytes = new long[2];
    long[] rows = new long[2];
    for (int i = 0; i < 2; i++) {
      StepCosts costs = new StepCosts(true);
      Synthetic.Steps steps =
          new Synthetic.Steps(
              LocalSpark.get(),
              Synthetic.corpus(1_000, 20_000, extra[i], 3),
              20_000,
              features,
              16,
              32,
              2,
              costs);
      assertThat(steps.vocabulary()).isEqualTo(1_000 + extra[i] + 3);
      steps.run(5);
      planBytes[i] = costs.planBytes();
      gradientBytes[i] = costs.gradientBytes();
      rows[i] = costs.tableRows();
    }
    // the same batches from a vocabulary 100 times larger: not one byte more
    assertThat(rows[1]).isEqualTo(rows[0]);
    assertThat(planBytes[1]).isEqualTo(planBytes[0]);
    assertThat(gradientBytes[1]).isEqualTo(gradientBytes[0]);
    // and a step ships far less than the word table (100,003 x 16 doubles)
    assertThat(planBytes[1] / 5).isLessThan(100_003L * 16 * 8 / 20);
  }
}
