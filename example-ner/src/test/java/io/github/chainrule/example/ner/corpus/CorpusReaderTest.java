package io.github.chainrule.example.ner.corpus;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {
  static Corpus read(String text) throws IOException {
    return CorpusReader.read(
        "test.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void spaceSeparatedColumnsKeepTheMiddleColumns() throws IOException {
    Corpus c = read("Lena NNP B-NP B-PER\nOstrova NNP I-NP I-PER\njoined VBD B-VP O\n");
    Sentence s = c.sentences().get(0);
    assertThat(s.words()).containsExactly("Lena", "Ostrova", "joined").inOrder();
    assertThat(s.tags()).containsExactly("B-PER", "I-PER", "O").inOrder();
    assertThat(s.tokens().get(0).columns()).containsExactly("NNP", "B-NP").inOrder();
    assertThat(s.tokens().get(2).line()).isEqualTo(3);
  }

  @Test
  void runsOfSpacesAndEdgeSpacesSeparateColumns() throws IOException {
    Corpus c = read("  Lena   NNP  B-PER  \n");
    Token t = c.sentences().get(0).tokens().get(0);
    assertThat(t.text()).isEqualTo("Lena");
    assertThat(t.columns()).containsExactly("NNP");
    assertThat(t.tag()).isEqualTo("B-PER");
  }

  @Test
  void aLineWithATabIsSplitAtTabsOnlySoTokensMayHoldSpaces() throws IOException {
    Corpus c = read("ke s\tO\n \tO\n\tO\nNew York\tB-LOC\t\n");
    assertThat(c.sentences().get(0).words()).containsExactly("ke s", " ", "", "New York").inOrder();
    assertThat(c.sentences().get(0).tags()).containsExactly("O", "O", "O", "B-LOC").inOrder();
  }

  @Test
  void whitespaceOnlyLinesEndSentencesAndRunsOfThemMakeNoEmptySentence() throws IOException {
    Corpus c = read("a\tO\n\t\nb\tO\n \nc\tO\n\n\n \t \nd\tO");
    assertThat(c.sentences()).hasSize(4);
    assertThat(c.sentences().get(3).words()).containsExactly("d");
    assertThat(c.sentences().get(3).line()).isEqualTo(9);
    assertThat(c.tokenCount()).isEqualTo(4);
  }

  @Test
  void docstartLinesBreakDocumentsAndSentencesAndAreNotTokens() throws IOException {
    Corpus c =
        read(
            "-DOCSTART- -X- -X- O\n\nA NN O O\nB NN O O\n-DOCSTART- -X- -X- O\nC NN O O\n\n"
                + "D NN O O\n-DOCSTART-\n\n-DOCSTART- -X- O\nE NN O O\n");
    assertThat(c.sentences()).hasSize(4);
    assertThat(c.sentences().get(0).words()).containsExactly("A", "B").inOrder();
    assertThat(c.sentences().get(0).startsDocument()).isTrue();
    assertThat(c.sentences().get(1).startsDocument()).isTrue();
    assertThat(c.sentences().get(2).startsDocument()).isFalse();
    assertThat(c.sentences().get(3).startsDocument()).isTrue();
    assertThat(c.documentCount()).isEqualTo(3);
    assertThat(c.tokenCount()).isEqualTo(5);
  }

  @Test
  void textBeforeTheFirstDocstartIsADocumentToo() throws IOException {
    Corpus c = read("A O\n-DOCSTART- O\nB O\n");
    assertThat(c.sentences().get(0).startsDocument()).isFalse();
    assertThat(c.sentences().get(1).startsDocument()).isTrue();
    assertThat(c.documentCount()).isEqualTo(2);
  }

  @Test
  void carriageReturnsAndAByteOrderMarkAreDropped() throws IOException {
    Corpus c = read("\uFEFF-DOCSTART- O\r\n\r\nParis\tB-LOC\r\nis\tO\r\n\r\nok\tO\r\n");
    assertThat(c.sentences()).hasSize(2);
    assertThat(c.sentences().get(0).words()).containsExactly("Paris", "is").inOrder();
    assertThat(c.sentences().get(0).tags()).containsExactly("B-LOC", "O").inOrder();
  }

  @Test
  void iob1IsDetectedAndConvertedToIob2() throws IOException {
    Corpus c = read("Harlow I-ORG\nMills I-ORG\nHarlow B-ORG\nFoods I-ORG\nin O\nParis I-LOC\n");
    assertThat(c.scheme()).isEqualTo(TagScheme.IOB1);
    assertThat(c.sentences().get(0).tags())
        .containsExactly("B-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "B-LOC")
        .inOrder();
    assertThat(c.sentences().get(0).entities())
        .containsExactly(new Entity("ORG", 0, 2), new Entity("ORG", 2, 4), new Entity("LOC", 5, 6))
        .inOrder();
  }

  @Test
  void iob1AlsoStartsAnEntityWithIAfterAnotherType() throws IOException {
    Corpus c = read("a I-PER\nb I-LOC\nc I-LOC\n");
    assertThat(c.scheme()).isEqualTo(TagScheme.IOB1);
    assertThat(c.sentences().get(0).tags()).containsExactly("B-PER", "B-LOC", "I-LOC").inOrder();
  }

  @Test
  void iob2IsDetectedAndKept() throws IOException {
    Corpus c = read("Empire\tB-location\nState\tI-location\n=\tO\nESB\tB-location\n");
    assertThat(c.scheme()).isEqualTo(TagScheme.IOB2);
    assertThat(c.sentences().get(0).tags())
        .containsExactly("B-location", "I-location", "O", "B-location")
        .inOrder();
    assertThat(c.types()).containsExactly("location");
    assertThat(c.tagSet()).containsExactly("O", "B-location", "I-location").inOrder();
  }

  @Test
  void iobesIsDetectedAndConvertedToIob2() throws IOException {
    Corpus c =
        read(
            "a S-PER\n"
                + "b B-creative-work\n"
                + "c I-creative-work\n"
                + "d E-creative-work\n"
                + "e O\n"
                + "f B-LOC\n"
                + "g E-LOC\n");
    assertThat(c.scheme()).isEqualTo(TagScheme.IOBES);
    assertThat(c.sentences().get(0).tags())
        .containsExactly(
            "B-PER", "B-creative-work", "I-creative-work", "I-creative-work", "O", "B-LOC", "I-LOC")
        .inOrder();
    assertThat(c.types()).containsExactly("PER", "creative-work", "LOC").inOrder();
  }

  @Test
  void aFileWithoutEntitiesReadsAsIob2() throws IOException {
    assertThat(read("a O\nb O\n").scheme()).isEqualTo(TagScheme.IOB2);
  }

  @Test
  void touchingEntitiesOfOneTypeFitBothIobSchemes() throws IOException {
    // B- right after an entity of its type is written by IOB1 and IOB2 alike
    Corpus c = read("a I-PER\nb B-PER\n");
    assertThat(c.scheme()).isEqualTo(TagScheme.IOB1);
    assertThat(c.sentences().get(0).tags()).containsExactly("B-PER", "B-PER").inOrder();
  }

  @Test
  void filesReadTogetherShareTheSchemeTheirEvidenceShows(@TempDir Path dir) throws IOException {
    Path train = dir.resolve("train.txt");
    Path dev = dir.resolve("dev.txt");
    Files.writeString(train, "Harlow I-ORG\nMills I-ORG\n");
    // on its own dev reads as IOB2 (it has no entity); with train, it is IOB1
    Files.writeString(dev, "a O\n");
    List<Corpus> both = CorpusReader.readTogether(List.of(train, dev));
    assertThat(both.get(0).scheme()).isEqualTo(TagScheme.IOB1);
    assertThat(both.get(1).scheme()).isEqualTo(TagScheme.IOB1);
    assertThat(both.get(0).source()).isEqualTo(train.toString());
    assertThat(CorpusReader.read(dev).scheme()).isEqualTo(TagScheme.IOB2);
  }

  @Test
  void predictionsConvertBackToTheInputScheme() throws IOException {
    Corpus c = read("Harlow I-ORG\nMills I-ORG\nHarlow B-ORG\nFoods I-ORG\n");
    Sentence s = c.sentences().get(0);
    assertThat(c.scheme().fromIob2(s.tags()))
        .containsExactly("I-ORG", "I-ORG", "B-ORG", "I-ORG")
        .inOrder();
  }
}
