package io.github.chainrule.example.ner.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.github.chainrule.example.ner.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program as a user runs it: {@code train} with no data options on the bundled corpus (the
 * README's first command), then {@code eval}, {@code predict} and every refusal of bad input.
 */
@Tag("slow") // left out of mvn verify -Pquick
class CommandLineTest {
  @TempDir static Path dir;
  static Path model;
  static Run trained;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void trainOnTheBundledCorpus() {
    model = dir.resolve("model");
    trained = run("train", "--out", model.toString());
  }

  @Test
  void trainWithoutDataTrainsOnTheBundledCorpusAndTagsTheLecturesSentences() throws IOException {
    assertThat(trained.err()).isEmpty();
    assertThat(trained.code()).isEqualTo(0);
    String out = trained.out();
    assertThat(out).contains("train bundled train.conll: 605 sentences");
    assertThat(out).containsMatch("epoch 1/20  train loss \\d\\.\\d{4}  dev loss \\d\\.\\d{4}  dev F1 \\d+\\.\\d\\d");
    assertThat(out).contains("processed 1858 tokens with 245 phrases");
    // Paris is a person once and a place once
    assertThat(out).contains("Paris\tB-PER\nHilton\tI-PER\nwowed\tO");
    assertThat(out).contains("Samuel\tB-PER\nQuinn\tI-PER\n");
    assertThat(out).contains("in\tO\nParis\tB-LOC\nin\tO\nApril\tO");
    // the README shows this part of the output as it is
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int from = readme.indexOf("```text\nThe lecture's sentences:") + 8;
    String shown = readme.substring(from, readme.indexOf("```", from));
    assertThat(out.replace(System.lineSeparator(), "\n")).contains(shown);
    for (String f : new String[] {"config.json", "vocab.json", "params.safetensors", "report.html"}) {
      assertThat(Files.exists(model.resolve(f))).isTrue();
    }
    try (var files = Files.list(dir)) {
      // no staging or old directory is left beside the model
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList()).isEmpty();
    }
  }

  @Test
  void evalPrintsTheConllevalReportOfTheKeptModel() {
    Run eval = run("eval", "--model", model.toString(), "--data", bundledDev().toString());
    assertThat(eval.code()).isEqualTo(0);
    // the same scores train printed for the kept model on dev
    String devReport = trained.out().substring(trained.out().indexOf("dev:\n") + 5, trained.out().indexOf("wrote "));
    assertThat(eval.out()).startsWith(devReport);
    assertThat(eval.out()).contains("token confusion");
  }

  @Test
  void predictTagsArgumentsStandardInputAndWritesJson() {
    Run p = run("predict", "--model", model.toString(), "Samuel Quinn was arrested in Paris.");
    assertThat(p.code()).isEqualTo(0);
    assertThat(p.out()).startsWith("Samuel\tB-PER\nQuinn\tI-PER\nwas\tO\n");
    assertThat(p.out()).contains("Paris\tB-LOC\n.\tO\n\n");

    PredictCommand command = new PredictCommand();
    command.stdin = new ByteArrayInputStream("last night Paris Hilton wowed in a sequin gown\n".getBytes(StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    picocli.CommandLine cl = new picocli.CommandLine(command);
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--model", model.toString(), "--json")).isEqualTo(0);
    assertThat(out.toString().strip())
        .isEqualTo("{\"text\":\"Paris Hilton\",\"type\":\"PER\",\"start\":11,\"end\":23,\"input\":0}");
  }

  @Test
  void badInputGetsOneClearLineAndNoStackTrace() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    Path docstart = Files.writeString(dir.resolve("docstart.txt"), "-DOCSTART- -X- O\n\n-DOCSTART- -X- O\n");
    Path badTag = Files.writeString(dir.resolve("badtag.txt"), "Paris\tB-LOC\nis\tX-LOC\n");
    Path ok = bundledDev();
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"train", "--train", empty.toString(), "--dev", ok.toString(), "--out", dir.resolve("x").toString()});
    cases.add(new String[] {"train", "--train", docstart.toString(), "--dev", ok.toString()});
    cases.add(new String[] {"train", "--train", badTag.toString(), "--dev", ok.toString()});
    cases.add(new String[] {"train", "--train", dir.resolve("missing.txt").toString(), "--dev", ok.toString()});
    cases.add(new String[] {"train", "--train", ok.toString()});
    cases.add(new String[] {"train", "--epochs", "0"});
    cases.add(new String[] {"train", "--optimizer", "lbfgs"});
    cases.add(new String[] {"train", "--no-such-option"});
    cases.add(new String[] {"train", "--crf", "--binary", "LOC"});
    cases.add(new String[] {"eval", "--model", dir.resolve("nothing").toString(), "--data", ok.toString()});
    cases.add(new String[] {"eval", "--model", dir.toString(), "--data", ok.toString()});
    cases.add(new String[] {"predict", "--model", empty.toString(), "x"});
    cases.add(new String[] {"eval"});
    for (String[] args : cases) {
      Run r = run(args);
      String what = String.join(" ", args);
      assertWithMessage(what).that(r.code()).isNotEqualTo(0);
      assertWithMessage(what + ": " + r.err()).that(r.err().strip().lines().count()).isEqualTo(1);
      assertWithMessage(what).that(r.err()).doesNotContain("\tat ");
      assertWithMessage(what).that(r.err()).startsWith("chainrule-ner ");
    }
    assertThat(run(cases.get(0)).err()).contains("empty.txt");
    assertThat(run(cases.get(2)).err()).contains("badtag.txt:2:");
    assertThat(run(cases.get(3)).err()).contains("no such file");
  }

  @Test
  void aModelFromAnotherVersionOrWithAMissingFileIsRefused() throws IOException {
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    for (String f : new String[] {"config.json", "vocab.json", "params.safetensors"}) {
      Files.copy(model.resolve(f), copy.resolve(f));
    }
    Path data = bundledDev();
    assertThat(run("eval", "--model", copy.toString(), "--data", data.toString()).code()).isEqualTo(0);

    String config = Files.readString(copy.resolve("config.json"));
    Files.writeString(copy.resolve("config.json"), config.replace("\"version\": 1", "\"version\": 2"));
    Run newer = run("eval", "--model", copy.toString(), "--data", data.toString());
    assertThat(newer.err()).contains("format 2; this program reads format 1");

    Files.writeString(copy.resolve("config.json"), config);
    Files.delete(copy.resolve("params.safetensors"));
    assertThat(run("eval", "--model", copy.toString(), "--data", data.toString()).err()).contains("has no params.safetensors");

    Files.copy(model.resolve("params.safetensors"), copy.resolve("params.safetensors"));
    Files.writeString(copy.resolve("vocab.json"), "{\"words\": [\"<unk>\", \"<s>\", \"</s>\"], \"shapes\": [\"<unk>\", \"<s>\", \"</s>\"], \"affixes\": [\"<unk>\", \"<s>\", \"</s>\"]}");
    Run shrunk = run("eval", "--model", copy.toString(), "--data", data.toString());
    assertThat(shrunk.err()).contains("has words of");
  }

  static Path bundledDev() {
    try {
      Path p = dir.resolve("dev.conll");
      if (!Files.exists(p)) {
        Files.copy(CommandLineTest.class.getResourceAsStream(TrainCommand.BUNDLED + "dev.conll"), p);
      }
      return p;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
