package io.github.chainrule.processor.composition;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import io.github.chainrule.processor.testing.PullbackFunction;
import java.util.Arrays;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Minimal reproductions of processor bugs the composition and corpus tests found, kept as
 * regression tests now that they are fixed.
 */
class ProcessorRegressionTest {
  /**
   * The pullback of an array-valued method returns, and its holder's value() keeps, the result
   * array after the backward sweep restored its overwritten elements: zeros instead of {6}.
   */
  @Test
  void pullbackReturnsTheValueNotTheRestoredArray() {
    regression("pullback value restored by the backward sweep", () -> {
      Class<?> twice =
          compile(
              "demo.Twice",
              """
              package demo;
              import io.github.chainrule.Differentiable;
              public class Twice {
                @Differentiable
                public static double[] twice(double[] x) {
                  double[] y = new double[1];
                  y[0] = 2 * x[0];
                  return y;
                }
              }
              """);
      PullbackFunction f = PullbackFunction.of(twice, "twice");
      Object[] args = {new double[] {3.0}};
      double[] returned = (double[]) f.pullback(args, new double[] {1.0}, f.emptyHolder());
      double[] held = (double[]) f.fresh(args, new double[] {1.0}).value();
      assertWithMessage("value returned by Twice_Grad.twice(x, upstream, into)")
          .that(Arrays.toString(returned)).isEqualTo("[6.0]");
      assertWithMessage("Twice_Grad.twice(x, upstream).value()")
          .that(Arrays.toString(held)).isEqualTo("[6.0]");
    });
  }

  /**
   * The companion of a @Derivative method with an array result does not check the upstream's
   * length: the contract says IllegalArgumentException; an adjoint that loops over x.length
   * silently ignores the extra element.
   */
  @Test
  void derivativePullbackChecksTheUpstreamLength() {
    regression("@Derivative array result: upstream length not checked", () -> {
      Class<?> scale =
          compile(
              "demo.Scale",
              """
              package demo;
              import io.github.chainrule.Derivative;
              public class Scale {
                public static double[] scale(double[] x, double c) {
                  double[] y = new double[x.length];
                  for (int i = 0; i < x.length; i++) {
                    y[i] = x[i] * c;
                  }
                  return y;
                }

                @Derivative(of = "scale")
                static double scaleAdjoint(double[] x, double c, double[] upstream, double[] dx) {
                  double dc = 0;
                  for (int i = 0; i < x.length; i++) {
                    dx[i] += upstream[i] * c;
                    dc += upstream[i] * x[i];
                  }
                  return dc;
                }
              }
              """);
      PullbackFunction f = PullbackFunction.of(scale, "scale");
      AssertionError thrown =
          Assertions.assertThrows(
              AssertionError.class,
              () -> f.fresh(new Object[] {new double[] {1, 2}, 3.0}, new double[] {1, 1, 1}),
              "Scale_Grad.scale(x[2], c, upstream[3]) returned normally");
      assertWithMessage("cause").that(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
    });
  }

  /**
   * A differentiable parameter named {@code h} (the usual name of a hidden state): the generated
   * {@code zerosLike(double[] h)} declares its own local {@code F h = new F()} and the companion
   * does not compile ("variable h is already defined in method zerosLike").
   */
  @Test
  void parameterNamedHCompiles() {
    regression("parameter named h clashes with zerosLike's local", () ->
        compile(
            "demo.Hidden",
            """
            package demo;
            import io.github.chainrule.Differentiable;
            public class Hidden {
              @Differentiable
              public static double f(double[] h) {
                return h[0] * h[0];
              }
            }
            """));
  }

  private static Class<?> compile(String name, String source) {
    Compilation compilation =
        InMemoryCompiler.compileWithChainrule(java.util.List.of(JavaFileObjects.forSourceString(name, source)));
    assertWithMessage(InMemoryCompiler.describe(compilation.diagnostics()))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    return new GeneratedClassLoader(compilation).load(name);
  }

  private static void regression(String bug, Executable reproduction) {
    try {
      reproduction.execute();
    } catch (AssertionError regressed) {
      throw new AssertionError("regression: " + bug, regressed);
    } catch (Throwable unexpected) {
      throw new AssertionError("reproduction of '" + bug + "' failed unexpectedly", unexpected);
    }
  }
}
