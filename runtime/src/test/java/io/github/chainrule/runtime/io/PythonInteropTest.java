package io.github.chainrule.runtime.io;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter files cross to Python and back: the standard-library-only script {@code
 * src/test/python/safetensors/safetensors_tool.py} (an independent implementation of the layout)
 * reads what Java wrote and writes what Java reads. Skipped where no {@code python3} is found; the
 * committed file {@code io/python-written.safetensors} tests the read path there too.
 */
class PythonInteropTest {
  private static final Path SCRIPT = Path.of("src/test/python/safetensors/safetensors_tool.py");

  @TempDir Path dir;

  @Test
  void pythonReadsWhatJavaWrote() throws Exception {
    Path python = requirePython();
    Map<String, Object> tensors = new LinkedHashMap<>();
    tensors.put("W", new double[][] {{0.1, -2.5, 1.0 / 3}, {Math.PI, -0.0, 1e300}});
    tensors.put("b", new double[] {0.25, -1e-310});
    tensors.put("scale", 0.7);
    for (DType dtype : DType.values()) {
      Path file = dir.resolve("java-" + dtype + ".safetensors");
      Map<String, Object> written = new LinkedHashMap<>(tensors);
      if (dtype == DType.F32) {
        written.put("W", new double[][] {{0.1, -2.5, 1.0 / 3}, {Math.PI, -0.0, 1e30}});
      }
      ParameterFile.write(file, written, dtype, Map.of("written_by", "chainrule"));

      @SuppressWarnings("unchecked")
      Map<String, Object> dump = (Map<String, Object>) Json.parse(run(python, "dump", file.toString()));
      assertThat(dump.get("metadata")).isEqualTo(Map.of("written_by", "chainrule"));
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> read = (Map<String, Map<String, Object>>) dump.get("tensors");
      assertThat(read.keySet()).containsExactly("W", "b", "scale").inOrder();
      for (Map.Entry<String, Map<String, Object>> t : read.entrySet()) {
        assertThat(t.getValue().get("dtype")).isEqualTo(dtype.name());
        assertThat(integers(t.getValue().get("shape"))).isEqualTo(shape(written.get(t.getKey())));
        assertThat(doubles(t.getValue().get("values")))
            .isEqualTo(expected(written.get(t.getKey()), dtype));
      }
    }
  }

  @Test
  void javaReadsWhatPythonWrote() throws Exception {
    Path python = requirePython();
    Path spec = dir.resolve("spec.json");
    Files.writeString(
        spec,
        "{\"metadata\": {\"format\": \"pt\"}, \"tensors\": {"
            + "\"emb\": {\"dtype\": \"F32\", \"shape\": [3, 2], \"values\": [0.5, -1.25, 0.1, 7, 1e-3, -0]},"
            + "\"u\": {\"dtype\": \"F64\", \"shape\": [3], \"values\": [0.1, 1e300, -2.2250738585072014e-308]},"
            + "\"t\": {\"dtype\": \"F64\", \"shape\": [], \"values\": [0.7]}}}");
    Path file = dir.resolve("python.safetensors");
    run(python, "write", file.toString(), spec.toString());

    ParameterFile read = ParameterFile.read(file);
    assertThat(read.metadata()).containsExactly("format", "pt");
    assertThat(read.entry("emb").dtype()).isEqualTo(DType.F32);
    assertThat(read.matrix("emb"))
        .isEqualTo(new double[][] {{0.5, -1.25}, {(float) 0.1, 7}, {(float) 1e-3, 0}});
    assertThat(read.vector("u")).isEqualTo(new double[] {0.1, 1e300, -2.2250738585072014e-308});
    assertThat(read.scalar("t")).isEqualTo(0.7);
  }

  /** Written by {@code safetensors_tool.py write} from the spec in the test resources' README. */
  @Test
  void readsTheCommittedFileThatPythonWrote() throws Exception {
    Path file = dir.resolve("python-written.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/io/python-written.safetensors")) {
      Files.copy(in, file);
    }
    ParameterFile read = ParameterFile.read(file);
    assertThat(read.entries().keySet()).containsExactly("embedding", "bias", "temperature").inOrder();
    assertThat(read.metadata())
        .containsExactly("format", "pt", "written_by", "safetensors_tool.py");
    assertThat(read.entry("embedding").dtype()).isEqualTo(DType.F32);
    assertThat(read.matrix("embedding"))
        .isEqualTo(new double[][] {{0.5, -1.25, 3.0}, {(float) 0.1, (float) 1e-3, -7.5}});
    assertThat(read.vector("bias")).isEqualTo(new double[] {0.1, -0.2, 0.30000000000000004, 1e300});
    assertThat(read.scalar("temperature")).isEqualTo(0.7);
  }

  private static double[] expected(Object value, DType dtype) {
    List<Double> flat = new ArrayList<>();
    if (value instanceof Double d) {
      flat.add(d);
    } else if (value instanceof double[] v) {
      for (double x : v) {
        flat.add(x);
      }
    } else {
      for (double[] row : (double[][]) value) {
        for (double x : row) {
          flat.add(x);
        }
      }
    }
    return flat.stream()
        .mapToDouble(x -> dtype == DType.F32 ? (double) (float) x.doubleValue() : x)
        .toArray();
  }

  private static long[] shape(Object value) {
    if (value instanceof Double) {
      return new long[0];
    }
    if (value instanceof double[] v) {
      return new long[] {v.length};
    }
    double[][] m = (double[][]) value;
    return new long[] {m.length, m[0].length};
  }

  private static long[] integers(Object json) {
    return ((List<?>) json).stream().mapToLong(n -> Long.parseLong(n.toString())).toArray();
  }

  private static double[] doubles(Object json) {
    return ((List<?>) json).stream().mapToDouble(n -> Double.parseDouble(n.toString())).toArray();
  }

  /** {@code /usr/bin/python3}, else {@code python3} on the PATH; skips the test without one. */
  private static Path requirePython() {
    Optional<Path> found =
        Files.isExecutable(Path.of("/usr/bin/python3"))
            ? Optional.of(Path.of("/usr/bin/python3"))
            : java.util.Arrays.stream(
                    System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "python3"))
                .filter(Files::isExecutable)
                .findFirst();
    assumeTrue(found.isPresent(), "no python3 found; the committed Python-written file still runs");
    return found.get();
  }

  private static String run(Path python, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(python.toString());
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue() == 0 ? "" : new String(err, StandardCharsets.UTF_8)).isEmpty();
    return new String(out, StandardCharsets.UTF_8);
  }
}
