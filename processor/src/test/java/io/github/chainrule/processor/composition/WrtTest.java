package io.github.chainrule.processor.composition;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientCheck;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code @Differentiable(wrt = ...)}: only the named parameters get gradients, the others (the
 * data) are constants without being marked, and a holder is made from what its shape depends on.
 */
class WrtTest {

  private static final String SOURCE =
      """
      package demo;
      import io.github.chainrule.Differentiable;
      public class Logistic {
        public record Params(double[] w, double[] b) {}

        @Differentiable(wrt = "p")
        public static double loss(Params p, double[] x, int y) {
          double z = p.b()[0];
          for (int j = 0; j < x.length; j++) {
            z += p.w()[j] * x[j];
          }
          return Math.log1p(Math.exp(y == 1 ? -z : z));
        }

        @Differentiable
        public static double everything(Params p, double[] x, int y) {
          return loss(p, x, y) + x[0] * p.w()[0];
        }

        static Object[] lossArgs(java.util.Random r) {
          return new Object[] {
            new Params(new double[] {r.nextDouble() - 0.5, r.nextDouble() - 0.5}, new double[] {0.1}),
            new double[] {r.nextDouble(), -r.nextDouble()},
            r.nextInt(2)
          };
        }
      }
      """;

  private static Class<?> compile() {
    Compilation compilation =
        InMemoryCompiler.compileWithChainrule(List.of(JavaFileObjects.forSourceString("demo.Logistic", SOURCE)));
    assertThat(compilation).succeededWithoutWarnings();
    return new GeneratedClassLoader(compilation).load("demo.Logistic");
  }

  @Test
  void onlyTheNamedParameterHasAGradientAccessor() throws Exception {
    Class<?> logistic = compile();
    Class<?> holder = logistic.getClassLoader().loadClass("demo.Logistic_Grad$Loss");
    List<String> accessors =
        Arrays.stream(holder.getDeclaredMethods())
            .filter(m -> m.getParameterCount() == 0 && java.lang.reflect.Modifier.isPublic(m.getModifiers()))
            .map(Method::getName)
            .sorted()
            .toList();
    assertThat(accessors).containsExactly("p", "value", "zero");
  }

  @Test
  void theHolderIsMadeFromTheParametersItsShapeDependsOn() throws Exception {
    Class<?> logistic = compile();
    Class<?> params = logistic.getClassLoader().loadClass("demo.Logistic$Params");
    Class<?> holder = logistic.getClassLoader().loadClass("demo.Logistic_Grad$Loss");
    Object p = params.getConstructors()[0].newInstance(new double[] {0.5, -0.25}, new double[] {0.1});
    Object h = holder.getMethod("zerosLike", params).invoke(null, p);
    Object grad = holder.getMethod("p").invoke(h);
    double[] w = (double[]) params.getMethod("w").invoke(grad);
    assertThat(w).hasLength(2);
    // the full form is still there, for code written before wrt
    holder.getMethod("zerosLike", params, double[].class, int.class);
    // without wrt, the short form leaves out only what cannot carry a gradient (the int label)
    Class<?> everything = logistic.getClassLoader().loadClass("demo.Logistic_Grad$Everything");
    everything.getMethod("zerosLike", params, double[].class);
    assertThrows(NoSuchMethodException.class, () -> everything.getMethod("zerosLike", params));
  }

  @Test
  void gradientsMatchCentralDifferencesAndDataIsAConstantForCallers() throws Exception {
    Class<?> logistic = compile();
    Random random = new Random(5);
    GradientFunction loss = GradientFunction.of(logistic, "loss");
    assertThat(loss.differentiableParameters()).containsExactly(0);
    for (int i = 0; i < 5; i++) {
      GradientCheck.check(loss, loss.sampleArguments(random)).assertPassed(GradientCheck.TOLERANCE);
    }
    // everything(p, x, y) differentiates x, but x reaches loss, where it is data: only the
    // explicit x[0] * w[0] term carries dx, as for an argument passed to a @NoGrad parameter.
    GradientFunction everything = GradientFunction.of(logistic, "everything");
    Object[] args = loss.sampleArguments(random);
    GradientFunction.Holder h = everything.fresh(args);
    double[] dx = (double[]) h.gradient(1);
    Object p = args[0];
    double w0 = ((double[]) p.getClass().getMethod("w").invoke(p))[0];
    assertThat(dx[0]).isWithin(1e-15).of(w0);
    assertThat(dx[1]).isEqualTo(0.0);
  }
}
