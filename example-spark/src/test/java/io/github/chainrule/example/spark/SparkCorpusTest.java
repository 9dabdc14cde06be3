package io.github.chainrule.example.spark;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusException;
import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.corpus.TagScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corpus files read through Spark are read by the example's own reader, whole and strictly. */
class SparkCorpusTest {
  @TempDir Path dir;

  @BeforeAll
  static void java() {
    LocalSpark.assumeSupportedJava();
  }

  private static String uri(Path p) {
    return p.toUri().toString();
  }

  @Test
  void aDirectoryOfFilesIsOneCorpusWithEverySentenceWhole() throws IOException {
    String text = new String(Bundled.stream("train.conll").readAllBytes(), StandardCharsets.UTF_8);
    // three files cut at sentence breaks, named so that their order is the text's
    String[] blocks = text.split("\n\n", -1);
    int third = blocks.length / 3;
    Path parts = Files.createDirectory(dir.resolve("parts"));
    for (int k = 0; k < 3; k++) {
      int from = k * third;
      int to = k == 2 ? blocks.length : (k + 1) * third;
      String part = String.join("\n\n", List.of(blocks).subList(from, to));
      Files.writeString(parts.resolve("part-" + k + ".conll"), part + (k < 2 ? "\n" : ""));
    }
    Corpus whole = Bundled.corpus("train.conll");
    Corpus read = SparkCorpus.readTogether(LocalSpark.get(), List.of(uri(parts))).get(0);
    assertThat(read.source()).isEqualTo(uri(parts));
    assertThat(read.scheme()).isEqualTo(whole.scheme());
    assertThat(read.sentences().size()).isEqualTo(whole.sentences().size());
    for (int s = 0; s < whole.sentences().size(); s++) {
      assertThat(read.sentences().get(s).words()).isEqualTo(whole.sentences().get(s).words());
      assertThat(read.sentences().get(s).tags()).isEqualTo(whole.sentences().get(s).tags());
    }
  }

  @Test
  void aFileReadsAsTheSingleMachineReaderReadsIt() throws IOException {
    Path file = dir.resolve("train.conll");
    Files.write(file, Bundled.stream("train.conll").readAllBytes());
    Corpus local = CorpusReader.read(file);
    Corpus read = SparkCorpus.readTogether(LocalSpark.get(), List.of(uri(file))).get(0);
    // the same records: token texts, the columns between, tags, line numbers, document breaks
    assertThat(read.sentences()).isEqualTo(local.sentences());
  }

  @Test
  void aMalformedLineIsTheReadersErrorNamingTheFileAndTheLine() throws IOException {
    Path good = dir.resolve("a.conll");
    Files.writeString(good, "Paris B-LOC\nis O\n\nnice O\n");
    Path bad = dir.resolve("b.conll");
    Files.writeString(bad, "Samuel B-PER\nQuinn I-PER\nwas\narrested O\n");
    CorpusException local = assertThrows(CorpusException.class, () -> CorpusReader.read(bad));
    CorpusException e =
        assertThrows(
            CorpusException.class,
            () -> SparkCorpus.readTogether(LocalSpark.get(), List.of(uri(dir))));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.source()).endsWith("/b.conll");
    assertThat(e.problem()).isEqualTo(local.problem());
    assertThat(e).hasMessageThat().isEqualTo(e.source() + ":3: " + local.problem());
  }

  @Test
  void filesInDifferentSchemesAreRefused() throws IOException {
    Path iob1 = dir.resolve("iob1.conll");
    Files.writeString(iob1, "Paris I-LOC\nis O\n");
    Path iob2 = dir.resolve("iob2.conll");
    Files.writeString(iob2, "Hello O\n\nParis B-LOC\nHilton I-LOC\n");
    CorpusException e =
        assertThrows(
            CorpusException.class,
            () -> SparkCorpus.readTogether(LocalSpark.get(), List.of(uri(iob1), uri(iob2))));
    assertThat(e.source()).endsWith("/iob2.conll");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.problem()).contains("expected IOB1 tags as in");
    // a file without entities goes with any scheme
    Path plain = dir.resolve("plain.conll");
    Files.writeString(plain, "Hello O\n");
    List<Corpus> both = SparkCorpus.readTogether(LocalSpark.get(), List.of(uri(iob1), uri(plain)));
    assertThat(both.get(1).scheme()).isEqualTo(TagScheme.IOB1);
    assertThat(both.get(0).sentences().get(0).tags()).containsExactly("B-LOC", "O").inOrder();
  }

  @Test
  void aPathWithoutFilesIsAnError() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    List<String> paths = new ArrayList<>(List.of(uri(empty)));
    IOException e =
        assertThrows(IOException.class, () -> SparkCorpus.readTogether(LocalSpark.get(), paths));
    assertThat(e).hasMessageThat().contains("empty");
    IOException missing =
        assertThrows(
            IOException.class,
            () -> SparkCorpus.readTogether(LocalSpark.get(), List.of(uri(dir.resolve("nothing")))));
    assertThat(missing).hasMessageThat().contains("nothing");
  }
}
