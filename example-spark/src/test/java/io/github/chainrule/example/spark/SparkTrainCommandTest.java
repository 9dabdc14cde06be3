package io.github.chainrule.example.spark;

import static com.google.common.truth.Truth.assertThat;

import io.github.chainrule.example.ner.Main;
import io.github.chainrule.example.ner.store.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chainrule-ner-spark} end to end, as {@code spark-submit} runs it: it makes its own context
 * (the master comes from the {@code spark.master} property, as spark-submit passes it), reads the
 * files through Spark and writes a model directory that {@code chainrule-ner eval} reads.
 */
class SparkTrainCommandTest {
  private static final List<String> PROPERTIES =
      List.of("spark.master", "spark.ui.enabled", "spark.driver.host", "spark.driver.bindAddress");

  @TempDir Path dir;

  @BeforeEach
  void ownContext() {
    LocalSpark.assumeSupportedJava();
    LocalSpark.stop();
    System.setProperty("spark.master", "local[2]");
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
  }

  @AfterEach
  void clear() {
    PROPERTIES.forEach(System::clearProperty);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkTrainCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void trainsAndWritesAModelThatEvalReads() throws IOException {
    Path train = dir.resolve("train.conll");
    Path dev = dir.resolve("dev.conll");
    Files.write(train, Bundled.stream("train.conll").readAllBytes());
    Files.write(dev, Bundled.stream("dev.conll").readAllBytes());
    Path model = dir.resolve("model");
    Run r =
        run(
            "--train", train.toUri().toString(),
            "--dev", dev.toString(),
            "--out", model.toString(),
            "--shares", "2",
            "--epochs", "1",
            "--hidden", "16",
            "--batch-size", "128");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("master local[2], 2 shares per step");
    assertThat(r.out()).contains("epoch 1: train loss");
    assertThat(r.out()).contains("wrote " + model);
    ModelStore.Stored stored = ModelStore.read(model);
    assertThat(stored.model().config().hidden()).isEqualTo(16);
    assertThat(stored.notes()).containsEntry("--shares", "2");

    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "eval",
            "--model",
            model.toString(),
            "--data",
            dev.toString());
    assertThat(code).isEqualTo(0);
    assertThat(out.toString()).contains("accuracy:");
  }

  @Test
  void refusesABadOptionAndAMalformedFileWithOneLine() throws IOException {
    Run bad = run("--train", "x", "--dev", "y", "--out", "z", "--optimizer", "nesterov");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("unknown optimizer 'nesterov'");
    assertThat(bad.err().lines().count()).isEqualTo(1);

    Run missing = run("--dev", "y", "--out", "z");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--train");

    Path train = dir.resolve("train.conll");
    Files.writeString(train, "Paris B-LOC\nis\n");
    Run malformed =
        run(
            "--train",
            train.toString(),
            "--dev",
            train.toString(),
            "--out",
            dir.resolve("m").toString());
    assertThat(malformed.code()).isEqualTo(1);
    assertThat(malformed.err()).contains("train.conll:2: expected");
    assertThat(malformed.err().lines().count()).isEqualTo(1);
  }
}
