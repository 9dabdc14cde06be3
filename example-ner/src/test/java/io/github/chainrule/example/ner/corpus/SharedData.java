package io.github.chainrule.example.ner.corpus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared corpora, {@code ../shared/data} from the repository root, found by walking
 * up from the working directory. Tests that need them skip when they are absent.
 */
public final class SharedData {
  private SharedData() {}

  /** The folder, or a skipped test when there is none. */
  public static Path folder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path data = dir.resolve("shared").resolve("data");
      if (Files.isRegularFile(data.resolve("README.md"))) {
        return data;
      }
    }
    assumeTrue(false, "../shared/data is absent; skipping");
    throw new AssertionError("unreachable");
  }

  /** A folder in the folder, or a skipped test when it is absent. */
  public static Path directory(String relative) {
    Path dir = folder().resolve(relative);
    assumeTrue(Files.isDirectory(dir), dir + " is absent; skipping");
    return dir;
  }

  /** A file in the folder, or a skipped test when it is absent. */
  public static Path file(String relative) {
    Path file = folder().resolve(relative);
    assumeTrue(Files.isRegularFile(file), file + " is absent; skipping");
    return file;
  }
}
