package io.github.chainrule.processor.testing;

import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * Reads a tree of {@code .java} files kept under test resources (for example the gradient corpus
 * under {@code src/test/resources/corpus}) as in-memory sources, in a stable (sorted) order.
 *
 * <p>The resource folder is the root of the package tree: {@code corpus/util/Activations.java}
 * becomes the source of {@code corpus.util.Activations} when the folder is {@code "corpus"} and
 * the sources declare {@code package corpus...}. Works for folders on the file system and in jars.
 */
public final class SourceDirectory {
  private SourceDirectory() {}

  /** All {@code .java} files under the classpath folder {@code resourceFolder}, sorted by path. */
  public static List<JavaFileObject> load(String resourceFolder) {
    URL url = SourceDirectory.class.getClassLoader().getResource(resourceFolder);
    if (url == null) {
      throw new IllegalArgumentException("no resource folder " + resourceFolder + " on the classpath");
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
          return read(jar.getPath(resourceFolder), resourceFolder);
        }
      }
      return read(Path.of(url.toURI()), resourceFolder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<JavaFileObject> read(Path root, String prefix) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    List<JavaFileObject> sources = new ArrayList<>();
    for (Path file : files) {
      String relative = root.relativize(file).toString().replace('\\', '/');
      String binaryName =
          (prefix + "/" + relative.substring(0, relative.length() - ".java".length()))
              .replace('/', '.');
      String text = Files.readString(file, StandardCharsets.UTF_8);
      sources.add(JavaFileObjects.forSourceString(binaryName, text));
    }
    return sources;
  }
}
