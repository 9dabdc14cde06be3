package io.github.chainrule.example.ner.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.chainrule.example.ner.corpus.TagScheme;
import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.FeatureSpace;
import io.github.chainrule.example.ner.features.Vocabulary;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.io.DType;
import io.github.chainrule.runtime.io.ParameterFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model directory: what {@code chainrule-ner train} writes and {@code eval} and {@code predict}
 * read.
 *
 * <ul>
 *   <li>{@code config.json}: the format version, the model's shape (features and widths, hidden
 *       units, activation, tag set, objective), the tag scheme of the training data, and any notes
 *       (the training options);
 *   <li>{@code vocab.json}: the strings of the word, shape and affix tables, by row;
 *   <li>{@code params.safetensors}: the parameters (F64), one tensor per non-empty array, named as
 *       the components of {@link NerParams}, readable from Python with {@code safetensors}.
 * </ul>
 *
 * <p>Writing is atomic for the directory as a whole: the files (and any extra ones, such as the
 * HTML report) are written and forced to disk in a new sibling directory, which then replaces the
 * target by renaming. An interrupted run leaves the previous model or none, never half of one.
 *
 * <p>Reading checks the format version and every file before it returns, and refuses a directory
 * that is not a model, comes from another format version, or has a missing or damaged file, with a
 * {@link ModelException} that names the directory and the problem.
 */
public final class ModelStore {
  /** The format this program writes and reads. */
  public static final int FORMAT = 1;

  /** The name of the format, written into {@code config.json}. */
  public static final String FORMAT_NAME = "chainrule-ner model";

  static final String CONFIG = "config.json";
  static final String VOCAB = "vocab.json";
  static final String PARAMS = "params.safetensors";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private ModelStore() {}

  /** A model with what {@code eval} and {@code predict} need to read and write text like the training data. */
  public record Stored(NerModel model, TagScheme scheme, Map<String, String> notes) {}

