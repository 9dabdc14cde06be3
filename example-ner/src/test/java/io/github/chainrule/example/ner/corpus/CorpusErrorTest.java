package io.github.chainrule.example.ner.corpus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal of the reader, with its exact message. */
class CorpusErrorTest {
  private static String refusal(String text) {
    return refusal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(byte[] bytes) {
    CorpusException e =
        assertThrows(
            CorpusException.class,
            () -> CorpusReader.read("btc.dev", new ByteArrayInputStream(bytes)));
    assertThat(e.getMessage()).isEqualTo(e.source() + ":" + e.line() + ": " + e.problem());
    return e.getMessage();
  }

  @Test
  void aSingleColumn() {
    assertThat(refusal("Paris B-LOC\nfoo\n"))
        .isEqualTo(
            "btc.dev:2: expected \"TOKEN [COLUMNS...] TAG\" with a tag like B-PER, I-PER or O,"
                + " found \"foo\"");
  }

  @Test
  void aSingleColumnBeforeATrailingTab() {
    assertThat(refusal("foo\t\n"))
        .isEqualTo(
            "btc.dev:1: expected \"TOKEN [COLUMNS...] TAG\" with a tag like B-PER, I-PER or O,"
                + " found \"foo\\t\"");
  }

  @Test
  void tagsOutsideEveryScheme() {
    for (String tag : List.of("X-LOC", "B-", "B", "o", "PER", "B_PER", "-PER")) {
      assertThat(refusal("Paris " + tag + "\n"))
          .isEqualTo(
              "btc.dev:1: expected a tag like B-PER, I-PER or O as the last column, found \""
                  + tag
                  + "\"");
    }
  }

  @Test
  void aTagWithASpaceInATabSeparatedLine() {
    assertThat(refusal("New York\tB-L OC\n"))
        .isEqualTo(
            "btc.dev:1: expected a tag like B-PER, I-PER or O as the last column, found \"B-L"
                + " OC\"");
  }

  @Test
  void aLineWithMoreColumnsThanTheFirst() {
    // a token with a space in a space-separated file: one column too many, never misread
    assertThat(refusal("Lena NNP I-PER\nNew York NNP I-LOC\n"))
        .isEqualTo("btc.dev:2: expected 3 columns as on line 1, found 4 in \"New York NNP I-LOC\"");
  }

  @Test
  void anIobesTagInAFileOtherwiseIob() {
    assertThat(refusal("Allen B-PER\nIverson I-PER\n's O\nat O\nWizards B-ORG\nRT O\n\nok S-ORG\n"))
        .isEqualTo(
            "btc.dev:8: expected B-, I- or O tags as in the rest of the input, found the IOBES"
                + " tag \"S-ORG\" (the input is not IOBES: btc.dev:3 has \"I-PER\" followed by"
                + " \"O\")");
  }

  @Test
  void anEndTagInAFileOtherwiseIob1() {
    assertThat(refusal("a I-PER\nb O\nc I-LOC\nd E-LOC\n"))
        .isEqualTo(
            "btc.dev:4: expected B-, I- or O tags as in the rest of the input, found the IOBES"
                + " tag \"E-LOC\" (the input is not IOBES: btc.dev:1 has \"I-PER\" at the start"
                + " of a sentence)");
  }

  @Test
  void anIobesEntityLeftOpen() {
    assertThat(refusal("a S-PER\nb B-LOC\nc O\nd B-ORG\ne E-ORG\n"))
        .isEqualTo(
            "btc.dev:3: expected I-LOC or E-LOC after \"B-LOC\" in IOBES, found \"O\" (the input"
                + " is IOBES: btc.dev:1 has \"S-PER\")");
  }

  @Test
  void anIobesEntityOfAnotherTypeInside() {
    assertThat(refusal("a S-PER\nb B-LOC\nc E-ORG\nd S-ORG\n"))
        .isEqualTo(
            "btc.dev:3: expected I-LOC or E-LOC after \"B-LOC\" in IOBES, found \"E-ORG\" (the"
                + " input is IOBES: btc.dev:1 has \"S-PER\")");
  }

  @Test
  void anIobesEntityOpenAtTheEndOfASentence() {
    assertThat(refusal("a S-PER\nb B-LOC\n\nc S-LOC\n"))
        .isEqualTo(
            "btc.dev:2: expected I-LOC or E-LOC after \"B-LOC\" in IOBES, found the end of the"
                + " sentence (the input is IOBES: btc.dev:1 has \"S-PER\")");
  }

  @Test
  void anIobesEntityStartedWithI() {
    assertThat(refusal("a S-PER\nb I-LOC\nc E-LOC\nd S-ORG\n"))
        .isEqualTo(
            "btc.dev:2: expected B-LOC or S-LOC to start an entity in IOBES, found \"I-LOC\""
                + " after \"S-PER\" (the input is IOBES: btc.dev:1 has \"S-PER\")");
  }

  @Test
  void iob1AndIob2InOneFile() {
    assertThat(refusal("Harlow I-ORG\nMills I-ORG\n\nin O\nParis B-LOC\n"))
        .isEqualTo(
            "btc.dev:5: expected IOB1 tags, as btc.dev:1 has \"I-ORG\" starting an entity at the"
                + " start of a sentence (IOB2 starts every entity with B-), found \"B-LOC\""
                + " starting an entity after \"O\" (IOB1 writes B- only between two entities of"
                + " one type)");
  }

  @Test
  void iob2AndThenIob1InOneFile() {
    assertThat(refusal("Paris B-LOC\nis O\nnice O\n\nin O\nHarlow I-ORG\n"))
        .isEqualTo(
            "btc.dev:6: expected IOB2 tags, as btc.dev:1 has \"B-LOC\" starting an entity at the"
                + " start of a sentence (IOB1 writes B- only between two entities of one type),"
                + " found \"I-ORG\" starting an entity after \"O\" (IOB2 starts every entity with"
                + " B-)");
  }

  @Test
  void iob1AndIob2AcrossFilesReadTogether(@TempDir Path dir) throws Exception {
    Path train = dir.resolve("train.txt");
    Path dev = dir.resolve("dev.txt");
    Files.writeString(train, "Paris B-LOC\n");
    Files.writeString(dev, "-DOCSTART- O\n\nx O\nParis I-LOC\n");
    CorpusException e =
        assertThrows(CorpusException.class, () -> CorpusReader.readTogether(List.of(train, dev)));
    assertThat(e.getMessage())
        .isEqualTo(
            dev
                + ":4: expected IOB2 tags, as "
                + train
                + ":1 has \"B-LOC\" starting an entity at the start of a sentence (IOB1 writes B-"
                + " only between two entities of one type), found \"I-LOC\" starting an entity"
                + " after \"O\" (IOB2 starts every entity with B-)");
    assertThat(e.source()).isEqualTo(dev.toString());
    assertThat(e.line()).isEqualTo(4);
  }

  @Test
  void anEmptyFile() {
    assertThat(refusal(""))
        .isEqualTo("btc.dev:1: expected \"TOKEN [COLUMNS...] TAG\" lines, found an empty file");
  }

  @Test
  void aFileOfBlankLines() {
    assertThat(refusal("\n \n\t\n"))
        .isEqualTo("btc.dev:3: expected \"TOKEN [COLUMNS...] TAG\" lines, found only blank lines");
  }

  @Test
  void aFileOfOnlyDocstartLines() {
    assertThat(refusal("-DOCSTART- -X- -X- O\n\n-DOCSTART- -X- -X- O\n"))
        .isEqualTo(
            "btc.dev:3: expected \"TOKEN [COLUMNS...] TAG\" lines, found only -DOCSTART- and"
                + " blank lines");
  }

  @Test
  void anInvalidByte() {
    byte[] bytes = {'a', '\t', 'O', '\n', 'c', 'a', 'f', (byte) 0xFF, '\t', 'O', '\n'};
    assertThat(refusal(bytes))
        .isEqualTo(
            "btc.dev:2: expected UTF-8 text, found the invalid byte 0xFF at byte 4 of the line");
  }

  @Test
  void aTruncatedSequence() {
    // the first two bytes of the euro sign, E2 82 AC, then a tab
    byte[] bytes = {(byte) 0xE2, (byte) 0x82, '\t', 'O', '\n'};
    assertThat(refusal(bytes))
        .isEqualTo(
            "btc.dev:1: expected UTF-8 text, found the invalid bytes 0xE2 0x82 at byte 1 of the"
                + " line");
  }

  @Test
  void anOverlongEncodingAtTheEndOfAFile() {
    // C0 AF is an overlong '/', which a lenient decoder would turn into U+FFFD
    byte[] bytes = {'a', '\t', 'O', '\n', '\n', 'b', (byte) 0xC0, (byte) 0xAF};
    assertThat(refusal(bytes))
        .isEqualTo(
            "btc.dev:3: expected UTF-8 text, found the invalid byte 0xC0 at byte 2 of the line");
  }

  @Test
  void aFileIsNamedAsTheCallerGaveIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conll");
    Files.writeString(file, "Paris B-LOC\n\nfoo\n");
    CorpusException e = assertThrows(CorpusException.class, () -> CorpusReader.read(file));
    assertThat(e.getMessage())
        .isEqualTo(
            file
                + ":3: expected \"TOKEN [COLUMNS...] TAG\" with a tag like B-PER, I-PER or O,"
                + " found \"foo\"");
  }
}
