package io.github.chainrule.example.ner.eval;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chainrule.example.ner.corpus.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every prediction file in {@code ../shared/data/conlleval-golden} gives, character for character,
 * the report the reference script printed for it ({@code NAME.expected} beside {@code NAME.txt}).
 */
class ConllevalGoldenTest {
  @TestFactory
  List<DynamicTest> everyGoldenFileGivesTheScriptsReport() throws IOException {
    Path folder = SharedData.directory("conlleval-golden");
    List<Path> inputs;
    try (Stream<Path> files = Files.list(folder)) {
      inputs = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(inputs).isNotEmpty();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path input : inputs) {
      String name = input.getFileName().toString().replaceFirst("\\.txt$", "");
      Path expected = folder.resolve(name + ".expected");
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                assertThat(Files.isRegularFile(expected)).isTrue();
                String want = Files.readString(expected, StandardCharsets.UTF_8);
                // assertEquals shows the two texts side by side where they differ
                assertEquals(want, Conlleval.evaluate(input).report());
              }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> inMemorySentencesGiveTheSameCountsAsTheFile() throws IOException {
    // the docstart file is left out: its -DOCSTART- lines are tokens to the script
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : List.of("btc_dev_iob1", "btc_test_heavy", "wnut17_dev")) {
      Path input = SharedData.file("conlleval-golden/" + name + ".txt");
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                List<List<String>> gold = new ArrayList<>();
                List<List<String>> guessed = new ArrayList<>();
                List<String> g = new ArrayList<>();
                List<String> p = new ArrayList<>();
                for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
                  if (line.isEmpty()) {
                    if (!g.isEmpty()) {
                      gold.add(g);
                      guessed.add(p);
                      g = new ArrayList<>();
                      p = new ArrayList<>();
                    }
                    continue;
                  }
                  String[] f = line.split(" ");
                  g.add(f[f.length - 2]);
                  p.add(f[f.length - 1]);
                }
                if (!g.isEmpty()) {
                  gold.add(g);
                  guessed.add(p);
                }
                assertEquals(
                    Conlleval.evaluate(input).report(), Conlleval.evaluate(gold, guessed).report());
              }));
    }
    return tests;
  }
}
