package io.github.chainrule.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import io.github.chainrule.processor.testing.Coordinates;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import io.github.chainrule.processor.testing.SourceDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes under {@code src/test/resources/rules}, compiled once with the processor: small
 * methods that pin one derivative rule each at an exact point.
 */
final class CompiledRules {
  private static GeneratedClassLoader loader;

  private CompiledRules() {}

  /**
   * Forgets the compiled classes when {@code chainrule.test.noCache} is set (mutation testing
   * swaps a mutated processor class into the JVM between test runs, and attributes coverage to
   * the test method that compiled); called before each test method.
   */
  static synchronized void forgetUnderMutationTesting() {
    if (Boolean.getBoolean("chainrule.test.noCache")) {
      loader = null;
    }
  }

  private static synchronized GeneratedClassLoader loader() {
    if (loader == null) {
      Compilation compilation = InMemoryCompiler.compileWithChainrule(SourceDirectory.load("rules"));
      assertWithMessage(InMemoryCompiler.describe(compilation.diagnostics()))
          .that(compilation.status())
          .isEqualTo(Compilation.Status.SUCCESS);
      assertWithMessage(InMemoryCompiler.describe(compilation.diagnostics()))
          .that(compilation.warnings())
          .isEmpty();
      loader = new GeneratedClassLoader(compilation);
    }
    return loader;
  }

  /** The differentiable method {@code method} of {@code rules.className}. */
  static GradientFunction function(String className, String method) {
    return GradientFunction.of(loader().load("rules." + className), method);
  }

  /**
   * The gradient of {@code rules.className.method} at {@code args}: every differentiable
   * parameter, flattened and concatenated in parameter order.
   */
  static double[] gradient(String className, String method, Object... args) {
    GradientFunction f = function(className, method);
    GradientFunction.Holder holder = f.fresh(args);
    List<Double> out = new ArrayList<>();
    for (int index : f.differentiableParameters()) {
      for (double d : Coordinates.flatten(holder.gradient(index))) {
        out.add(d);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
