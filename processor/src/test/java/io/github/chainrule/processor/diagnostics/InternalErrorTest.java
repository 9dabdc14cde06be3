package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.github.chainrule.processor.ChainruleProcessor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code [ChainruleInternalError]}: a bug inside the processor must become a tagged error on the class,
 * with the stack trace, and never a javac crash. No valid input should trigger one, so the bug is
 * simulated: the processor runs unchanged, but the round hands it method elements that throw as soon
 * as the processor asks them anything beyond their kind and class.
 */
class InternalErrorTest {

  static final String SIMULATED = "simulated failure inside chainrule";

  @Test
  void processorExceptionBecomesTaggedError() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double square(double x) {
              return x * x;
            }
            """);
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new FailingElements(new ChainruleProcessor()))
            .withOptions(UserSource.LINT)
            .compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleInternalError] chainrule failed on demo.Model; this is a bug in chainrule")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "public class Model"));
    // The stack trace is part of the message, so that a bug report carries it.
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: " + SIMULATED);
    assertThat(compilation).hadErrorContaining("at io.github.chainrule.processor.ChainruleProcessor");
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      assertWithMessage("only the tagged error").that(d.getMessage(null)).startsWith("[ChainruleInternalError]");
    }
  }

  /**
   * A build tool that wraps javac's processing environment (Gradle does for processors declared
   * incremental) hides the Tree API: the processor says so, once, instead of failing inside.
   */
  @Test
  void aWrappedProcessingEnvironmentIsReportedNotACrash() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double square(double x) {
              return x * x;
            }
            """);
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new WrappedEnvironment(new ChainruleProcessor()))
            .withOptions(UserSource.LINT)
            .compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleInternalError] chainrule reads method bodies with javac's Tree API");
    assertThat(compilation).hadErrorContaining("not as an incremental (isolating or aggregating) Gradle processor");
  }

  /** Runs {@code delegate} with a processing environment that forwards every call to javac's. */
  static final class WrappedEnvironment extends AbstractProcessor {
    private final AbstractProcessor delegate;

    WrappedEnvironment(AbstractProcessor delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      delegate.init(
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  InternalErrorTest.class.getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  (proxy, method, args) -> FailingElements.invoke(env, method, args)));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }
  }

  /** Runs {@code delegate} with a round whose annotated methods fail when asked about themselves. */
  static final class FailingElements extends AbstractProcessor {
    private final AbstractProcessor delegate;

    FailingElements(AbstractProcessor delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      delegate.init(env);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, failing(round));
    }

    private static RoundEnvironment failing(RoundEnvironment round) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            Object result = invoke(round, method, args);
            if (method.getName().equals("getElementsAnnotatedWith")) {
              Set<Element> wrapped = new LinkedHashSet<>();
              for (Object e : (Set<?>) result) {
                wrapped.add(e instanceof ExecutableElement ? failing((ExecutableElement) e) : (Element) e);
              }
              return wrapped;
            }
            return result;
          };
      return (RoundEnvironment)
          Proxy.newProxyInstance(
              InternalErrorTest.class.getClassLoader(), new Class<?>[] {RoundEnvironment.class}, handler);
    }

    private static ExecutableElement failing(ExecutableElement real) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "getKind":
              case "getEnclosingElement":
              case "hashCode":
              case "equals":
              case "toString":
                return invoke(real, method, args);
              default:
                throw new IllegalStateException(SIMULATED);
            }
          };
      return (ExecutableElement)
          Proxy.newProxyInstance(
              InternalErrorTest.class.getClassLoader(), new Class<?>[] {ExecutableElement.class}, handler);
    }

    static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
