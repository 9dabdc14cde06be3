package io.github.chainrule.processor.corpus;

import com.google.testing.compile.Compilation;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import io.github.chainrule.processor.testing.PullbackFunction;
import io.github.chainrule.processor.testing.SourceDirectory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/**
 * The gradient corpus under {@code src/test/resources/corpus}, compiled once per test JVM with the
 * chainrule processor (all files together, so that calls across classes resolve).
 *
 * <p>Functions the processor is known to reject can be listed in {@link #KNOWN_REJECTED}: their
 * {@code @Differentiable} annotation is removed from the source before compiling, so that the rest
 * of the corpus still compiles; each entry is a processor bug to fix (see the corpus README).
 */
final class CompiledCorpus {
  /** Resource folder of the corpus (also its root package). */
  static final String FOLDER = "corpus";

  /**
   * Functions ({@code corpus.Class.method}) that the processor rejects although they are inside the
   * supported subset, with the diagnostic it gives. Keep empty unless a processor bug is open.
   */
  static final Map<String, String> KNOWN_REJECTED = Map.of();

  private static CompiledCorpus instance;

  final List<JavaFileObject> sources;
  final Compilation compilation;
  final GeneratedClassLoader loader;

  private CompiledCorpus() {
    sources = withoutKnownRejected(SourceDirectory.load(FOLDER));
    compilation = InMemoryCompiler.compileWithChainrule(sources);
    loader =
        compilation.status() == Compilation.Status.SUCCESS
            ? new GeneratedClassLoader(compilation)
            : null;
  }

  static synchronized CompiledCorpus get() {
    if (instance == null) {
      instance = new CompiledCorpus();
    }
    return instance;
  }

  /** Throws an error that lists the compiler's errors if the corpus did not compile. */
  GeneratedClassLoader loaderOrFail() {
    if (loader == null) {
      throw new AssertionError(
          "the corpus did not compile with the processor:\n"
              + InMemoryCompiler.describe(compilation.errors()));
    }
    return loader;
  }

  /** Binary names of the corpus's top-level classes, in source order. */
  List<String> classNames() {
    return sources.stream()
        .map(s -> s.getName().replaceFirst("^/", "").replaceFirst("\\.java$", "").replace('/', '.'))
        .toList();
  }

  /**
   * Every double-valued method of the corpus with a companion entry ({@code @Differentiable}, or
   * with a {@code @Derivative} adjoint), by class then name.
   */
  List<GradientFunction> functions() {
    GeneratedClassLoader classes = loaderOrFail();
    List<GradientFunction> functions = new ArrayList<>();
    for (String name : classNames()) {
      collect(classes.load(name), classes, functions);
    }
    return functions;
  }

  /** Every double[]- and double[][]-valued differentiable method of the corpus, by class then name. */
  List<PullbackFunction> arrayFunctions() {
    GeneratedClassLoader classes = loaderOrFail();
    List<PullbackFunction> functions = new ArrayList<>();
    for (String name : classNames()) {
      collectArrayValued(classes.load(name), classes, functions);
    }
    return functions;
  }

  private static void collectArrayValued(Class<?> type, ClassLoader loader, List<PullbackFunction> out) {
    for (Method method : PullbackFunction.arrayValuedMethods(type)) {
      out.add(PullbackFunction.of(method, loader));
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      collectArrayValued(nested, loader, out);
    }
  }

  private static void collect(Class<?> type, ClassLoader loader, List<GradientFunction> out) {
    for (Method method : GradientFunction.differentiableMethods(type)) {
      out.add(GradientFunction.of(method, loader));
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      collect(nested, loader, out);
    }
  }

  private static List<JavaFileObject> withoutKnownRejected(List<JavaFileObject> sources) {
    if (KNOWN_REJECTED.isEmpty()) {
      return sources;
    }
    return sources.stream()
        .map(CompiledCorpus::stripKnownRejected)
        .collect(Collectors.toList());
  }

  private static JavaFileObject stripKnownRejected(JavaFileObject source) {
    String className =
        source.getName().replaceFirst("^/", "").replaceFirst("\\.java$", "").replace('/', '.');
    String text;
    try {
      text = source.getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (String function : KNOWN_REJECTED.keySet()) {
      int dot = function.lastIndexOf('.');
      if (!function.substring(0, dot).equals(className)) {
        continue;
      }
      Pattern annotated =
          Pattern.compile(
              "@Differentiable(\\s+public static double(?:\\[\\])* " + Pattern.quote(function.substring(dot + 1)) + "\\()");
      Matcher matcher = annotated.matcher(text);
      if (!matcher.find()) {
        throw new IllegalStateException("KNOWN_REJECTED names a function not in the corpus: " + function);
      }
      text = matcher.replaceFirst("/* known rejected */$1");
    }
    return com.google.testing.compile.JavaFileObjects.forSourceString(className, text);
  }
}
