package io.github.chainrule.example.ner.report;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingReportTest {
  private static Epoch epoch(int n, double f1) {
    return new Epoch(n, 0.5, Double.NaN, f1, f1, f1, 1000, 1);
  }

  private static final Scores NONE = new Scores(0, 0, 0, 1, List.of());
  private static final Confusion ONE = new Confusion(List.of("O"), new long[][] {{3}});

  @Test
  void builderKeepsTheOrderOfSettingsAndEpochs() {
    TrainingReport r =
        TrainingReport.builder("t")
            .setting("--seed", "1")
            .setting("--epochs", "2")
            .setting("--batch-size", "8")
            .corpus("train", "a")
            .corpus("dev", "b")
            .epoch(epoch(1, 0.5))
            .epoch(epoch(2, 0.7))
            .bestEpoch(2)
            .dev(NONE)
            .confusion(ONE)
            .build();
    assertThat(r.settings().keySet())
        .containsExactly("--seed", "--epochs", "--batch-size")
        .inOrder();
    assertThat(r.corpora().keySet()).containsExactly("train", "dev").inOrder();
    assertThat(r.best().devF1()).isEqualTo(0.7);
    assertThat(r.hasTest()).isFalse();
  }

  @Test
  void collectionsAreCopiedAndUnmodifiable() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("--lr", "0.1");
    TrainingReport r =
        new TrainingReport("t", settings, Map.of(), List.of(epoch(1, 0.5)), 1, NONE, null, ONE);
    settings.put("--lr", "99");
    assertThat(r.settings()).containsExactly("--lr", "0.1");
    assertThrows(UnsupportedOperationException.class, () -> r.settings().put("x", "y"));
    assertThrows(UnsupportedOperationException.class, () -> r.epochs().add(epoch(2, 0.5)));
  }

  @Test
  void bestEpochMustBeOneOfTheEpochs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingReport(
                    "t", Map.of(), Map.of(), List.of(epoch(1, 0.5)), 3, NONE, null, ONE));
    assertThat(e).hasMessageThat().contains("best epoch 3");
  }

  @Test
  void epochsMustIncreaseAndThereMustBeOne() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TrainingReport(
                "t",
                Map.of(),
                Map.of(),
                List.of(epoch(2, 0.5), epoch(2, 0.6)),
                2,
                NONE,
                null,
                ONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainingReport("t", Map.of(), Map.of(), List.of(), 1, NONE, null, ONE));
  }

  @Test
  void percentagesInsteadOfFractionsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Scores(91.2, 0.9, 0.9, 0.9, List.of()));
    assertThat(e).hasMessageThat().contains("fraction in [0, 1], got 91.2");
    assertThrows(IllegalArgumentException.class, () -> epoch(1, 85.0));
    assertThrows(
        IllegalArgumentException.class, () -> new TypeScore("PER", Double.NaN, 0, 0, 1, 1, 0));
  }

  @Test
  void typeScoreCountsMustBeConsistent() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TypeScore("LOC", 1, 1, 1, 3, 2, 3));
    assertThat(e).hasMessageThat().contains("LOC");
  }

  @Test
  void aTypeMayAppearOnlyOnce() {
    TypeScore per = new TypeScore("PER", 1, 1, 1, 1, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> new Scores(1, 1, 1, 1, List.of(per, per)));
  }

  @Test
  void scoresAddUpTheCounts() {
    Scores s =
        new Scores(
            0.5,
            0.5,
            0.5,
            0.9,
            List.of(new TypeScore("A", 1, 1, 1, 2, 3, 1), new TypeScore("B", 1, 1, 1, 5, 7, 4)));
    assertThat(s.gold()).isEqualTo(7);
    assertThat(s.found()).isEqualTo(10);
    assertThat(s.correct()).isEqualTo(5);
  }

  @Test
  void confusionCopiesItsArraysAndComparesByContent() {
    long[][] counts = {{5, 1}, {2, 7}};
    Confusion c = new Confusion(List.of("O", "B-PER"), counts);
    counts[0][0] = 99;
    assertThat(c.count(0, 0)).isEqualTo(5);
    c.counts()[1][1] = 99;
    assertThat(c.count(1, 1)).isEqualTo(7);
    assertThat(c.rowTotal(1)).isEqualTo(9);
    assertThat(c).isEqualTo(new Confusion(List.of("O", "B-PER"), new long[][] {{5, 1}, {2, 7}}));
    assertThat(c.hashCode())
        .isEqualTo(new Confusion(List.of("O", "B-PER"), new long[][] {{5, 1}, {2, 7}}).hashCode());
  }

  @Test
  void confusionMustBeSquareWithDistinctLabelsAndNoNegativeCount() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Confusion(List.of("O", "B-PER"), new long[][] {{1, 2}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Confusion(List.of("O", "B-PER"), new long[][] {{1, 2}, {3}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Confusion(List.of("O", "O"), new long[][] {{1, 2}, {3, 4}}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Confusion(List.of("O", "B-PER"), new long[][] {{1, -2}, {3, 4}}));
    assertThat(e).hasMessageThat().contains("gold O, predicted B-PER");
  }
}
