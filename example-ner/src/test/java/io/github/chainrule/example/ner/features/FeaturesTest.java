package io.github.chainrule.example.ner.features;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.example.ner.corpus.CorpusException;
import io.github.chainrule.example.ner.features.WordFeatures.Casing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturesTest {
  @Test
  void normalisationCasingAndShape() {
    assertThat(WordFeatures.normalize("Paris")).isEqualTo("paris");
    assertThat(WordFeatures.normalize("April1989")).isEqualTo("april0000");
    assertThat(WordFeatures.normalize("0x19")).isEqualTo("0x00");
    assertThat(WordFeatures.casing("museums")).isEqualTo(Casing.LOWER);
    assertThat(WordFeatures.casing("NASA")).isEqualTo(Casing.UPPER);
    assertThat(WordFeatures.casing("Paris")).isEqualTo(Casing.TITLE);
    assertThat(WordFeatures.casing("A")).isEqualTo(Casing.TITLE);
    assertThat(WordFeatures.casing("iPhone")).isEqualTo(Casing.MIXED);
    assertThat(WordFeatures.casing("McDonald")).isEqualTo(Casing.MIXED);
    assertThat(WordFeatures.casing("1989")).isEqualTo(Casing.NUMBER);
    assertThat(WordFeatures.casing("4.5")).isEqualTo(Casing.NUMBER);
    assertThat(WordFeatures.casing("2nd")).isEqualTo(Casing.HAS_DIGIT);
    assertThat(WordFeatures.casing(".")).isEqualTo(Casing.PUNCTUATION);
    assertThat(WordFeatures.casing("--")).isEqualTo(Casing.PUNCTUATION);
    assertThat(WordFeatures.casing("@user")).isEqualTo(Casing.OTHER);
    assertThat(WordFeatures.casing("😀")).isEqualTo(Casing.OTHER);
    assertThat(WordFeatures.casing("Zürich")).isEqualTo(Casing.TITLE);
    assertThat(WordFeatures.casing("U.S.")).isEqualTo(Casing.UPPER);
    assertThat(WordFeatures.casing("O'Neil")).isEqualTo(Casing.MIXED);
    assertThat(WordFeatures.casing("e-mail")).isEqualTo(Casing.LOWER);
    assertThat(WordFeatures.casing("#tag")).isEqualTo(Casing.OTHER);
    assertThat(WordFeatures.casing("1,000")).isEqualTo(Casing.OTHER);
    assertThat(WordFeatures.shape("Paris")).isEqualTo("Xxx");
    assertThat(WordFeatures.shape("1989")).isEqualTo("dd");
    assertThat(WordFeatures.shape("U.S.")).isEqualTo("X.X.");
    assertThat(WordFeatures.prefix("paris", 3)).isEqualTo("par");
    assertThat(WordFeatures.suffix("paris", 3)).isEqualTo("ris");
    assertThat(WordFeatures.suffix("in", 4)).isEqualTo("in");
    assertThat(WordFeatures.suffix("a😀b", 2)).isEqualTo("😀b");
  }

  @Test
  void vocabularyKeepsFrequentStringsMostFrequentFirst() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("the", 5);
    counts.put("rare", 1);
    counts.put("paris", 2);
    counts.put("in", 5);
    Vocabulary v = Vocabulary.build(counts, 2);
    assertThat(v.strings()).containsExactly("<unk>", "<s>", "</s>", "the", "in", "paris").inOrder();
    assertThat(v.id("rare")).isEqualTo(Vocabulary.UNKNOWN_ID);
    assertThat(v.plus(List.of("paris", "lyon", "lyon")).strings()).containsExactly("<unk>", "<s>", "</s>", "the", "in", "paris", "lyon").inOrder();
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "b", "c")));
  }

  @Test
  void windowsPadSentenceEdgesAndDropWords() {
    FeatureConfig config = new FeatureConfig(2, 4, 2, 2, 2);
    FeatureSpace space =
        FeatureSpace.fromTraining(
            List.of(new io.github.chainrule.example.ner.corpus.Sentence(
                List.of(token("Museums"), token("in"), token("Paris")), false)),
            config,
            1);
    EncodedCorpus c = space.encode(List.of(List.of("Museums", "in", "Paris"), List.of("Lyon")));
    WindowBatch b = new WindowBatch(config, 2);
    c.window(0, 0, b, 0, null);
    int[] w = b.words()[0];
    assertThat(w[0]).isEqualTo(Vocabulary.START_ID);
    assertThat(w[1]).isEqualTo(Vocabulary.START_ID);
    assertThat(space.words().string(w[2])).isEqualTo("museums");
    assertThat(space.words().string(w[4])).isEqualTo("paris");
    assertThat(b.casing()[0]).asList().containsExactly(0, 0, Casing.TITLE.ordinal(), Casing.LOWER.ordinal(), Casing.TITLE.ordinal()).inOrder();
    assertThat(b.prefixes()[0]).hasLength(15);
    assertThat(space.affixes().string(b.prefixes()[0][6])).isEqualTo("p2:mu");
    assertThat(space.affixes().string(b.suffixes()[0][8])).isEqualTo("s4:eums");
    // the second sentence: an unseen word between the edges, and word dropout
    c.window(1, 3, b, 1, new boolean[] {false, false, true, false, false});
    assertThat(b.words()[1]).asList().containsExactly(1, 1, Vocabulary.UNKNOWN_ID, 2, 2).inOrder();
    assertThat(c.sentenceOf(3)).isEqualTo(1);
  }

  @Test
  void pretrainedVectorsInGloveAndWord2vecFormatMatchCaseInsensitively() throws IOException {
    PretrainedVectors glove = read("Paris 1 2\nparis 3 4\nthe 5 6\nLYON 7 8\n");
    assertThat(glove.dim()).isEqualTo(2);
    assertThat(glove.vectors().get("paris")).usingExactEquality().containsExactly(3.0, 4.0).inOrder();
    assertThat(glove.vectors().get("lyon")).usingExactEquality().containsExactly(7.0, 8.0).inOrder();
    PretrainedVectors w2v = read("2 3\nthe 0.1 0.2 0.3\nParis 1 2 3\n");
    assertThat(w2v.dim()).isEqualTo(3);
    assertThat(w2v.vectors().keySet()).containsExactly("the", "paris").inOrder();
    CorpusException e = assertThrows(CorpusException.class, () -> read("the 1 2\nparis 1 2 3\n"));
    assertThat(e).hasMessageThat().isEqualTo("vectors.txt:2: expected 2 numbers after the word, as above, found 3");
    e = assertThrows(CorpusException.class, () -> read("the 1 x\n"));
    assertThat(e).hasMessageThat().isEqualTo("vectors.txt:1: expected a number, found \"x\"");
    e = assertThrows(CorpusException.class, () -> read("\n\n"));
    assertThat(e).hasMessageThat().contains("expected word vectors, found none");
  }

  private static PretrainedVectors read(String text) throws IOException {
    return PretrainedVectors.read("vectors.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static io.github.chainrule.example.ner.corpus.Token token(String text) {
    return new io.github.chainrule.example.ner.corpus.Token(text, List.of(), "O", 1);
  }
}
