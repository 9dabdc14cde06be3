package io.github.chainrule.example.ner.corpus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagSchemeTest {
  private static final List<String> IOB2 =
      List.of("B-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "B-PER", "O", "B-LOC", "B-PER", "I-PER");

  @Test
  void iob1WritesBOnlyBetweenTouchingEntitiesOfOneType() {
    assertThat(TagScheme.IOB1.fromIob2(IOB2))
        .containsExactly(
            "I-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "I-PER", "O", "I-LOC", "I-PER", "I-PER")
        .inOrder();
  }

  @Test
  void iobesWritesSingletonsAndEnds() {
    assertThat(TagScheme.IOBES.fromIob2(IOB2))
        .containsExactly(
            "B-ORG", "E-ORG", "B-ORG", "E-ORG", "O", "S-PER", "O", "S-LOC", "B-PER", "E-PER")
        .inOrder();
    assertThat(TagScheme.IOBES.fromIob2(List.of("B-X", "I-X", "I-X")))
        .containsExactly("B-X", "I-X", "E-X")
        .inOrder();
  }

  @Test
  void everySchemeRoundTrips() {
    for (TagScheme scheme : TagScheme.values()) {
      assertThat(scheme.toIob2(scheme.fromIob2(IOB2))).containsExactlyElementsIn(IOB2).inOrder();
    }
    assertThat(TagScheme.IOB2.fromIob2(IOB2)).containsExactlyElementsIn(IOB2).inOrder();
  }

  @Test
  void illFormedPredictionsBecomeWellFormedOutput() {
    // a model may guess I- after O, or I- of another type; they start entities, as in conlleval
    List<String> guessed = List.of("I-PER", "I-PER", "I-LOC", "O", "I-LOC");
    assertThat(TagScheme.IOB2.fromIob2(guessed))
        .containsExactly("B-PER", "I-PER", "B-LOC", "O", "B-LOC")
        .inOrder();
    assertThat(TagScheme.IOBES.fromIob2(guessed))
        .containsExactly("B-PER", "E-PER", "S-LOC", "O", "S-LOC")
        .inOrder();
  }

  @Test
  void tagsOutsideTheSchemeAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TagScheme.IOB2.toIob2(List.of("S-X")));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("expected an IOB2 tag (O or a prefix and a type), found \"S-X\"");
    e = assertThrows(IllegalArgumentException.class, () -> TagScheme.IOB1.fromIob2(List.of("E-X")));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("expected an IOB2 tag (O or B-/I- and a type), found \"E-X\"");
  }

  @Test
  void entitiesDecodeAndEncode() {
    List<Entity> entities = Entity.fromIob2(IOB2);
    assertThat(entities)
        .containsExactly(
            new Entity("ORG", 0, 2),
            new Entity("ORG", 2, 4),
            new Entity("PER", 5, 6),
            new Entity("LOC", 7, 8),
            new Entity("PER", 8, 10))
        .inOrder();
    assertThat(Entity.toIob2(entities, IOB2.size())).containsExactlyElementsIn(IOB2).inOrder();
    assertThat(Entity.fromIob2(List.of("B-creative-work", "I-creative-work")))
        .containsExactly(new Entity("creative-work", 0, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Entity.toIob2(List.of(new Entity("X", 0, 2), new Entity("Y", 1, 3)), 3));
  }
}
