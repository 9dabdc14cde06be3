package io.github.chainrule.runtime;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's path for a new user true: its Maven snippet and its training loop are the
 * project under {@code src/it/readme}, which the build compiles, tests and trains as a user's
 * project (the invoker integration test), and its Gradle and module-path snippets name the same
 * artifacts, versions and modules as the build.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PROJECT = ROOT.resolve("runtime/src/it/readme");

  @Test
  void mavenSnippetIsTheReadmeProjectsPom() throws IOException {
    String pom = substituted(read(PROJECT.resolve("pom.xml")));
    List<String> pomLines = trimmed(pom);
    List<List<String>> fragments = new ArrayList<>();
    fragments.add(new ArrayList<>());
    for (String line : trimmed(block(readme(), "## Maven wiring", "```xml"))) {
      if (line.startsWith("<!--")) {
        fragments.add(new ArrayList<>());
      } else {
        fragments.get(fragments.size() - 1).add(line);
      }
    }
    fragments.removeIf(List::isEmpty);
    assertWithMessage("a dependencies and a plugins fragment").that(fragments).hasSize(2);
    for (List<String> fragment : fragments) {
      assertWithMessage("README's Maven fragment is not, line for line, in %s", PROJECT.resolve("pom.xml"))
          .that(String.join("\n", pomLines))
          .contains(String.join("\n", fragment));
    }
  }

  @Test
  void trainingLoopIsTheReadmeProjectsSource() throws IOException {
    String readme = readme();
    for (String file :
        List.of(
            "src/main/java/demo/LogisticRegression.java",
            "src/main/java/demo/Training.java",
            "src/test/java/demo/LogisticRegressionTest.java")) {
      String shown = block(readme, "`" + file + "`", "```java");
      assertWithMessage("README's %s", file).that(shown).isEqualTo(read(PROJECT.resolve(file)));
    }
  }

  @Test
  void gradleSnippetNamesTheSameArtifactsAndVersions() throws IOException {
    String gradle = block(readme(), "## Gradle", "```groovy");
    String version = System.getProperty("chainrule.version");
    assertThat(gradle).contains("implementation 'io.github.chainrule:chainrule-annotations:" + version + "'");
    assertThat(gradle).contains("implementation 'io.github.chainrule:chainrule-runtime:" + version + "'");
    assertThat(gradle).contains("annotationProcessor 'io.github.chainrule:chainrule-processor:" + version + "'");
    assertThat(gradle).contains("org.junit.jupiter:junit-jupiter:" + System.getProperty("junit.version") + "'");
    assertThat(gradle).contains("com.google.truth:truth:" + System.getProperty("truth.version") + "'");
  }

  @Test
  void modulePathSnippetNamesTheModulesTheJarsDeclare() throws IOException {
    String snippet = block(readme(), "**On the module path**", "```java");
    assertThat(read(ROOT.resolve("annotations/src/main/java/module-info.java")))
        .contains("module io.github.chainrule.annotations {");
    assertThat(snippet).contains("requires transitive io.github.chainrule.annotations;");
    assertThat(read(ROOT.resolve("runtime/pom.xml")))
        .contains("<chainrule.module.name>io.github.chainrule.runtime</chainrule.module.name>");
    assertThat(snippet).contains("requires io.github.chainrule.runtime;");
  }

  private static String substituted(String text) {
    return text.replace("@project.version@", System.getProperty("chainrule.version"))
        .replace("@junit.version@", System.getProperty("junit.version"))
        .replace("@truth.version@", System.getProperty("truth.version"));
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
    assertWithMessage("README.md has: %s", marker).that(from).isAtLeast(0);
    int open = markdown.indexOf("\n" + fence + "\n", from);
    assertWithMessage("README.md has a %s block after: %s", fence, marker).that(open).isAtLeast(0);
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
}
