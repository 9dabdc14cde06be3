package io.github.chainrule.runtime.io;

import io.github.chainrule.runtime.param.Parameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parameter file in the safetensors layout, read and fully validated; and the methods that write
 * one.
 *
 * <p>The layout, byte for byte:
 *
 * <ol>
 *   <li>8 bytes: {@code N}, the header's length, an unsigned little-endian 64-bit integer;
 *   <li>{@code N} bytes: a UTF-8 JSON object, {@code {"W": {"dtype": "F64", "shape": [3, 4],
 *       "data_offsets": [0, 96]}, ..., "__metadata__": {"key": "value"}}}, padded with spaces;
 *       {@code __metadata__} is optional and maps strings to strings;
 *   <li>the data: each tensor's elements row-major, little-endian, at {@code [begin, end)}
 *       relative to the end of the header. Tensors are contiguous: no gaps, no overlaps, nothing
 *       after the last.
 * </ol>
 *
 * <p>chainrule writes and reads {@link DType#F64} and {@link DType#F32}, of shape {@code []} (a
 * {@code double}), {@code [n]} (a {@code double[]}) and {@code [rows, columns]} (a rectangular
 * {@code double[][]}). Files written by the {@code safetensors} package, by PyTorch's {@code
 * save_file} or by the standard-library script in this repository's tests read here and back.
 *
 * <p><b>Writing</b> is atomic: the bytes go to a temporary file in the target's directory, are
 * forced to the disk ({@code fsync}), and the temporary file is then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (or, where the file system cannot move atomically, {@link
 * StandardCopyOption#REPLACE_EXISTING}). A reader therefore sees the old file or the new one,
 * never a part. Invalid input (a ragged matrix, a value too large for {@code F32}) is refused
 * before anything is written.
 *
 * <p><b>Reading</b> checks everything before it returns: the header length against the file size,
 * the header as strict JSON, each tensor's dtype, shape and offsets, that the offsets agree with
 * the shapes, lie inside the data and cover it exactly. A file that fails any check is refused with
 * a {@link ParameterFileException} that names the file and the problem. Copying into existing
 * arrays ({@link #copyInto}) checks every target first, so either all of them are filled or none
 * is touched.
 *
 * <pre>{@code
 * ParameterFile.write(Path.of("model.safetensors"), model);   // a record of arrays: W, b, ...
 *
 * ParameterFile file = ParameterFile.read(Path.of("model.safetensors"));
 * file.copyInto(model);                 // back into the same arrays, all or nothing
 * double[][] W = file.matrix("W");      // or into new ones
 * }</pre>
 *
 * <p>A record is written as {@link Parameters#ofRecord(Record)} sees it (component names, nested
 * records dotted: {@code hidden.W}); a {@link Parameters} view with its entry names; a {@code Map}
 * with the names and values it holds.
 *
 * <p>Python reads such a file with {@code safetensors.numpy.load_file} or {@code
 * safetensors.torch.load_file}.
 */
public final class ParameterFile {
  /** The reserved header key of the string-to-string metadata. */
  public static final String METADATA = "__metadata__";

  /** The most header bytes accepted, as the safetensors reference implementation (100 MB). */
  static final long MAX_HEADER = 100_000_000L;

  /**
   * A tensor's entry in the header.
   *
   * @param name the tensor's name
   * @param dtype its element type
   * @param shape its dimensions (empty for a scalar)
   * @param begin the first data byte, relative to the start of the data
   * @param end one past the last data byte
   */
  public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    /** The shape as safetensors writes it: {@code [3, 4]}, {@code []}. */
    public String shapeText() {
      return Arrays.toString(shape);
    }

    /** The number of elements: the product of the shape. */
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final Path file;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;
  private final ByteBuffer data;

  private ParameterFile(
      Path file, Map<String, Entry> entries, Map<String, String> metadata, ByteBuffer data) {
    this.file = file;
    this.entries = Collections.unmodifiableMap(entries);
    this.metadata = Collections.unmodifiableMap(metadata);
    this.data = data;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes a model's parameters, {@code Parameters.ofRecord(model)}, as {@link DType#F64}: one
   * tensor per array component, named as in the view ({@code W}, {@code hidden.b}).
   *
   * @throws IllegalArgumentException if the record is not a record of arrays (see {@link
   *     Parameters#ofRecord(Record)}) or holds a ragged matrix; nothing is written then
   */
  public static void write(Path file, Record model) throws IOException {
    write(file, Parameters.ofRecord(model), DType.F64);
  }

  /** As {@link #write(Path, Record)}, in {@code dtype}. */
  public static void write(Path file, Record model, DType dtype) throws IOException {
    write(file, Parameters.ofRecord(model), dtype);
  }

  /** Writes a parameter view's entries, named as in the view, as {@link DType#F64}. */
  public static void write(Path file, Parameters parameters) throws IOException {
    write(file, parameters, DType.F64);
  }

  /** Writes a parameter view's entries, named as in the view, as {@code dtype}. */
  public static void write(Path file, Parameters parameters, DType dtype) throws IOException {
    write(file, parameters.toMap(), dtype, Map.of());
  }

  /** Writes {@code tensors} as {@link DType#F64}, without metadata; see {@link #write(Path, Map, DType, Map)}. */
  public static void write(Path file, Map<String, ?> tensors) throws IOException {
    write(file, tensors, DType.F64, Map.of());
  }

  /** Writes {@code tensors} as {@code dtype}, without metadata; see {@link #write(Path, Map, DType, Map)}. */
  public static void write(Path file, Map<String, ?> tensors, DType dtype) throws IOException {
    write(file, tensors, dtype, Map.of());
  }

  /**
   * Writes {@code tensors} to {@code file}, atomically, replacing any file there.
   *
   * @param tensors names to values, written in the map's iteration order: a {@link Double} (shape
   *     {@code []}), a {@code double[]} (shape {@code [n]}) or a rectangular {@code double[][]}
   *     (shape {@code [rows, columns]})
   * @param dtype {@link DType#F64} writes every value exactly; {@link DType#F32} rounds each to the
   *     nearest {@code float}
   * @param metadata written as {@code __metadata__} when not empty
   * @throws IllegalArgumentException for a name that is empty or {@code __metadata__}, a value of
   *     another type, a ragged matrix, or a finite value beyond the range of {@code F32}; nothing is
   *     written then
   * @throws IOException if the file cannot be written; the previous file, if any, is left as it was
   */
  public static void write(
      Path file, Map<String, ?> tensors, DType dtype, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(metadata, "metadata");
    List<ByteBuffer> chunks = new ArrayList<>();
    StringBuilder header = new StringBuilder("{");
    long offset = 0;
    for (Map.Entry<String, ?> tensor : tensors.entrySet()) {
      String name = tensor.getKey();
      if (name == null || name.isEmpty() || name.equals(METADATA)) {
        throw new IllegalArgumentException("invalid tensor name: " + Json.quote(String.valueOf(name)));
      }
      long[] shape = shapeOf(name, tensor.getValue());
      ByteBuffer bytes = encode(name, tensor.getValue(), dtype);
      long end = offset + bytes.remaining();
      if (header.length() > 1) {
        header.append(',');
      }
      header
          .append(Json.quote(name))
          .append(":{\"dtype\":\"")
          .append(dtype.name())
          .append("\",\"shape\":")
          .append(Arrays.toString(shape).replace(" ", ""))
          .append(",\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(end)
          .append("]}");
      chunks.add(bytes);
      offset = end;
    }
    if (!metadata.isEmpty()) {
      header.append(header.length() > 1 ? "," : "").append(Json.quote(METADATA)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        header.append(first ? "" : ",").append(Json.quote(m.getKey())).append(':');
        header.append(Json.quote(Objects.requireNonNull(m.getValue(), "metadata value")));
        first = false;
      }
      header.append('}');
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7; // data starts 8-byte aligned, as safetensors pads
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    prefix.flip();
    chunks.add(0, prefix);
    writeAtomically(file, chunks);
  }

  private static void writeAtomically(Path file, List<ByteBuffer> chunks) throws IOException {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    Path temporary =
        Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        for (ByteBuffer chunk : chunks) {
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        out.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(directory);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory; the move itself is still atomic there
    }
  }

  private static long[] shapeOf(String name, Object value) {
    if (value instanceof Double) {
      return new long[0];
    }
    if (value instanceof double[] v) {
      return new long[] {v.length};
    }
    if (value instanceof double[][] m) {
      int columns = m.length == 0 ? 0 : m[0].length;
      for (int i = 0; i < m.length; i++) {
        if (m[i] == null || m[i].length != columns) {
          throw new IllegalArgumentException(
              "tensor "
                  + Json.quote(name)
                  + " is not rectangular: row 0 has "
                  + columns
                  + " columns, row "
                  + i
                  + (m[i] == null ? " is null" : " has " + m[i].length));
        }
      }
      return new long[] {m.length, columns};
    }
    throw new IllegalArgumentException(
        "tensor "
            + Json.quote(name)
            + " is a "
            + (value == null ? "null" : value.getClass().getTypeName())
            + "; write a Double, double[] or double[][]");
  }

  private static ByteBuffer encode(String name, Object value, DType dtype) {
    double[][] rows =
        value instanceof Double d
            ? new double[][] {{d}}
            : value instanceof double[] v ? new double[][] {v} : (double[][]) value;
    long count = 0;
    for (double[] row : rows) {
      count += row.length;
    }
    if (count * dtype.bytes() > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("tensor " + Json.quote(name) + " is too large");
    }
    ByteBuffer out = ByteBuffer.allocate((int) count * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows[i].length; j++) {
        double x = rows[i][j];
        if (dtype == DType.F64) {
          out.putDouble(x);
        } else {
          float f = (float) x; // round to nearest
          if (Float.isInfinite(f) && !Double.isInfinite(x)) {
            throw new IllegalArgumentException(
                "tensor "
                    + Json.quote(name)
                    + ": "
                    + x
                    + (value instanceof double[][] ? " at [" + i + "][" + j + "]" : " at [" + j + "]")
                    + " is beyond the range of F32");
          }
          out.putFloat(f);
        }
      }
    }
    out.flip();
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads and validates {@code file}.
   *
   * @throws ParameterFileException if the file is not a valid parameter file: too short, a header
   *     length beyond the file, a header that is not strict JSON or not a safetensors header, an
   *     unknown or unsupported dtype, a shape that disagrees with its offsets, offsets out of range,
   *     overlapping, leaving gaps or not reaching the end of the data
   * @throws IOException if the file cannot be read
   */
  public static ParameterFile read(Path file) throws IOException {
    long size = Files.size(file);
    if (size < 8) {
      throw new ParameterFileException(
          file, "truncated: " + size + " bytes, too short for the 8-byte header length");
    }
    if (size > Integer.MAX_VALUE) {
      throw new ParameterFileException(file, size + " bytes is more than chainrule reads (2 GiB)");
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = all.getLong(0);
    if (headerLength < 0 || headerLength > bytes.length - 8L) {
      throw new ParameterFileException(
          file,
          "header length "
              + Long.toUnsignedString(headerLength)
              + " is beyond the file's "
              + (bytes.length - 8)
              + " bytes after the length (truncated or not a safetensors file)");
    }
    if (headerLength > MAX_HEADER) {
      throw new ParameterFileException(
          file, "header length " + headerLength + " exceeds the limit of " + MAX_HEADER);
    }
    String header;
    try {
      header =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ParameterFileException(file, "header is not valid UTF-8");
    }
    Object json;
    try {
      json = Json.parse(header);
    } catch (Json.Malformed e) {
      throw new ParameterFileException(file, "header is not valid JSON: " + e.getMessage());
    }
    if (!(json instanceof Map<?, ?> top)) {
      throw new ParameterFileException(file, "header is not a JSON object");
    }
    ByteBuffer data =
        ByteBuffer.wrap(bytes, 8 + (int) headerLength, bytes.length - 8 - (int) headerLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> member : top.entrySet()) {
      String name = (String) member.getKey();
      if (name.equals(METADATA)) {
        readMetadata(file, member.getValue(), metadata);
      } else {
        entries.put(name, entry(file, name, member.getValue()));
      }
    }
    checkLayout(file, entries, data.remaining());
    return new ParameterFile(file, entries, metadata, data);
  }

  private static void readMetadata(Path file, Object value, Map<String, String> into)
      throws ParameterFileException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new ParameterFileException(file, "__metadata__ is not a JSON object");
    }
    for (Map.Entry<?, ?> m : map.entrySet()) {
      if (!(m.getValue() instanceof String s)) {
        throw new ParameterFileException(
            file, "__metadata__ value of " + Json.quote((String) m.getKey()) + " is not a string");
      }
      into.put((String) m.getKey(), s);
    }
  }

  private static Entry entry(Path file, String name, Object value) throws ParameterFileException {
    String tensor = "tensor " + Json.quote(name);
    if (!(value instanceof Map<?, ?> fields)) {
      throw new ParameterFileException(file, tensor + " is not a JSON object");
    }
    for (Object key : fields.keySet()) {
      if (!Set.of("dtype", "shape", "data_offsets").contains(key)) {
        throw new ParameterFileException(
            file, tensor + " has an unknown field " + Json.quote((String) key));
      }
    }
    for (String required : List.of("dtype", "shape", "data_offsets")) {
      if (!fields.containsKey(required)) {
        throw new ParameterFileException(file, tensor + " has no \"" + required + "\"");
      }
    }
    if (!(fields.get("dtype") instanceof String dtypeName)) {
      throw new ParameterFileException(file, tensor + ": dtype is not a string");
    }
    DType dtype = dtype(file, tensor, dtypeName);
    long[] shape = integers(file, tensor, "shape", fields.get("shape"));
    long[] offsets = integers(file, tensor, "data_offsets", fields.get("data_offsets"));
    if (offsets.length != 2) {
      throw new ParameterFileException(
          file, tensor + ": data_offsets has " + offsets.length + " entries, not [begin, end]");
    }
    if (offsets[0] > offsets[1]) {
      throw new ParameterFileException(
          file, tensor + ": data_offsets " + Arrays.toString(offsets) + " end before they begin");
    }
    long elements = 1;
    for (long d : shape) {
      elements = multiplyOrMax(elements, d);
    }
    long bytes = multiplyOrMax(elements, dtype.bytes());
    if (bytes != offsets[1] - offsets[0]) {
      throw new ParameterFileException(
          file,
          tensor
              + ": shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + (bytes == Long.MAX_VALUE ? "more than 2^63" : Long.toString(bytes))
              + " bytes, but data_offsets "
              + Arrays.toString(offsets)
              + " span "
              + (offsets[1] - offsets[0]));
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long multiplyOrMax(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Every dtype name the safetensors format defines, for a clearer message than "unknown". */
  private static final Set<String> OTHER_SAFETENSORS_DTYPES =
      Set.of(
          "BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "I64", "U64", "F8_E5M2",
          "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

  private static DType dtype(Path file, String tensor, String name) throws ParameterFileException {
    return switch (name) {
      case "F64" -> DType.F64;
      case "F32" -> DType.F32;
      default -> {
        if (OTHER_SAFETENSORS_DTYPES.contains(name)) {
          throw new ParameterFileException(
              file, tensor + " has dtype " + name + "; chainrule reads F64 and F32 only");
        }
        throw new ParameterFileException(file, tensor + " has an unknown dtype " + Json.quote(name));
      }
    };
  }

  private static long[] integers(Path file, String tensor, String field, Object value)
      throws ParameterFileException {
    if (!(value instanceof List<?> list)) {
      throw new ParameterFileException(file, tensor + ": " + field + " is not a JSON array");
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      long n = list.get(i) instanceof Json.Number number ? number.asNonNegativeLong() : -1;
      if (n < 0) {
        throw new ParameterFileException(
            file,
            tensor + ": " + field + " holds " + describe(list.get(i)) + ", not a non-negative integer");
      }
      out[i] = n;
    }
    return out;
  }

  private static String describe(Object json) {
    return json instanceof String s ? Json.quote(s) : json == Json.NULL ? "null" : String.valueOf(json);
  }

  /** Offsets in range, no overlaps, no gaps, and the data fully used. */
  private static void checkLayout(Path file, Map<String, Entry> entries, long dataBytes)
      throws ParameterFileException {
    List<Entry> byOffset = new ArrayList<>(entries.values());
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    for (Entry e : byOffset) {
      if (e.end() > dataBytes) {
        throw new ParameterFileException(
            file,
            "tensor "
                + Json.quote(e.name())
                + ": data_offsets ["
                + e.begin()
                + ", "
                + e.end()
                + "] reach beyond the "
                + dataBytes
                + " data bytes in the file (truncated, or the header lies)");
      }
    }
    long expected = 0;
    Entry previous = null;
    for (Entry e : byOffset) {
      if (e.begin() < expected) {
        throw new ParameterFileException(
            file,
            "tensors "
                + Json.quote(previous.name())
                + " ["
                + previous.begin()
                + ", "
                + previous.end()
                + ") and "
                + Json.quote(e.name())
                + " ["
                + e.begin()
                + ", "
                + e.end()
                + ") overlap");
      }
      if (e.begin() > expected) {
        throw new ParameterFileException(
            file,
            (e.begin() - expected)
                + " unused data bytes at offset "
                + expected
                + " before tensor "
                + Json.quote(e.name())
                + " (data_offsets must be contiguous)");
      }
      expected = e.end();
      previous = e;
    }
    if (expected != dataBytes) {
      throw new ParameterFileException(
          file,
          (dataBytes - expected)
              + " data bytes after the last tensor, which ends at offset "
              + expected);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Accessors

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** The tensors' header entries by name, in header order. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /** The {@code __metadata__} strings (empty if the file has none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The entry of tensor {@code name}. */
  public Entry entry(String name) throws ParameterFileException {
    Entry e = entries.get(name);
    if (e == null) {
      throw new ParameterFileException(
          file, "has no tensor " + Json.quote(name) + " (it holds " + entries.keySet() + ")");
    }
    return e;
  }

  /** Tensor {@code name} of shape {@code []}. */
  public double scalar(String name) throws ParameterFileException {
    Entry e = requireRank(name, 0, "double");
    return element(e, 0);
  }

  /** Tensor {@code name} of shape {@code [n]}, as a new array. */
  public double[] vector(String name) throws ParameterFileException {
    Entry e = requireRank(name, 1, "double[]");
    double[] out = new double[(int) e.shape()[0]];
    fill(e, out, 0);
    return out;
  }

  /** Tensor {@code name} of shape {@code [rows, columns]}, as a new array. */
  public double[][] matrix(String name) throws ParameterFileException {
    Entry e = requireRank(name, 2, "double[][]");
    double[][] out = new double[(int) e.shape()[0]][(int) e.shape()[1]];
    for (int i = 0; i < out.length; i++) {
      fill(e, out[i], (long) i * out[i].length);
    }
    return out;
  }

  /**
   * Copies the tensors named like a model's array components back into them, all or nothing (see
   * {@link #copyInto(Map)}); the file may hold more tensors than the model.
   *
   * @throws ParameterFileException naming the tensor if one is missing or shaped otherwise; the
   *     model is not changed then
   */
  public void copyInto(Record model) throws ParameterFileException {
    copyInto(Parameters.ofRecord(model));
  }

  /** Copies the tensors named like the view's entries into them, all or nothing. */
  public void copyInto(Parameters parameters) throws ParameterFileException {
    copyInto(parameters.toMap(), null);
  }

  /**
   * Copies tensors into existing arrays of the same shape, all or nothing: every target is checked
   * (present, same shape) before any is written.
   *
   * @param targets names to {@code double[]} or rectangular {@code double[][]} arrays
   * @throws ParameterFileException naming the tensor and both shapes if any target does not fit;
   *     no target is changed then
   */
  public void copyInto(Map<String, ?> targets) throws ParameterFileException {
    copyInto(targets, null);
  }

  /**
   * As {@link #copyInto(Map)}, and also refuses tensors stored in another dtype than {@code
   * required} (to insist on full {@link DType#F64} precision, say).
   */
  public void copyInto(Map<String, ?> targets, DType required) throws ParameterFileException {
    for (Map.Entry<String, ?> target : targets.entrySet()) {
      Entry e = entry(target.getKey());
      if (required != null && e.dtype() != required) {
        throw new ParameterFileException(
            file, "tensor " + Json.quote(e.name()) + " is " + e.dtype() + ", not the required " + required);
      }
      String targetShape = targetShape(target.getKey(), target.getValue());
      if (!targetShape.equals(e.shapeText())) {
        throw new ParameterFileException(
            file,
            "tensor "
                + Json.quote(e.name())
                + " has shape "
                + e.shapeText()
                + " but the target array has shape "
                + targetShape);
      }
    }
    for (Map.Entry<String, ?> target : targets.entrySet()) {
      Entry e = entries.get(target.getKey());
      if (target.getValue() instanceof double[] v) {
        fill(e, v, 0);
      } else {
        double[][] m = (double[][]) target.getValue();
        for (int i = 0; i < m.length; i++) {
          fill(e, m[i], (long) i * m[i].length);
        }
      }
    }
  }

  private static String targetShape(String name, Object target) {
    if (target instanceof double[] v) {
      return "[" + v.length + "]";
    }
    if (target instanceof double[][] m) {
      int columns = m.length == 0 ? 0 : m[0].length;
      for (double[] row : m) {
        if (row == null || row.length != columns) {
          return "ragged " + Arrays.toString(Arrays.stream(m).mapToInt(r -> r == null ? -1 : r.length).toArray());
        }
      }
      return "[" + m.length + ", " + columns + "]";
    }
    throw new IllegalArgumentException(
        "target "
            + Json.quote(name)
            + " is a "
            + (target == null ? "null" : target.getClass().getTypeName())
            + "; copy into a double[] or double[][] (read scalars with scalar(name))");
  }

  private Entry requireRank(String name, int rank, String type) throws ParameterFileException {
    Entry e = entry(name);
    if (e.shape().length != rank) {
      throw new ParameterFileException(
          file,
          "tensor "
              + Json.quote(name)
              + " has shape "
              + e.shapeText()
              + ", which is not a "
              + type
              + " (rank "
              + rank
              + ")");
    }
    if (e.elements() > Integer.MAX_VALUE) {
      throw new ParameterFileException(file, "tensor " + Json.quote(name) + " is too large");
    }
    return e;
  }

  private void fill(Entry e, double[] out, long firstElement) {
    for (int j = 0; j < out.length; j++) {
      out[j] = element(e, firstElement + j);
    }
  }

  private double element(Entry e, long index) {
    int at = (int) (e.begin() + index * e.dtype().bytes());
    return e.dtype() == DType.F64 ? data.getDouble(at) : data.getFloat(at); // widening is exact
  }
}
