package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every tag in {@link Tag} has a test in {@link TagDiagnosticsTest} and a section in {@code docs/errors.md}. */
class TagCoverageTest {

  /** {@code ChainruleNotStatic} gives {@code notStatic}. */
  static String testName(Tag tag) {
    String bare = tag.text().substring("Chainrule".length());
    return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
  }

  @Test
  void everyTagHasATest() {
    Set<String> tests =
        Arrays.stream(TagDiagnosticsTest.class.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
    for (Tag tag : Tag.values()) {
      if (tag == Tag.INTERNAL_ERROR) {
        continue; // cannot come from user code; simulated in InternalErrorTest
      }
      assertWithMessage("TagDiagnosticsTest has a test method for [%s]", tag.text())
          .that(tests)
          .contains(testName(tag));
    }
  }

  @Test
  void everyTagHasASectionInTheErrorsPage() throws IOException {
    Path page = Path.of(System.getProperty("basedir", "."), "..", "docs", "errors.md");
    String text = Files.readString(page, StandardCharsets.UTF_8);
    for (Tag tag : Tag.values()) {
      assertWithMessage("docs/errors.md has a section for [%s]", tag.text())
          .that(text)
          .contains("\n## `[" + tag.text() + "]`");
    }
  }
}
