package io.github.chainrule.processor.testing;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles Java sources in memory with the chainrule processor, the way a user's build would, and
 * hands back the {@link Compilation} for assertions and a {@link GeneratedClassLoader} to run what
 * came out.
 *
 * <p>Options: {@code -Xlint:all,-processing} so that every warning javac can give about code shows up
 * (generated code must be warning-free); {@code processing} is off because it only says that no
 * processor claimed annotations of the test sources that are not chainrule's. And {@code -parameters} so that reflection sees the source names of parameters:
 * the gradient holder's accessors are named after them and the {@link GradientFunction} driver
 * finds them by name. {@code -Werror} is deliberately not used: a warning should fail the one test
 * that looks for warnings, not every gradient test.
 */
public final class InMemoryCompiler {
  /** The processor under test, created reflectively so that the test tooling compiles on its own. */
  private static final String PROCESSOR = "io.github.chainrule.processor.ChainruleProcessor";

  private InMemoryCompiler() {}

  /** A javac that runs the chainrule processor with the options described on the class. */
  public static Compiler chainruleJavac() {
    return Compiler.javac()
        .withProcessors(newProcessor())
        // Gradients of double record components are checked too: user builds refuse such records
        // ([ChainruleScalarComponent]), since nothing could train them, but their gradients are
        // computed and stay correct where the option allows them.
        .withOptions("-Xlint:all,-processing", "-parameters", "-Achainrule.scalarComponents=allow");
  }

  /** A javac without any processor, for testing the tooling itself on hand-written sources. */
  public static Compiler plainJavac() {
    return Compiler.javac().withOptions("-Xlint:all,-processing", "-parameters");
  }

  /** Compiles {@code sources} with {@link #chainruleJavac()}. */
  public static Compilation compileWithChainrule(List<JavaFileObject> sources) {
    return chainruleJavac().compile(sources);
  }

  /** Creates a fresh instance of the processor under test. */
  public static Processor newProcessor() {
    try {
      return (Processor) Class.forName(PROCESSOR).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + PROCESSOR + ": " + e, e);
    }
  }

  /** One line per diagnostic: kind, file:line and message, for readable failure messages. */
  public static String describe(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream()
        .map(
            d ->
                d.getKind()
                    + " "
                    + (d.getSource() == null ? "<no file>" : d.getSource().getName())
                    + ":"
                    + d.getLineNumber()
                    + ": "
                    + d.getMessage(null))
        .collect(Collectors.joining("\n"));
  }
}
