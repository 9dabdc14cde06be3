package io.github.chainrule.runtime.io;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.runtime.param.Parameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFileTest {
  @TempDir Path dir;

  private static Map<String, Object> tensors() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("W", new double[][] {{0.1, -2.5, 3e-8}, {Math.PI, -0.0, 1e300}});
    t.put("b", new double[] {0.25, -1.0 / 3});
    t.put("scale", 0.7);
    t.put("empty", new double[0]);
    return t;
  }

  @Test
  void f64RoundTripsExactly() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, tensors(), DType.F64, Map.of("epoch", "3"));
    ParameterFile read = ParameterFile.read(file);
    assertThat(read.entries().keySet()).containsExactly("W", "b", "scale", "empty").inOrder();
    assertThat(read.metadata()).containsExactly("epoch", "3");
    assertThat(read.matrix("W")).isEqualTo(tensors().get("W"));
    assertThat(Double.doubleToRawLongBits(read.matrix("W")[1][1])).isEqualTo(Long.MIN_VALUE); // -0.0
    assertThat(read.vector("b")).isEqualTo(tensors().get("b"));
    assertThat(read.scalar("scale")).isEqualTo(0.7);
    assertThat(read.vector("empty")).isEmpty();
    assertThat(read.entry("W").shape()).isEqualTo(new long[] {2, 3});
    assertThat(read.entry("W").dtype()).isEqualTo(DType.F64);
    assertThat(read.entry("scale").shape()).isEmpty();
  }

  record Layer(double[][] W, double[] b) {}

  record Model(Layer hidden, double[] u, int window) {}

  @Test
  void aModelRecordIsWrittenAndReadBackByComponentName() throws IOException {
    Model model =
        new Model(new Layer(new double[][] {{1, 2}, {3, 4}}, new double[] {0.5, -0.5}), new double[] {7}, 2);
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, model);
    ParameterFile read = ParameterFile.read(file);
    assertThat(read.entries().keySet()).containsExactly("hidden.W", "hidden.b", "u").inOrder();
    assertThat(read.entry("hidden.W").dtype()).isEqualTo(DType.F64);

    Model fresh = new Model(new Layer(new double[2][2], new double[2]), new double[1], 2);
    read.copyInto(fresh);
    assertThat(fresh.hidden().W()).isEqualTo(model.hidden().W());
    assertThat(fresh.hidden().b()).isEqualTo(model.hidden().b());
    assertThat(fresh.u()).isEqualTo(model.u());

    Model wrongShape = new Model(new Layer(new double[2][3], new double[2]), new double[1], 2);
    ParameterFileException e = assertThrows(ParameterFileException.class, () -> read.copyInto(wrongShape));
    assertThat(e).hasMessageThat().contains("hidden.W");
    assertThat(wrongShape.hidden().b()).isEqualTo(new double[2]); // all or nothing
  }

  @Test
  void aParameterViewIsWrittenWithItsNamesAndDType() throws IOException {
    Parameters view = Parameters.builder().add("E", new double[][] {{0.1}}).add("bias", new double[] {0.3}).build();
    Path file = dir.resolve("view.safetensors");
    ParameterFile.write(file, view, DType.F32);
    ParameterFile read = ParameterFile.read(file);
    assertThat(read.entries().keySet()).containsExactly("E", "bias").inOrder();
    assertThat(read.entry("bias").dtype()).isEqualTo(DType.F32);
    Parameters target = Parameters.builder().add("E", new double[1][1]).add("bias", new double[1]).build();
    read.copyInto(target);
    assertThat(target.matrix(0)[0][0]).isEqualTo((double) (float) 0.1);
  }

  @Test
  void f32IsWrittenByRoundingAndReadByWidening() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("b", new double[] {0.1, 1.0 / 3, -2.5});
    ParameterFile.write(file, t, DType.F32);
    ParameterFile read = ParameterFile.read(file);
    assertThat(read.entry("b").dtype()).isEqualTo(DType.F32);
    assertThat(read.vector("b")).isEqualTo(new double[] {(float) 0.1, (float) (1.0 / 3), -2.5});
    assertThat(Files.size(file)).isEqualTo(8 + headerLength(file) + 3 * 4);
  }

  @Test
  void theLayoutIsSafetensors() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("a", new double[] {1.5});
    t.put("c", 2.0);
    ParameterFile.write(file, t, DType.F64, Map.of("k", "v"));
    byte[] bytes = Files.readAllBytes(file);
    long n = headerLength(file);
    assertThat(n % 8).isEqualTo(0);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header.stripTrailing())
        .isEqualTo(
            "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"c\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"__metadata__\":{\"k\":\"v\"}}");
    ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 16).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(data.getDouble()).isEqualTo(1.5);
    assertThat(data.getDouble()).isEqualTo(2.0);
  }

  @Test
  void copiesIntoExistingArrays() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, tensors());
    double[][] W = new double[2][3];
    double[] b = new double[2];
    ParameterFile.read(file).copyInto(Map.of("W", W, "b", b), DType.F64);
    assertThat(W).isEqualTo(tensors().get("W"));
    assertThat(b).isEqualTo(tensors().get("b"));
  }

  @Test
  void refusesAWrongShapeNamingBothAndChangesNothing() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, tensors());
    double[] b = {9, 9};
    double[][] W = new double[3][2];
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("b", b); // fits, comes first, and must still not be touched
    targets.put("W", W);
    ParameterFileException e =
        assertThrows(ParameterFileException.class, () -> ParameterFile.read(file).copyInto(targets));
    assertThat(e).hasMessageThat().contains(file.toString());
    assertThat(e.problem())
        .isEqualTo("tensor \"W\" has shape [2, 3] but the target array has shape [3, 2]");
    assertThat(b).isEqualTo(new double[] {9, 9});
    assertThat(W).isEqualTo(new double[3][2]);
  }

  @Test
  void refusesAWrongDtypeWhenOneIsRequired() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, Map.of("b", new double[] {1, 2}), DType.F32);
    double[] b = new double[2];
    ParameterFileException e =
        assertThrows(
            ParameterFileException.class,
            () -> ParameterFile.read(file).copyInto(Map.of("b", b), DType.F64));
    assertThat(e.problem()).isEqualTo("tensor \"b\" is F32, not the required F64");
    assertThat(b).isEqualTo(new double[2]);
  }

  @Test
  void refusesAMissingTensorAndTheWrongRank() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, tensors());
    ParameterFile read = ParameterFile.read(file);
    assertThat(assertThrows(ParameterFileException.class, () -> read.vector("u")).problem())
        .isEqualTo("has no tensor \"u\" (it holds [W, b, scale, empty])");
    assertThat(assertThrows(ParameterFileException.class, () -> read.matrix("b")).problem())
        .isEqualTo("tensor \"b\" has shape [2], which is not a double[][] (rank 2)");
    assertThat(
            assertThrows(
                    ParameterFileException.class,
                    () -> read.copyInto(Map.of("W", new double[6])))
                .problem())
        .isEqualTo("tensor \"W\" has shape [2, 3] but the target array has shape [6]");
  }

  @Test
  void writesAreAtomicAndLeaveNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, tensors());
    byte[] before = Files.readAllBytes(file);
    // refused input: the old file stays as it was
    Map<String, Object> ragged = Map.of("W", new double[][] {{1, 2}, {3}});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterFile.write(file, ragged));
    assertThat(e).hasMessageThat().contains("row 1 has 1");
    Map<String, Object> huge = Map.of("v", new double[] {1, 1e300});
    e = assertThrows(
        IllegalArgumentException.class, () -> ParameterFile.write(file, huge, DType.F32));
    assertThat(e).hasMessageThat().contains("1.0E300 at [1] is beyond the range of F32");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    // a successful overwrite replaces the file
    ParameterFile.write(file, Map.of("x", 1.0));
    assertThat(ParameterFile.read(file).scalar("x")).isEqualTo(1.0);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("model.safetensors");
    }
  }

  @Test
  void refusesAFileTooShortForTheHeaderLength() throws IOException {
    assertRefused(new byte[] {1, 2, 3}, "truncated: 3 bytes, too short for the 8-byte header length");
  }

  @Test
  void refusesAHeaderLengthBeyondTheFile() throws IOException {
    byte[] file = build("{}", 0);
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    assertRefused(file, "header length 1000 is beyond the file's 2 bytes after the length");
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1); // 2^64 - 1 unsigned
    assertRefused(file, "header length 18446744073709551615 is beyond");
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    Path good = dir.resolve("good.safetensors");
    ParameterFile.write(good, tensors());
    byte[] bytes = Files.readAllBytes(good);
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
    assertRefused(cut, "tensor \"scale\": data_offsets [64, 72] reach beyond the 67 data bytes");
  }

  @Test
  void refusesMalformedJson() throws IOException {
    assertRefused(build("{\"a\": {\"dtype\": \"F64\",}}", 0), "header is not valid JSON: ");
    assertRefused(build("{'a': 1}", 0), "header is not valid JSON: expected a string key");
    assertRefused(build("[1, 2]", 0), "header is not a JSON object");
    assertRefused(build("{} x", 0), "unexpected 'x' after the JSON value");
    String dup =
        "{\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}";
    assertRefused(build(dup, 8), "duplicate key \"a\"");
    byte[] notUtf8 = build("{\"\u00e9\":1}", 0);
    notUtf8[10] = (byte) 0xff;
    assertRefused(notUtf8, "header is not valid UTF-8");
  }

  @Test
  void refusesUnknownAndUnsupportedDtypes() throws IOException {
    assertRefused(
        build(tensor("a", "F63", "[1]", "[0,8]"), 8), "tensor \"a\" has an unknown dtype \"F63\"");
    assertRefused(
        build(tensor("a", "F16", "[4]", "[0,8]"), 8),
        "tensor \"a\" has dtype F16; chainrule reads F64 and F32 only");
  }

  @Test
  void refusesAShapeThatDisagreesWithTheOffsets() throws IOException {
    assertRefused(
        build(tensor("W", "F64", "[2,3]", "[0,40]"), 40),
        "tensor \"W\": shape [2, 3] of F64 needs 48 bytes, but data_offsets [0, 40] span 40");
    assertRefused(
        build(tensor("W", "F64", "[4294967296,4294967296]", "[0,8]"), 8),
        "needs more than 2^63 bytes");
  }

  @Test
  void refusesOffsetsOutOfRangeOverlappingOrWithGaps() throws IOException {
    assertRefused(
        build(tensor("a", "F64", "[2]", "[8,24]"), 16),
        "tensor \"a\": data_offsets [8, 24] reach beyond the 16 data bytes in the file");
    String overlap =
        "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
    assertRefused(build(overlap, 16), "tensors \"a\" [0, 16) and \"b\" [8, 16) overlap");
    assertRefused(
        build(tensor("a", "F64", "[1]", "[8,16]"), 16),
        "8 unused data bytes at offset 0 before tensor \"a\"");
    assertRefused(
        build(tensor("a", "F64", "[1]", "[0,8]"), 12),
        "4 data bytes after the last tensor, which ends at offset 8");
    assertRefused(
        build(tensor("a", "F64", "[0]", "[8,0]"), 8), "data_offsets [8, 0] end before they begin");
  }

  @Test
  void refusesHeadersThatAreNotSafetensorsHeaders() throws IOException {
    assertRefused(build("{\"a\": 3}", 0), "tensor \"a\" is not a JSON object");
    assertRefused(
        build("{\"a\":{\"dtype\":\"F64\",\"shape\":[]}}", 0), "tensor \"a\" has no \"data_offsets\"");
    assertRefused(
        build("{\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8],\"x\":1}}", 8),
        "tensor \"a\" has an unknown field \"x\"");
    assertRefused(
        build(tensor("a", "F64", "[-1]", "[0,8]"), 8),
        "tensor \"a\": shape holds -1, not a non-negative integer");
    assertRefused(
        build(tensor("a", "F64", "[1]", "[0,8.0]"), 8),
        "data_offsets holds 8.0, not a non-negative integer");
    assertRefused(
        build(tensor("a", "F64", "[1]", "[0,8,9]"), 8), "data_offsets has 3 entries");
    assertRefused(build("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value of \"k\" is not a string");
  }

  @Test
  void exceptionsAreIoExceptionsNamingTheFile() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    Files.write(file, new byte[] {0});
    IOException e = assertThrows(IOException.class, () -> ParameterFile.read(file));
    assertThat(e).isInstanceOf(ParameterFileException.class);
    assertThat(e).hasMessageThat().startsWith(file + ": ");
    assertThat(((ParameterFileException) e).file()).isEqualTo(file);
  }

  // -- helpers -----------------------------------------------------------------------------------

  private static String tensor(String name, String dtype, String shape, String offsets) {
    return "{\""
        + name
        + "\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":"
        + offsets
        + "}}";
  }

  /** A file with the given header and {@code dataBytes} zero bytes of data. */
  private static byte[] build(String header, int dataBytes) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json);
    return out.array();
  }

  private void assertRefused(byte[] bytes, String problem) throws IOException {
    Path file = Files.createTempFile(dir, "corrupt", ".safetensors");
    Files.write(file, bytes);
    ParameterFileException e =
        assertThrows(ParameterFileException.class, () -> ParameterFile.read(file));
    assertThat(e.problem()).contains(problem);
    assertThat(e).hasMessageThat().startsWith(file.toString());
  }

  private static long headerLength(Path file) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }
}
