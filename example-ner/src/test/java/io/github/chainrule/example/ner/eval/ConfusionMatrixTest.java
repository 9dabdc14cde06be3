package io.github.chainrule.example.ner.eval;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final List<List<String>> GOLD =
      List.of(List.of("B-PER", "I-PER", "O", "B-LOC"), List.of("O", "B-ORG"));
  private static final List<List<String>> GUESS =
      List.of(List.of("B-PER", "O", "O", "B-PER"), List.of("O", "B-ORG"));

  @Test
  void rowsAreGoldColumnsGuessesLabelsInAFixedOrder() {
    ConfusionMatrix m = ConfusionMatrix.of(GOLD, GUESS);
    assertThat(m.labels()).containsExactly("O", "B-LOC", "B-ORG", "B-PER", "I-PER").inOrder();
    assertThat(m.count("B-LOC", "B-PER")).isEqualTo(1);
    assertThat(m.count("I-PER", "O")).isEqualTo(1);
    assertThat(m.count("O", "O")).isEqualTo(2);
    assertThat(m.count("B-PER", "B-PER")).isEqualTo(1);
    assertThat(m.total()).isEqualTo(6);
    assertThat(m.counts()[0][0]).isEqualTo(2);
  }

  @Test
  void theOrderDoesNotDependOnTheOrderTagsCameIn() {
    List<String> labels =
        List.of("I-X", "E-X", "O", "B-A", "S-X", "B-X", "X", "I-PER", "B-PER", "B-LOC", "B-ORG");
    // a tag without a type ("X") has the empty type, which sorts first
    assertThat(ConfusionMatrix.of(labels, GOLD, GUESS).labels())
        .containsExactly(
            "O", "X", "B-A", "B-LOC", "B-ORG", "B-PER", "I-PER", "B-X", "I-X", "E-X", "S-X")
        .inOrder();
    List<String> reversed = new ArrayList<>(labels);
    Collections.reverse(reversed);
    assertThat(ConfusionMatrix.of(reversed, GOLD, GUESS).labels())
        .isEqualTo(ConfusionMatrix.of(labels, GOLD, GUESS).labels());
  }

  @Test
  void givenLabelsGetRowsEvenWhenNeverSeen() {
    ConfusionMatrix m =
        ConfusionMatrix.of(
            List.of("I-LOC", "B-LOC", "O", "B-PER", "I-PER", "B-ORG", "I-ORG"), GOLD, GUESS);
    assertThat(m.labels())
        .containsExactly("O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER")
        .inOrder();
    assertThat(m.count("I-LOC", "I-LOC")).isEqualTo(0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ConfusionMatrix.of(List.of("O"), GOLD, GUESS));
    assertThat(e).hasMessageThat().isEqualTo("expected one of the labels [O], found \"B-PER\"");
  }

  @Test
  void rendersAsAlignedPlainText() {
    assertThat(ConfusionMatrix.of(GOLD, GUESS).render())
        .isEqualTo(
            "gold \\ guess      O  B-LOC  B-ORG  B-PER  I-PER\n"
                + "           O      2      0      0      0      0\n"
                + "       B-LOC      0      0      0      1      0\n"
                + "       B-ORG      0      0      1      0      0\n"
                + "       B-PER      0      0      0      1      0\n"
                + "       I-PER      1      0      0      0      0\n");
  }
}
