package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * How errors are reported as a whole: a class with errors gets no companion, every error of a class
 * is reported (not just the first), and valid code compiles without a single warning.
 */
class ErrorReportingTest {

  private static final String GOOD =
      """
      @Differentiable
      public static double square(double x) {
        return x * x;
      }
      """;

  @Test
  void validClassGetsCompanion() {
    // The control for the tests below: the recording compiler does see a companion when one is written.
    assertThat(UserSource.writtenSources(UserSource.model(GOOD))).containsExactly("demo.Model_Grad");
  }

  @Test
  void classWithErrorsGetsNoCompanion() {
    JavaFileObject source =
        UserSource.model(
            GOOD
                + """

                @Differentiable
                public static double bad(double x) {
                  try {
                    return x;
                  } finally {
                    x = 0;
                  }
                }
                """);
    Compilation compilation = UserSource.compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleUnsupportedStatement]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "try {"));
    assertThat(UserSource.writtenSources(source)).isEmpty();
  }

  @Test
  void allErrorsOfAClassAreReported() {
    JavaFileObject source =
        UserSource.model(
            """
            static double scale = 2;

            @Differentiable
            public static double first(double x, double[] v) {
              v[0] = x;
              return x;
            }

            @Differentiable
            public static double second(double x) {
              return x * scale;
            }

            @Differentiable
            public double third(double x) {
              return x;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(3);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleParameterWrite]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "v[0] = x;"));
    assertThat(compilation)
        .hadErrorContaining("[ChainruleFieldAccess]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "x * scale"));
    assertThat(compilation)
        .hadErrorContaining("[ChainruleNotStatic]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "public double third"));
  }

  @Test
  void allErrorsOfOneMethodAreReported() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double score(double x, double[] v) {
              v[0] = x;
              double y = Helper.plain(x);
              return y + Math.random();
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(3);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleParameterWrite]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "v[0] = x;"));
    assertThat(compilation)
        .hadErrorContaining("[ChainruleUnsupportedCall] cannot differentiate through Helper.plain(double)")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "Helper.plain(x)"));
    assertThat(compilation)
        .hadErrorContaining("[ChainruleUnsupportedCall] cannot differentiate through Math.random()")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "Math.random()"));
  }

  @Test
  void errorsInSeveralClassesAreAllReported() {
    JavaFileObject first =
        com.google.testing.compile.JavaFileObjects.forSourceString(
            "demo.First",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public class First {
              @Differentiable
              public static double f(double x) {
                return (float) x;
              }
            }
            """);
    JavaFileObject second =
        com.google.testing.compile.JavaFileObjects.forSourceString(
            "demo.Second",
            """
            package demo;

            import io.github.chainrule.Differentiable;

            public class Second {
              @Differentiable
              public double g(double x) {
                return x;
              }
            }
            """);
    Compilation compilation = UserSource.compile(first, second);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[ChainruleUnsupportedExpression]").inFile(first).onLine(8);
    assertThat(compilation).hadErrorContaining("[ChainruleNotStatic]").inFile(second).onLine(7);
  }

  @Test
  void validCodeCompilesWithoutWarnings() {
    JavaFileObject source =
        UserSource.model(
            """
            static final double HALF = 0.5;

            /** The lecture's network, with most of the subset on the way. */
            @Differentiable
            public static double score(Params p, double[] x, @NoGrad double[] target, int k, boolean on) {
              double[][] W = p.W();
              double[] h = new double[W.length];
              for (int i = 0; i < W.length; i++) {
                double[] row = W[i];
                double s = p.b()[i];
                for (int j = 0; j < row.length; j++) {
                  s += row[j] * x[j];
                }
                h[i] = 1 / (1 + Math.exp(-s));
              }
              double loss = 0;
              int i = 0;
              outer:
              while (true) {
                for (double t : target) {
                  if (i >= h.length) {
                    break outer;
                  }
                  double d = h[i] - t;
                  loss += on ? d * d * HALF : Math.abs(d);
                  i++;
                }
                if (target.length == 0) {
                  break;
                }
              }
              var scaled = loss * Math.max(p.c()[0], 1e-3);
              long n = k;
              do {
                scaled = Math.sqrt(scaled * scaled + 1) - 1 + scaled / (n + 1);
                n--;
              } while (n > 0);
              return k % 2 == 0 ? helper(scaled) : -helper(-scaled);
            }

            @Differentiable
            static double helper(double y) {
              return Math.tanh(y) + Math.log1p(y * y);
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("demo.Model_Grad");
  }

  /**
   * One mistake should give one error. Today a rejected declaration leaves its variable undeclared,
   * so every later use adds "[ChainruleUnknownType] cannot resolve 'y'" (processor problem: cascading
   * errors).
   */
  @Test
  void oneMistakeGivesOneError() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double score(double x) {
              float y = 1;
              return x * y;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(1);
  }

  @Test
  void everyBadParameterTypeIsReportedOnItsOwnParameter() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            static double loss(float[] w,
                double[] x,
                float scale) {
              return 0;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(2);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleParameterType] parameter 'w' has type float[]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "loss(float[] w"));
    assertThat(compilation)
        .hadErrorContaining("declare it as double[]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "loss(float[] w"));
    assertThat(compilation)
        .hadErrorContaining("[ChainruleParameterType] parameter 'scale' has type float")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "float scale)"));
  }

  @Test
  void aPrivateRecordGivesOneTaggedErrorAndNoCompanion() {
    JavaFileObject source =
        UserSource.model(
            """
            private record Weights(double[][] W, double[] b) {}

            @Differentiable
            static double score(Weights p, double[] x) {
              double s = p.b()[0];
              for (int j = 0; j < x.length; j++) {
                s += p.W()[0][j] * x[j];
              }
              return s;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleNotAccessible] record 'Weights': it is private")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "static double score(Weights p"));
    assertThat(UserSource.writtenSources(source)).isEmpty();
  }

  /**
   * With every lint on, processing included, a build that uses only chainrule's annotations gets
   * no "No processor claimed any of these annotations" warning: the processor claims its own.
   */
  @Test
  void chainruleAnnotationsAreClaimedUnderEveryLint() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            static double loss(double[] w, @NoGrad double[] x) {
              return w[0] * x[0];
            }

            static double f(double x) {
              return x;
            }

            @Derivative(of = "f")
            static double fAdjoint(double x, double seed) {
              return seed;
            }
            """);
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(UserSource.processors())
            .withOptions("-Xlint:all")
            .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
  }

  /**
   * A local class's method is reported also when the class around it has @Differentiable methods
   * that the main processor claims first (the order of the processor path).
   */
  @Test
  void methodInLocalClassIsRejectedBesideClaimedAnnotations() {
    JavaFileObject source =
        UserSource.model(
            GOOD
                + """

                static double outer(double x) {
                  Object o = new Object() {
                    @Differentiable
                    static double inner(double y) {
                      return y * y;
                    }
                  };
                  return x + o.hashCode();
                }
                """);
    Compilation compilation = UserSource.compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleNotAccessible] @Differentiable methods must be declared in a top-level")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "static double inner"));
  }

  /**
   * javac does not report elements of local and anonymous classes to processors, so a
   * {@code @Differentiable} method there is silently ignored: no companion and no error.
   */
  @Test
  void methodInLocalClassIsRejected() {
    JavaFileObject source =
        UserSource.model(
            """
            static double outer(double x) {
              class Local {
                @Differentiable
                static double inner(double y) {
                  return y * y;
                }
              }
              return x;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleNotAccessible]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "static double inner"));
  }
}
