package io.github.chainrule.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaFileObject;

/**
 * Loads the class files of an in-memory {@link Compilation}: the compiled sources and everything
 * the processor generated, so that tests can call both the original methods and their companions.
 *
 * <p>compile-testing names its outputs {@code mem:///CLASS_OUTPUT/pkg/Outer$Inner.class}; the binary
 * name is the path after the location segment, without {@code .class}, with '/' turned into '.'.
 * Classes not in the compilation (JDK, annotations, test classes) come from the parent loader, so
 * {@code io.github.chainrule.Differentiable} is the same class on both sides.
 */
public final class GeneratedClassLoader extends ClassLoader {
  private final Map<String, byte[]> classes = new LinkedHashMap<>();

  /** A loader over all class files of {@code compilation}, delegating to the test's loader. */
  public GeneratedClassLoader(Compilation compilation) {
    this(compilation, GeneratedClassLoader.class.getClassLoader());
  }

  /** A loader over all class files of {@code compilation}, delegating to {@code parent}. */
  public GeneratedClassLoader(Compilation compilation, ClassLoader parent) {
    super(parent);
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      classes.put(binaryName(file), read(file));
    }
  }

  /** Binary names of every class file in the compilation, in the order javac wrote them. */
  public Set<String> classNames() {
    return Collections.unmodifiableSet(classes.keySet());
  }

  /** Loads {@code binaryName}, failing with the list of known classes if it was not generated. */
  public Class<?> load(String binaryName) {
    try {
      return loadClass(binaryName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          "class " + binaryName + " was not compiled or generated; have: " + classes.keySet(), e);
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  private static String binaryName(JavaFileObject file) {
    String path = file.toUri().getPath();
    // "/CLASS_OUTPUT/corpus/Lecture_Grad$Cube.class" -> "corpus/Lecture_Grad$Cube.class"
    int afterLocation = path.indexOf('/', 1);
    String relative = path.substring(afterLocation + 1);
    return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
  }

  private static byte[] read(JavaFileObject file) {
    try (InputStream in = file.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
