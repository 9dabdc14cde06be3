package io.github.chainrule.processor.corpus;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import io.github.chainrule.processor.testing.Coordinates;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import io.github.chainrule.processor.testing.NumericalDerivative;
import io.github.chainrule.processor.testing.PullbackFunction;
import io.github.chainrule.processor.testing.SourceDirectory;
import io.github.chainrule.NoGrad;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the corpus itself, without the processor: every function has a domain sampler, its
 * sample points give finite values, and the numerical derivative is trustworthy there (Ridders'
 * error estimate is tiny and a plain central difference with a much smaller step agrees), which
 * fails when a point lies near a kink or branch boundary. Array-valued functions are checked through
 * {@code sum(value * upstream)} with a random upstream, as CorpusPullbackTest checks them. A failure
 * here is a corpus bug.
 */
class CorpusDomainTest {
  private static final long[] SEEDS = {11, 22, 33};

  @Test
  void everyFunctionHasASmoothDomain() throws Exception {
    Compilation compilation =
        InMemoryCompiler.plainJavac().compile(SourceDirectory.load(CompiledCorpus.FOLDER));
    assertWithMessage(InMemoryCompiler.describe(compilation.diagnostics()))
        .that(compilation.diagnostics())
        .isEmpty();
    GeneratedClassLoader loader = new GeneratedClassLoader(compilation);
    List<String> problems = new ArrayList<>();
    int functions = 0;
    for (String name : loader.classNames()) {
      for (Method method : GradientFunction.differentiableMethods(loader.load(name))) {
        functions++;
        method.setAccessible(true);
        for (long seed : SEEDS) {
          Object[] args = GradientFunction.sampleArguments(method, new Random(seed));
          check(method, args, null, problems);
        }
      }
      for (Method method : PullbackFunction.arrayValuedMethods(loader.load(name))) {
        functions++;
        method.setAccessible(true);
        for (long seed : SEEDS) {
          Random random = new Random(seed);
          Object[] args = GradientFunction.sampleArguments(method, random);
          Object upstream = PullbackFunction.randomUpstream(method.invoke(null, args), random);
          check(method, args, upstream, problems);
        }
      }
    }
    assertWithMessage("functions").that(functions).isAtLeast(45);
    assertWithMessage(String.join("\n", problems)).that(problems).isEmpty();
  }

  /**
   * Checks a double-valued {@code method} ({@code upstream == null}) or the scalar {@code
   * sum(method(args) * upstream)} of an array-valued one.
   */
  private static void check(Method method, Object[] args, Object upstream, List<String> problems)
      throws Exception {
    String function = method.getDeclaringClass().getName() + "." + method.getName();
    double value = call(method, args, upstream);
    if (!Double.isFinite(value)) {
      problems.add(function + ": value " + value);
      return;
    }
    for (int p = 0; p < args.length; p++) {
      if (method.getParameters()[p].isAnnotationPresent(NoGrad.class)
          || !Coordinates.isDifferentiableType(method.getParameterTypes()[p])) {
        continue;
      }
      double[] point = Coordinates.flatten(args[p]);
      for (int j = 0; j < point.length; j++) {
        int parameter = p;
        int coordinate = j;
        java.util.function.DoubleUnaryOperator f =
            t -> {
              Object[] moved = args.clone();
              moved[parameter] = Coordinates.with(args[parameter], coordinate, t);
              try {
                return call(method, moved, upstream);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            };
        NumericalDerivative.Estimate estimate = NumericalDerivative.derivative(f, point[j]);
        double scale = Math.max(1, Math.abs(estimate.value()));
        double small = NumericalDerivative.centralDifference(f, point[j], 1e-6 * Math.max(1, Math.abs(point[j])));
        String where = function + " " + Coordinates.names(method.getParameters()[p].getName(), args[p]).get(j);
        if (!(estimate.error() / scale < 1e-8)) {
          problems.add(where + ": Ridders error estimate " + estimate.error() + " for " + estimate.value());
        } else if (!(Math.abs(small - estimate.value()) / scale < 1e-5)) {
          problems.add(where + ": h=1e-6 difference " + small + " vs Ridders " + estimate.value());
        }
      }
    }
  }

  private static double call(Method method, Object[] args, Object upstream) throws Exception {
    try {
      Object result = method.invoke(null, args);
      return upstream == null ? (Double) result : PullbackFunction.weightedSum(result, upstream);
    } catch (InvocationTargetException e) {
      throw new AssertionError(method + " threw " + e.getCause(), e.getCause());
    }
  }
}
