package io.github.chainrule.processor.diagnostics;

import static java.util.stream.Collectors.joining;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import io.github.chainrule.processor.LocalClassProcessor;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Small user sources for diagnostic tests: a class {@code demo.Model} whose members are given as
 * text, compiled with the chainrule processor the way a user's build compiles it.
 */
final class UserSource {
  /** The options of a careful user's build: every lint but "no processor claimed ...". */
  static final String LINT = "-Xlint:all,-processing";

  private UserSource() {}

  /**
   * {@code demo.Model} with the given members. The class has a record {@code Params(double[][] W,
   * double[] b, double[] c)} and a helper class {@code Helper} beside it, so that members can use
   * records and calls without declaring them.
   */
  static JavaFileObject model(String members) {
    return JavaFileObjects.forSourceString(
        "demo.Model",
        """
        package demo;

        import io.github.chainrule.Derivative;
        import io.github.chainrule.Differentiable;
        import io.github.chainrule.NoGrad;

        public class Model {
          public record Params(double[][] W, double[] b, double[] c) {}

        %s
        }

        class Helper {
          static double plain(double x) { return 2 * x; }
          static int count(Model.Params p) { return 1; }
          static double boxed(Double x) { return x; }
          static double supply(java.util.function.DoubleSupplier s) { return s.getAsDouble(); }
          static <T> T same(T t) { return t; }
          double get() { return 1; }
        }
        """
            .formatted(members.indent(2)));
  }

  /** Fresh instances of chainrule's processors, as a user's build finds them on the processor path. */
  static List<Processor> processors() {
    return List.of(new ChainruleProcessor(), new LocalClassProcessor());
  }

  /** Compiles {@code sources} with fresh chainrule processors and {@link #LINT}. */
  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac()
        .withProcessors(processors())
        .withOptions(LINT)
        .compile(sources);
  }

  /** Compiles {@link #model(String)} of {@code members}. */
  static Compilation compileModel(String members) {
    return compile(model(members));
  }

  /**
   * The 1-based number of the one line of {@code source} that contains {@code fragment}; fails if
   * none or several do. This is what compile-testing's {@code onLineContaining} does; it is
   * computed here because {@code onLineContaining} fails with an IncompatibleClassChangeError when
   * Truth's Android flavour of Guava comes first on the test classpath (it does in this module), and
   * {@code onLine(long)} does not need Guava's predicates.
   */
  static long lineContaining(JavaFileObject source, String fragment) {
    String[] lines;
    try {
      lines = source.getCharContent(true).toString().split("\n", -1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(fragment)) {
        if (found > 0) {
          throw new AssertionError("more than one line of " + source.getName() + " contains: " + fragment);
        }
        found = i + 1;
      }
    }
    if (found < 0) {
      throw new AssertionError("no line of " + source.getName() + " contains: " + fragment);
    }
    return found;
  }

  /** One line per diagnostic, for failure messages. */
  static String describe(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(
            d ->
                d.getKind()
                    + " "
                    + (d.getSource() == null ? "<no file>" : d.getSource().getName())
                    + ":"
                    + d.getLineNumber()
                    + ": "
                    + firstLine(d))
        .collect(joining("\n"));
  }

  static String firstLine(Diagnostic<? extends JavaFileObject> d) {
    String m = d.getMessage(null);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * The names of the source files the chainrule processor writes for {@code sources}, whether the
   * compilation succeeds or not (compile-testing hides generated files of a failed compilation).
   * Runs javac with {@code -proc:only} and records every source file the processor asks the
   * file manager for.
   */
  static List<String> writtenSources(JavaFileObject... sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> written = new ArrayList<>();
    DiagnosticCollector<JavaFileObject> ignored = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(ignored, Locale.ROOT, StandardCharsets.UTF_8);
    JavaFileManager recording =
        new ForwardingJavaFileManager<>(standard) {
          @Override
          public JavaFileObject getJavaFileForOutput(
              Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            written.add(className);
            // javac parses what the processor wrote in the next round, so keep the text.
            StringWriter text = new StringWriter();
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
              @Override
              public OutputStream openOutputStream() {
                return new ByteArrayOutputStream();
              }

              @Override
              public Writer openWriter() {
                return text;
              }

              @Override
              public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text.toString();
              }
            };
          }
        };
    JavaCompiler.CompilationTask task =
        javac.getTask(
            null,
            recording,
            ignored,
            List.of(LINT, "-proc:only", "-classpath", System.getProperty("java.class.path")),
            null,
            List.of(sources));
    task.setProcessors(processors());
    task.call();
    return written;
  }
}
