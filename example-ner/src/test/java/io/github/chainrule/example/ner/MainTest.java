package io.github.chainrule.example.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void lectureCommandPrintsGradientsAndBothChecksPass() {
    StringWriter text = new StringWriter();
    int code = Main.run(new PrintWriter(text), "lecture");
    String out = text.toString();
    assertEquals(0, code, out);
    assertTrue(out.contains("score s = "), out);
    assertTrue(out.contains("ds/dW  (3 x 10"), out);
    assertTrue(out.contains("check 1, central differences"), out);
    assertTrue(out.contains("check 2, the lecture's delta formulas"), out);
    assertTrue(!out.contains("FAILED"), out);
  }

  @Test
  void generatedGradientEqualsTheLectureFormulas() {
    WindowModel.Params p = LectureExample.parameters();
    double[] x = LectureExample.window();
    WindowModel_Grad.Score g = WindowModel_Grad.score(p, x);
    double[] dx = new double[x.length];
    WindowModel.Params byHand = WindowModel.lectureGradient(p, x, dx);

    assertEquals(WindowModel.score(p, x), g.value(), 0.0);
    for (int i = 0; i < p.W().length; i++) {
      assertArrayClose(byHand.W()[i], g.p().W()[i]);
    }
    assertArrayClose(byHand.b(), g.p().b());
    assertArrayClose(byHand.u(), g.p().u());
    assertArrayClose(dx, g.x());
  }

  @Test
  void accumulateFormAddsAndZeroClears() {
    WindowModel.Params p = LectureExample.parameters();
    double[] x = LectureExample.window();
    WindowModel_Grad.Score once = WindowModel_Grad.score(p, x);

    WindowModel_Grad.Score into = WindowModel_Grad.Score.zerosLike(p, x);
    double value = WindowModel_Grad.score(p, x, into);
    WindowModel_Grad.score(p, x, into);
    assertEquals(once.value(), value, 0.0);
    for (int i = 0; i < p.b().length; i++) {
      assertEquals(2 * once.p().b()[i], into.p().b()[i], 1e-12);
    }
    into.zero();
    for (double v : into.x()) {
      assertEquals(0.0, v, 0.0);
    }
  }

  @Test
  void helpMentionsTheNetwork() {
    StringWriter text = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(text), "lecture", "--help"));
    assertTrue(text.toString().contains("u . sigmoid(W x + b)"), text.toString());
  }

  private static void assertArrayClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], 1e-12, "index " + k);
    }
  }
}
