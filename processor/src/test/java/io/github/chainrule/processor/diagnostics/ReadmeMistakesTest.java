package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Common mistakes" shows a class and what javac prints for it. This test compiles
 * that class with javac itself, the processor found on the processor path as in a user's build,
 * and checks that javac prints exactly what the README shows, character for character.
 */
class ReadmeMistakesTest {
  private static final Path README =
      Path.of(System.getProperty("basedir", "."), "..", "README.md").toAbsolutePath().normalize();

  @Test
  void javacPrintsWhatTheReadmeShows(@TempDir Path dir) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8).replace("\r\n", "\n");
    String source = block(readme, "## Common mistakes", "```java");
    String expected = block(readme, "## Common mistakes", "```text");
    Path file = dir.resolve("src/main/java/demo/Mistakes.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, StandardCharsets.UTF_8);
    String classpath = System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            null,
            err,
            "-Xlint:all",
            "--release",
            "17",
            "-d",
            dir.resolve("out").toString(),
            "-cp",
            classpath,
            "-processorpath",
            classpath,
            file.toString());
    String printed =
        err.toString(StandardCharsets.UTF_8)
            .replace(System.lineSeparator(), "\n")
            .replace(dir.toString() + java.io.File.separator, "");
    assertThat(status).isNotEqualTo(0);
    assertWithMessage("javac's output for the README's Mistakes.java").that(printed).isEqualTo(expected);
    assertThat(Files.exists(dir.resolve("out/demo/Mistakes_Grad.java"))).isFalse();
  }

  /** The body of the first fenced block opened by {@code fence} after {@code marker}. */
  private static String block(String markdown, String marker, String fence) {
    int from = markdown.indexOf(marker);
    assertWithMessage("README.md has: %s", marker).that(from).isAtLeast(0);
    int open = markdown.indexOf("\n" + fence + "\n", from);
    assertWithMessage("README.md has a %s block after: %s", fence, marker).that(open).isAtLeast(0);
    int start = open + fence.length() + 2;
    int end = markdown.indexOf("\n```", start - 1);
    return markdown.substring(start, end + 1);
  }
}
