package io.github.chainrule.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The companions this module was compiled with are the ones the processor on the classpath
 * writes now: a build that kept companions written by an older processor (the compiler plugin's
 * "Nothing to compile" after a change to the processor alone) fails here instead of testing stale
 * code. The sources are run through the processor alone ({@code -proc:only}) and every generated
 * file is compared with its counterpart under {@code target/generated-sources/annotations}.
 */
class CompanionsAreCurrentTest {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Path GENERATED = Path.of("target", "generated-sources", "annotations");

  @Test
  void companionsAreWhatTheCurrentProcessorWrites(@TempDir Path fresh) throws IOException {
    assumeTrue(Files.isDirectory(SOURCES) && Files.isDirectory(GENERATED), "run from the module directory");
    Map<String, String> now = generate(fresh);
    Map<String, String> built = read(GENERATED);
    assertTrue(!now.isEmpty(), "the processor wrote no companion for " + SOURCES);
    assertEquals(now.keySet(), built.keySet(), "companions under " + GENERATED);
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> e : now.entrySet()) {
      if (!e.getValue().equals(built.get(e.getKey()))) {
        stale.add(e.getKey());
      }
    }
    assertTrue(
        stale.isEmpty(),
        "these companions were written by another build of the processor than the one on the class"
            + " path; rebuild with mvn -B clean verify: "
            + stale);
  }

  /** Runs the processor on this module's sources; returns the files it wrote, by relative path. */
  private static Map<String, String> generate(Path out) throws IOException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("-proc:only", "--release", "17", "-Xlint:-options"));
    args.addAll(List.of("-processor", "io.github.chainrule.processor.ChainruleProcessor"));
    String classPath = System.getProperty("java.class.path");
    args.addAll(List.of("-processorpath", classPath, "-classpath", classPath));
    args.addAll(List.of("-s", out.toString(), "-d", out.resolve("classes").toString()));
    Files.createDirectories(out.resolve("classes"));
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> args.add(f.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream messages = new java.io.ByteArrayOutputStream();
    int status = javac.run(null, messages, messages, args.toArray(new String[0]));
    assertEquals(0, status, "javac -proc:only failed:\n" + messages.toString(StandardCharsets.UTF_8));
    Map<String, String> generated = read(out);
    generated.keySet().removeIf(k -> k.startsWith("classes/"));
    return generated;
  }

  private static Map<String, String> read(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        out.put(root.relativize(f).toString().replace('\\', '/'), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