  /**
   * Writes a model directory atomically.
   *
   * @param extras more files to put in the directory, name to UTF-8 content (e.g. the report)
   */
  public static void write(Path dir, Stored stored, Map<String, String> extras) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".writing-");
    try {
      writeText(staging.resolve(CONFIG), GSON.toJson(configJson(stored)));
      writeText(staging.resolve(VOCAB), GSON.toJson(vocabJson(stored.model().space())));
      ParameterFile.write(staging.resolve(PARAMS), tensors(stored.model().params()), DType.F64);
      for (Map.Entry<String, String> e : extras.entrySet()) {
        writeText(staging.resolve(e.getKey()), e.getValue());
      }
      replace(staging, target);
    } finally {
      deleteTree(staging);
    }
  }

  /** Reads a model directory, checking everything first. */
  public static Stored read(Path dir) throws ModelException {
    if (!Files.isDirectory(dir)) {
      throw new ModelException(dir, Files.exists(dir) ? "is not a directory" : "does not exist");
    }
    JsonObject config = readJson(dir, CONFIG);
    JsonElement format = config.get("format");
    JsonElement version = config.get("version");
    if (format == null || !format.isJsonPrimitive() || !FORMAT_NAME.equals(format.getAsString())) {
      throw new ModelException(dir, CONFIG + " is not a " + FORMAT_NAME + " configuration");
    }
    if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()
        || version.getAsInt() != FORMAT) {
      throw new ModelException(
          dir,
          "was written in " + FORMAT_NAME + " format " + (version == null ? "(none)" : version)
              + "; this program reads format " + FORMAT + ": train the model again with this version");
    }
    try {
      ModelConfig mc = modelConfig(config.getAsJsonObject("model"));
      TagScheme scheme = TagScheme.valueOf(config.get("scheme").getAsString());
      Map<String, String> notes = new LinkedHashMap<>();
      JsonObject n = config.getAsJsonObject("notes");
      if (n != null) {
        for (Map.Entry<String, JsonElement> e : n.entrySet()) {
          notes.put(e.getKey(), e.getValue().getAsString());
        }
      }
      JsonObject vocab = readJson(dir, VOCAB);
      FeatureSpace space =
          new FeatureSpace(
              mc.features(), vocabulary(vocab, "words"), vocabulary(vocab, "shapes"), vocabulary(vocab, "affixes"));
      NerParams params = params(dir, mc, space);
      return new Stored(new NerModel(mc, space, params), scheme, notes);
    } catch (RuntimeException e) {
      throw new ModelException(dir, "has a damaged " + CONFIG + " or " + VOCAB + ": " + e.getMessage());
    }
  }

  private static JsonObject configJson(Stored stored) {
    ModelConfig c = stored.model().config();
    FeatureConfig f = c.features();
    JsonObject features = new JsonObject();
    features.addProperty("halfWindow", f.halfWindow());
    features.addProperty("wordDim", f.wordDim());
    features.addProperty("casingDim", f.casingDim());
    features.addProperty("shapeDim", f.shapeDim());
    features.addProperty("affixDim", f.affixDim());
    JsonObject model = new JsonObject();
    model.add("features", features);
    model.addProperty("hidden", c.hidden());
    model.addProperty("activation", c.activation().name());
    model.add("tags", GSON.toJsonTree(c.tags()));
    model.addProperty("objective", c.objective().name());
    if (c.binaryType() != null) {
      model.addProperty("binaryType", c.binaryType());
    }
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT_NAME);
    root.addProperty("version", FORMAT);
    root.add("model", model);
    root.addProperty("scheme", stored.scheme().name());
    root.add("notes", GSON.toJsonTree(stored.notes()));
    return root;
  }

  private static ModelConfig modelConfig(JsonObject m) {
    JsonObject f = m.getAsJsonObject("features");
    FeatureConfig features =
        new FeatureConfig(
            f.get("halfWindow").getAsInt(),
            f.get("wordDim").getAsInt(),
            f.get("casingDim").getAsInt(),
            f.get("shapeDim").getAsInt(),
            f.get("affixDim").getAsInt());
    List<String> tags = new ArrayList<>();
    for (JsonElement t : m.getAsJsonArray("tags")) {
      tags.add(t.getAsString());
    }
    JsonElement binary = m.get("binaryType");
    return new ModelConfig(
        features,
        m.get("hidden").getAsInt(),
        Activation.valueOf(m.get("activation").getAsString()),
        tags,
        ModelConfig.Objective.valueOf(m.get("objective").getAsString()),
        binary == null ? null : binary.getAsString());
  }

  private static JsonObject vocabJson(FeatureSpace space) {
    JsonObject v = new JsonObject();
    v.add("words", GSON.toJsonTree(space.words().strings()));
    v.add("shapes", GSON.toJsonTree(space.shapes().strings()));
    v.add("affixes", GSON.toJsonTree(space.affixes().strings()));
    return v;
  }

  private static Vocabulary vocabulary(JsonObject vocab, String name) {
    List<String> strings = new ArrayList<>();
    for (JsonElement e : vocab.getAsJsonArray(name)) {
      strings.add(e.getAsString());
    }
    return Vocabulary.of(strings);
  }

  private static Map<String, Object> tensors(NerParams p) {
    Map<String, Object> t = new LinkedHashMap<>();
    putMatrix(t, "words", p.words());
    putMatrix(t, "casing", p.casing());
    putMatrix(t, "shapes", p.shapes());
    putMatrix(t, "affixes", p.affixes());
    t.put("W", p.W());
    t.put("b", p.b());
    t.put("U", p.U());
    t.put("c", p.c());
    putMatrix(t, "transitions", p.transitions());
    if (p.start().length > 0) {
      t.put("start", p.start());
      t.put("end", p.end());
    }
    return t;
  }

  private static void putMatrix(Map<String, Object> t, String name, double[][] m) {
    if (m.length > 0) {
      t.put(name, m);
    }
  }

  /** The parameters, every shape checked against the configuration and vocabularies. */
  private static NerParams params(Path dir, ModelConfig c, FeatureSpace space) throws ModelException {
    ParameterFile file;
    try {
      file = ParameterFile.read(dir.resolve(PARAMS));
    } catch (NoSuchFileException e) {
      throw new ModelException(dir, "has no " + PARAMS);
    } catch (IOException e) {
      throw new ModelException(dir, "has a damaged " + PARAMS + ": " + e.getMessage());
    }
    FeatureConfig f = c.features();
    boolean binary = c.objective() == ModelConfig.Objective.BINARY;
    int in = binary ? f.windowSize() * f.wordDim() : f.inputDim();
    int crf = c.objective() == ModelConfig.Objective.CRF ? c.tags().size() : 0;
    NerParams p =
        new NerParams(
            matrix(dir, file, "words", space.words().size(), f.wordDim()),
            matrix(dir, file, "casing", f.casingDim() > 0 ? FeatureSpace.CASING_ROWS : 0, f.casingDim()),
            matrix(dir, file, "shapes", f.shapeDim() > 0 ? space.shapes().size() : 0, f.shapeDim()),
            matrix(dir, file, "affixes", f.affixDim() > 0 ? space.affixes().size() : 0, f.affixDim()),
            matrix(dir, file, "W", c.hidden(), in),
            vector(dir, file, "b", c.hidden()),
            matrix(dir, file, "U", c.outputs(), c.hidden()),
            vector(dir, file, "c", c.outputs()),
            matrix(dir, file, "transitions", crf, crf),
            vector(dir, file, "start", crf),
            vector(dir, file, "end", crf));
    return p;
  }

  private static double[][] matrix(Path dir, ParameterFile file, String name, int rows, int cols) throws ModelException {
    if (rows == 0 || cols == 0) {
      return new double[0][0];
    }
    try {
      double[][] m = file.matrix(name);
      if (m.length != rows || m[0].length != cols) {
        throw new ModelException(
            dir, PARAMS + " has " + name + " of " + m.length + " x " + m[0].length + " but the model needs " + rows + " x " + cols);
      }
      return m;
    } catch (IOException e) {
      throw new ModelException(dir, PARAMS + ": " + e.getMessage());
    }
  }

  private static double[] vector(Path dir, ParameterFile file, String name, int length) throws ModelException {
    if (length == 0) {
      return new double[0];
    }
    try {
      double[] v = file.vector(name);
      if (v.length != length) {
        throw new ModelException(dir, PARAMS + " has " + name + " of length " + v.length + " but the model needs " + length);
      }
      return v;
    } catch (IOException e) {
      throw new ModelException(dir, PARAMS + ": " + e.getMessage());
    }
  }

  private static JsonObject readJson(Path dir, String name) throws ModelException {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new ModelException(dir, "has no " + name + (name.equals(CONFIG) ? " (is it a model directory written by chainrule-ner train?)" : ""));
    }
    try {
      JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) {
        throw new ModelException(dir, name + " is not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (IOException | JsonParseException e) {
      throw new ModelException(dir, "has a damaged " + name + ": " + e.getMessage());
    }
  }

  private static void writeText(Path file, String text) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(StandardCharsets.UTF_8.encode(text));
      ch.force(true);
    }
  }

  /** Puts the staged directory in the target's place: the old one is moved aside, then removed. */
  private static void replace(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      if (!Files.isDirectory(target)) {
        throw new IOException(target + " exists and is not a directory");
      }
      old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
      Files.delete(old);
      move(target, old);
    }
    try {
      move(staging, target);
    } catch (IOException e) {
      if (old != null) {
        move(old, target); // put the previous model back
      }
      throw e;
    }
    if (old != null) {
      deleteTree(old);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isDirectory(f)) {
          deleteTree(f);
        } else {
          Files.delete(f);
        }
      }
    }
    Files.delete(dir);
  }
}
