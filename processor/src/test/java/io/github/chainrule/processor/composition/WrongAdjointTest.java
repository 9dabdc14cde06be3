package io.github.chainrule.processor.composition;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientCheck;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.GradientReport;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import io.github.chainrule.processor.testing.PullbackFunction;
import io.github.chainrule.processor.testing.SourceDirectory;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deliberately wrong {@code @Derivative} compiles (the processor trusts the user's adjoint once
 * its signature is right), and the corpus tooling's numerical check catches it: the report fails
 * and names exactly the wrong coordinates, for a scalar result, an array result (through the
 * pullback), several scalar parameters, and a correct caller of a wrong adjoint.
 */
class WrongAdjointTest {
  private static final String FOLDER = "composition/wrong";
  private static Class<?> wrong;

  @BeforeAll
  static void compile() {
    Compilation compilation = InMemoryCompiler.compileWithChainrule(SourceDirectory.load(FOLDER));
    assertWithMessage(InMemoryCompiler.describe(compilation.diagnostics()))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    wrong = new GeneratedClassLoader(compilation).load("composition.wrong.WrongAdjoints");
  }

  @Test
  void scalarResultReportNamesTheWrongCoordinate() {
    GradientFunction f = GradientFunction.of(wrong, "weightedSquares");
    GradientReport report = GradientCheck.check(f, new Object[] {new double[] {0.3, -0.5, 0.7, 0.2}});
    String text = report.describe(GradientCheck.TOLERANCE);

    assertThat(report.passed(GradientCheck.TOLERANCE)).isFalse();
    assertThat(failingCoordinates(report)).containsExactly("x[2]");
    assertThat(text).contains("GRADIENT MISMATCH in composition.wrong.WrongAdjoints.weightedSquares");
    assertThat(text).contains("1 outside");
    assertThat(text).containsMatch("(?m)^\\s+x\\[2\\]\\s+0\\.7");
    // analytic 2 * 0.7 = 1.4 (weight forgotten), numeric 3 * 2 * 0.7 = 4.2
    assertThat(text).containsMatch("x\\[2\\]\\s+0\\.700000\\s+1\\.39999\\d*\\s+4\\.19999|x\\[2\\]\\s+0\\.700000\\s+1\\.4\\d*\\s+4\\.2");
    assertThat(text).doesNotContain("x[0]");
    assertThat(text).doesNotContain("x[1]");
    assertThat(text).doesNotContain("x[3]");
  }

  @Test
  void arrayResultReportNamesTheWrongScalarParameter() {
    PullbackFunction f = PullbackFunction.of(wrong, "scale");
    GradientReport report =
        GradientCheck.checkPullback(
            f, new Object[] {new double[] {0.4, -1.2, 0.9}, 1.5}, new double[] {0.5, -0.25, 2.0});
    String text = report.describe(GradientCheck.TOLERANCE);

    assertThat(failingCoordinates(report)).containsExactly("c");
    assertThat(text).contains("GRADIENT MISMATCH in composition.wrong.WrongAdjoints.scale with upstream");
    assertThat(text).containsMatch("(?m)^\\s+c\\s+1\\.5");
    assertThat(text).doesNotContain("x[");
  }

  @Test
  void swappedScalarGradientsAreBothNamed() {
    GradientFunction f = GradientFunction.of(wrong, "mul");
    GradientReport report = GradientCheck.check(f, new Object[] {0.5, -1.5});

    assertThat(failingCoordinates(report)).containsExactly("a", "b");
    // dmul/da = b = -1.5, the adjoint says a = 0.5
    GradientReport.Entry a = report.failures(GradientCheck.TOLERANCE).stream()
        .filter(e -> e.coordinate().equals("a")).findFirst().orElseThrow();
    assertThat(a.analytic()).isEqualTo(0.5);
    assertThat(a.numeric()).isWithin(1e-8).of(-1.5);
  }

  @Test
  void correctCallerOfAWrongAdjointIsWrongWhereTheAdjointIs() {
    GradientFunction f = GradientFunction.of(wrong, "caller");
    GradientReport report =
        GradientCheck.check(f, new Object[] {new double[] {0.3, -0.5, 0.7, 0.2}, 1.25});
    String text = report.describe(GradientCheck.TOLERANCE);

    assertThat(failingCoordinates(report)).containsExactly("v[2]", "t");
    assertThat(text).contains("v[2]");
    assertThat(text).doesNotContain("v[0]");
    assertThat(text).doesNotContain("v[1]");
    assertThat(text).doesNotContain("v[3]");
  }

  private static List<String> failingCoordinates(GradientReport report) {
    return report.failures(GradientCheck.TOLERANCE).stream().map(GradientReport.Entry::coordinate).toList();
  }
}
