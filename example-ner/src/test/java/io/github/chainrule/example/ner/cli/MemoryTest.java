package io.github.chainrule.example.ner.cli;

import static com.google.common.truth.Truth.assertWithMessage;

import io.github.chainrule.example.ner.Main;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a corpus of CoNLL-2003's size (200,000 tokens, 20,000 word types) fits in a 512 MB
 * heap: {@code train} runs in a child JVM started with {@code -Xmx512m}.
 */
@Tag("slow") // left out of mvn verify -Pquick
class MemoryTest {
  @TempDir Path dir;

  @Test
  void conllSizedCorpusTrainsInA512MegabyteHeap() throws IOException, InterruptedException {
    Path train = corpus(dir.resolve("train.txt"), 200_000, 1);
    Path dev = corpus(dir.resolve("dev.txt"), 20_000, 2);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of("train", "--train", train.toString(), "--dev", dev.toString(), "--out", dir.resolve("model").toString(),
            "--epochs", "1", "--min-count", "1", "--affixes", "--batch-size", "64"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertWithMessage("child JVM still running").that(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertWithMessage(out).that(p.exitValue()).isEqualTo(0);
    assertWithMessage(out).that(out).contains("200,000 tokens");
    assertWithMessage(out).that(out).contains("epoch 1/1");
  }

  /** Sentences of 5 to 35 tokens, words log-uniform over 20,000 types, a PER/ORG/LOC entity in most. */
  static Path corpus(Path file, int tokens, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    String[] types = {"PER", "ORG", "LOC", "MISC"};
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      int written = 0;
      while (written < tokens) {
        int length = Math.min(tokens - written, 5 + r.nextInt(31));
        int entity = r.nextInt(length);
        int entityLength = 1 + r.nextInt(3);
        String type = types[r.nextInt(types.length)];
        for (int t = 0; t < length; t++) {
          int id = (int) Math.floor(Math.pow(20_000, r.nextDouble()));
          String word = (t >= entity && t < entity + entityLength) ? "Name" + id : "word" + id;
          String tag = t == entity ? "B-" + type : t > entity && t < entity + entityLength ? "I-" + type : "O";
          w.write(word + "\t" + tag + "\n");
        }
        w.write("\n");
        written += length;
      }
    }
    return file;
  }
}
