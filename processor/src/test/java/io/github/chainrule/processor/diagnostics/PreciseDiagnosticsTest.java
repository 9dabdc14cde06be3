package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics that name what the user wrote and nothing else: the parameter by its own name, one
 * error for a refused declaration (its later uses add none), and every problem of one construct.
 */
class PreciseDiagnosticsTest {

  @Test
  void returningAParameterArrayNamesTheParameter() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double[] same(double c, double[] xs) {
              return xs;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleArrayAlias] this returns (or may return) parameter array 'xs'")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "return xs;"));
  }

  @Test
  void returningARowOfARecordMatrixNamesTheComponent() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double[] row(Params p) {
              double[] r = p.W()[0];
              return r;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(1);
    assertWithMessage(UserSource.describe(compilation))
        .that(UserSource.firstLine(compilation.errors().get(0)))
        .doesNotContain("'result'");
    assertThat(compilation)
        .hadErrorContaining("[ChainruleArrayAlias]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "return r;"));
  }

  @Test
  void aRefusedDeclarationIsReportedOnceNotAtEachUse() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double cube(double[] x) {
              double[][][] t = new double[2][2][2];
              double s = t[0][0][0] + x[0];
              t[1][1][1] = s;
              return s + t[1][1][1];
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleLocalType] local variables of type double[][][]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "double[][][] t"));
  }

  @Test
  void aVarWhoseInitializerIsRefusedIsReportedOnce() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double late(double x) {
              var t = Helper.same(x);
              return x * t;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(1);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleUnsupportedCall]")
        .inFile(source)
        .onLine(UserSource.lineContaining(source, "var t"));
  }

  @Test
  void anAssignmentInsideAnExpressionReportsItsOtherProblemsToo() {
    JavaFileObject source =
        UserSource.model(
            """
            @Differentiable
            public static double twice(double[] arr) {
              double res = 0;
              int i = 0;
              res += (arr[i] *= 5);
              return res;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(2);
    long line = UserSource.lineContaining(source, "res += (arr[i] *= 5)");
    assertThat(compilation)
        .hadErrorContaining("[ChainruleUnsupportedExpression] an assignment inside an expression")
        .inFile(source)
        .onLine(line);
    assertThat(compilation)
        .hadErrorContaining("[ChainruleParameterWrite] cannot write into parameter array 'arr'")
        .inFile(source)
        .onLine(line);
  }

  @Test
  void theValueOfANestedAssignmentIsCheckedToo() {
    JavaFileObject source =
        UserSource.model(
            """
            static double counter = 1;

            @Differentiable
            public static double nested(double x) {
              double res = 0;
              res += (res = counter);
              return res + x;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertWithMessage(UserSource.describe(compilation)).that(compilation.errors()).hasSize(2);
    assertThat(compilation).hadErrorContaining("[ChainruleUnsupportedExpression]");
    assertThat(compilation).hadErrorContaining("[ChainruleFieldAccess] cannot read field 'counter'");
  }
}
