package io.github.chainrule.processor.testing;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Drives a hand-written companion that follows the generated contract, so that the driver, the
 * class loader and the checks are known to work independently of the processor.
 */
class GradientFunctionTest {
  private static final JavaFileObject MODEL =
      JavaFileObjects.forSourceString(
          "demo.Model",
          """
          package demo;

          import io.github.chainrule.Differentiable;
          import io.github.chainrule.NoGrad;
          import java.util.Random;

          public class Model {
            public record Params(double[][] W, double[] b, double[] u) {}

            @Differentiable
            public static double score(Params p, double[] x, @NoGrad double[] c, int k) {
              double s = k * c[0] * x[0];
              for (int i = 0; i < p.W().length; i++) {
                double z = p.b()[i];
                for (int j = 0; j < x.length; j++) {
                  z += p.W()[i][j] * x[j];
                }
                s += p.u()[i] * Math.tanh(z);
              }
              return s;
            }

            static Object[] scoreArgs(Random random) {
              double[][] W = new double[2][3];
              for (double[] row : W) {
                for (int j = 0; j < row.length; j++) {
                  row[j] = random.nextGaussian();
                }
              }
              return new Object[] {
                new Params(W, new double[] {random.nextGaussian(), 0.1}, new double[] {1.0, -2.0}),
                new double[] {0.5, random.nextGaussian(), -0.25},
                new double[] {3.0},
                2
              };
            }

            public static class Inner {
              @Differentiable
              public static double square(double x) {
                return x * x;
              }
            }
          }
          """);

  /** The companion as the processor should write it; {@code SEED} is replaced to plant a bug. */
  private static final String COMPANION =
      """
      package demo;

      public final class Model_Grad {
        public static final class Score {
          private double value;
          private Model.Params p;
          private double[] x;

          public Score() {}

          public static Score zerosLike(Model.Params p, double[] x, double[] c, int k) {
            Score holder = new Score();
            holder.bind(p, x);
            return holder;
          }

          private void bind(Model.Params p, double[] x) {
            if (this.p != null) {
              return;
            }
            double[][] W = new double[p.W().length][];
            for (int i = 0; i < W.length; i++) {
              W[i] = new double[p.W()[i].length];
            }
            this.p = new Model.Params(W, new double[p.b().length], new double[p.u().length]);
            this.x = new double[x.length];
          }

          public double value() { return value; }
          public Model.Params p() { return p; }
          public double[] x() { return x; }

          public void zero() {
            for (double[] row : p.W()) {
              java.util.Arrays.fill(row, 0);
            }
            java.util.Arrays.fill(p.b(), 0);
            java.util.Arrays.fill(p.u(), 0);
            java.util.Arrays.fill(x, 0);
          }
        }

        public static Score score(Model.Params p, double[] x, double[] c, int k) {
          Score holder = Score.zerosLike(p, x, c, k);
          score(p, x, c, k, holder);
          return holder;
        }

        public static double score(Model.Params p, double[] x, double[] c, int k, Score into) {
          return score(p, x, c, k, 1.0, into);
        }

        public static double score(
            Model.Params p, double[] x, double[] c, int k, double seed, Score into) {
          into.bind(p, x);
          double s = k * c[0] * x[0];
          double[] z = new double[p.W().length];
          for (int i = 0; i < z.length; i++) {
            z[i] = p.b()[i];
            for (int j = 0; j < x.length; j++) {
              z[i] += p.W()[i][j] * x[j];
            }
            s += p.u()[i] * Math.tanh(z[i]);
          }
          double ds = SEED;
          into.x[0] += ds * k * c[0];
          for (int i = 0; i < z.length; i++) {
            double h = Math.tanh(z[i]);
            into.p.u()[i] += ds * h;
            double delta = ds * p.u()[i] * (1 - h * h);
            into.p.b()[i] += delta;
            for (int j = 0; j < x.length; j++) {
              into.p.W()[i][j] += delta * x[j];
              into.x[j] += p.W()[i][j] * delta;
            }
          }
          into.value = s;
          return s;
        }
      }
      """;

  private static final String INNER_COMPANION =
      """
      package demo;

      public final class Model_Inner_Grad {
        public static final class Square {
          private double value;
          private double x;
          public Square() {}
          public static Square zerosLike(double x) { return new Square(); }
          public double value() { return value; }
          public double x() { return x; }
          public void zero() { x = 0; }
        }
        public static Square square(double x) {
          Square holder = new Square();
          square(x, holder);
          return holder;
        }
        public static double square(double x, Square into) { return square(x, 1.0, into); }
        public static double square(double x, double seed, Square into) {
          into.x += seed * 2 * x;
          into.value = x * x;
          return into.value;
        }
      }
      """;

  private static GeneratedClassLoader compile(String seedExpression) {
    Compilation compilation =
        InMemoryCompiler.plainJavac()
            .compile(
                MODEL,
                JavaFileObjects.forSourceString(
                    "demo.Model_Grad", COMPANION.replace("SEED", seedExpression)),
                JavaFileObjects.forSourceString("demo.Model_Inner_Grad", INNER_COMPANION));
    assertThat(compilation).succeededWithoutWarnings();
    return new GeneratedClassLoader(compilation);
  }

  @Test
  void drivesAHandWrittenCompanion() throws Exception {
    GeneratedClassLoader loader = compile("seed");
    assertThat(loader.classNames()).contains("demo.Model_Grad$Score");
    GradientFunction score = GradientFunction.of(loader.load("demo.Model"), "score");
    assertThat(score.name()).isEqualTo("demo.Model.score");
    assertThat(score.differentiableParameters()).containsExactly(0, 1).inOrder();
    Random random = new Random(1);
    for (int trial = 0; trial < 3; trial++) {
      Object[] args = score.sampleArguments(random);
      GradientCheck.check(score, args).assertPassed(GradientCheck.TOLERANCE);
      CompanionContract.check(score, args);
    }
  }

  @Test
  void nestedClassesHaveUnderscoredCompanions() {
    GeneratedClassLoader loader = compile("seed");
    Class<?> inner = loader.load("demo.Model$Inner");
    assertThat(GradientFunction.companionName(inner)).isEqualTo("demo.Model_Inner_Grad");
    GradientFunction square = GradientFunction.of(inner, "square");
    assertThat(square.fresh(3.0).snapshot().get("x")).usingExactEquality().containsExactly(6.0);
  }

  @Test
  void contractCatchesAnIgnoredSeed() {
    GradientFunction score =
        GradientFunction.of(compile("1.0").load("demo.Model"), "score");
    Object[] args = score.sampleArguments(new Random(2));
    AssertionError error =
        assertThrows(AssertionError.class, () -> CompanionContract.check(score, args));
    assertThat(error).hasMessageThat().contains("m(args, 2.5, into) vs seed * gradient");
  }

  @Test
  void checkCatchesAWrongGradient() {
    GradientFunction score =
        GradientFunction.of(compile("seed * 1.001").load("demo.Model"), "score");
    GradientReport report = GradientCheck.check(score, score.sampleArguments(new Random(3)));
    assertThat(report.passed(GradientCheck.TOLERANCE)).isFalse();
    assertThat(report.describe(GradientCheck.TOLERANCE)).contains("GRADIENT MISMATCH in demo.Model.score");
  }
}
