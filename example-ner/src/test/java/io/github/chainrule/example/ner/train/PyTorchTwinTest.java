package io.github.chainrule.example.ner.train;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.example.ner.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PyTorch twin ({@code example-ner/pytorch/window_ner.py}) trains the model this trainer
 * trains, from the same random numbers: its {@code java_random.py} is {@link SplittableRandom} in
 * Python, drawn in the order {@link Trainer}, {@code NerModel.initialize} and {@link TrainingStep}
 * draw (initial parameters, shuffles, word dropout, dropout masks). So one seed gives one model in
 * both, up to rounding, and the README's F1 comparison compares the arithmetic and nothing else.
 * The JDK's half of {@code java_random.py}'s check always runs; the twin runs where Debian's {@code
 * python3-torch} is installed ({@code .ci/run} installs it) and is skipped elsewhere.
 */
@Tag("slow") // left out of mvn verify -Pquick
class PyTorchTwinTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path TWIN = Path.of("pytorch");
  private static final Path CORPUS = Path.of("src", "main", "resources", "io", "github", "chainrule", "example", "ner", "corpus");
  private static final Pattern EPOCH =
      Pattern.compile("epoch \\d+/\\d+  train loss \\S+  dev loss \\S+  dev F1 \\S+ \\(P \\S+, R \\S+\\)");
  private static final Pattern COMPARE = Pattern.compile("COMPARE max_relative_difference=(\\S+)");

  @TempDir Path dir;

  /** The numbers {@code java_random.py} pins as the JDK's: they must be this JDK's too. */
  @Test
  void splittableRandomGivesTheValuesThatJavaRandomPyPins() {
    SplittableRandom r = new SplittableRandom(42);
    assertThat(new long[] {r.nextLong(), r.nextLong(), r.nextLong()})
        .isEqualTo(new long[] {-4767286540954276203L, 2949826092126892291L, 5139283748462763858L});
    assertThat(new int[] {r.nextInt(7), r.nextInt(7), r.nextInt(7)}).isEqualTo(new int[] {1, 2, 1});
    assertThat(r.nextInt(16)).isEqualTo(0);
    int[] big = new int[8];
    for (int i = 0; i < big.length; i++) {
      big[i] = r.nextInt(1610612736);
    }
    assertThat(big)
        .isEqualTo(
            new int[] {
              1373018519, 1182818706, 517437945, 823239971, 177078128, 1065343553, 250425588, 1328279849
            });
    assertThat(new double[] {r.nextDouble(), r.nextDouble()})
        .isEqualTo(new double[] {0.09342765535316888, 0.6889463724014132});
    SplittableRandom s = r.split();
    assertThat(s.nextLong()).isEqualTo(1609992192498807615L);
    assertThat(s.nextDouble()).isEqualTo(0.7024512684079911);
  }

  @Test
  void javaRandomPyDrawsTheJdksNumbers() throws IOException, InterruptedException {
    assumeTrue(python("-c", "import numpy").code() == 0, "no numpy for /usr/bin/python3");
    Run run = python(TWIN.resolve("java_random.py").toString());
    assertWithMessage(run.out()).that(run.code()).isEqualTo(0);
    assertThat(run.out()).contains("SplittableRandom as the JDK's, on every value checked");
  }

  /**
   * Two epochs on the bundled corpus in each configuration: the same loss and dev F1 in every
   * epoch line, and parameters that differ by rounding alone.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "--affixes", "--crf"})
  void theTwinTrainsTheJavaTrainersModel(String option) throws IOException, InterruptedException {
    assumeTrue(
        python("-c", "import torch, numpy").code() == 0, "Debian's python3-torch is not installed");
    Path model = dir.resolve("java");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--train", CORPUS.resolve("train.conll").toString(),
                "--dev", CORPUS.resolve("dev.conll").toString(),
                "--epochs", "2",
                "--seed", "7"));
    if (!option.isEmpty()) {
      args.add(option);
    }
    List<String> train = new ArrayList<>(List.of("train", "--out", model.toString(), "--threads", "2"));
    train.addAll(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), train.toArray(String[]::new));
    assertWithMessage(err.toString()).that(code).isEqualTo(0);

    List<String> twin = new ArrayList<>(List.of(TWIN.resolve("window_ner.py").toString()));
    twin.addAll(args);
    twin.addAll(
        List.of(
            "--out", dir.resolve("twin").toString(),
            "--threads", "2",
            "--scorer", "none",
            "--compare-model", model.toString()));
    Run run = python(twin.toArray(String[]::new));
    assertWithMessage(run.out()).that(run.code()).isEqualTo(0);

    assertThat(epochLines(run.out())).isEqualTo(epochLines(out.toString()));
    assertThat(epochLines(run.out())).hasSize(2);
    Matcher m = COMPARE.matcher(run.out());
    assertWithMessage(run.out()).that(m.find()).isTrue();
    assertWithMessage(run.out()).that(Double.parseDouble(m.group(1))).isLessThan(1e-10);
  }

  private static List<String> epochLines(String out) {
    List<String> lines = new ArrayList<>();
    Matcher m = EPOCH.matcher(out);
    while (m.find()) {
      lines.add(m.group());
    }
    return lines;
  }

  private record Run(int code, String out) {}

  private static Run python(String... args) throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return new Run(127, PYTHON + " is missing");
    }
    List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] bytes = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Run(124, "timed out");
    }
    return new Run(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
  }
}
