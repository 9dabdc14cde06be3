package io.github.chainrule.example.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's README true: its code is this module's code and its printed output is what
 * this module prints. (The runtime's ReadmeTest keeps the Maven snippet and the training loop true.)
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void networkCodeIsTheExampleCode() throws IOException {
    List<String> readme = codeLines(block(readme(), "## The lecture's network", "```java"));
    List<String> source = codeLines(read(ROOT.resolve(
        "example-ner/src/main/java/io/github/chainrule/example/ner/WindowModel.java")));
    int at = 0;
    for (String line : readme) {
      if (line.startsWith("import ")) {
        assertTrue(source.contains(line), "README import not in WindowModel.java: " + line);
        continue;
      }
      while (at < source.size() && !source.get(at).equals(line)) {
        at++;
      }
      if (at == source.size()) {
        fail("README's network code has a line that WindowModel.java lacks (in this order): " + line);
      }
      at++;
    }
  }

  @Test
  void printedOutputIsWhatTheExamplePrints() throws IOException {
    String expected = block(readme(), "program in `example-ner/` prints:", "```text");
    StringWriter text = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(text), "lecture"));
    String actual = text.toString().replace(System.lineSeparator(), "\n");
    assertEquals(maskCheckNumbers(expected.strip()), maskCheckNumbers(actual.strip()));
  }

  /**
   * The two check lines print errors near rounding level (e.g. 7.09e-10), which may move in the
   * last bits between JDKs; they are compared without those numbers. Every other line, the score
   * and every gradient entry included, must match the README exactly.
   */
  private static String maskCheckNumbers(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("check ")) {
        line = line.replaceAll("\\d\\.\\d+e[+-]\\d+", "#");
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  private static String readme() throws IOException {
    return read(ROOT.resolve("README.md"));
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  /** The body of the first fenced block opened by {@code fence} after {@code marker}. */
  private static String block(String markdown, String marker, String fence) {
    int from = markdown.indexOf(marker);
    assertTrue(from >= 0, "README.md lacks: " + marker);
    int open = markdown.indexOf("\n" + fence + "\n", from);
    assertTrue(open >= 0, "README.md has no " + fence + " block after: " + marker);
    int start = open + fence.length() + 2;
    int end = markdown.indexOf("\n```", start - 1);
    return markdown.substring(start, end + 1);
  }

  private static List<String> trimmed(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  /** Non-blank lines that are not comments, stripped. */
  private static List<String> codeLines(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : trimmed(text)) {
      if (!line.startsWith("/*") && !line.startsWith("*") && !line.startsWith("//")) {
        lines.add(line);
      }
    }
    return lines;
  }
}
