package io.github.chainrule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The compared benchmarks compute the same numbers: each benchmark's state is set up as JMH sets
 * it up, each benchmark method is called once, and the generated holder must then hold the
 * hand-written gradient (up to summation order) and the same value as the forward pass.
 */
class BenchmarkGradientsTest {
  /** Sums run in different orders (the backward sweep walks rows in reverse), so allow rounding. */
  private static final double TOLERANCE = 1e-12;

  @Test
  void lectureGeneratedGradientIsTheHandWrittenOne() {
    LectureBenchmark bench = new LectureBenchmark();
    bench.setUp();
    double forward = bench.forward();
    double generated = bench.generated();
    double hand = bench.handWritten();

    assertClose(forward, generated, "value (generated)");
    assertClose(forward, hand, "value (hand-written)");
    LectureNetwork.Params g = bench.holder.p();
    for (int i = 0; i < Inputs.HIDDEN; i++) {
      assertClose(bench.hand.dW[i], g.W()[i], "dW[" + i + "]");
    }
    assertClose(bench.hand.db, g.b(), "db");
    assertClose(bench.hand.du, g.u(), "du");
    assertClose(bench.hand.dx, bench.holder.x(), "dx");
    assertNotAllZero(bench.hand.dx, "dx");
  }

  @Test
  void windowLossGeneratedGradientIsTheHandWrittenOne() {
    WindowLossBenchmark bench = new WindowLossBenchmark();
    bench.vocab = 1000;
    bench.setUp(); // calls generated() once
    bench.holder = new io.github.chainrule.example.ner.model.NerNetwork_Grad.Loss();
    double forward = bench.forward();
    assertClose(forward, bench.generated(), "value (generated)");
    assertClose(forward, bench.handWritten(), "value (hand-written)");
    io.github.chainrule.example.ner.model.NerParams g = bench.holder.p();
    for (int i = 0; i < g.W().length; i++) {
      assertClose(bench.hand.dW[i], g.W()[i], "dW[" + i + "]");
    }
    for (int u = 0; u < 5; u++) {
      assertClose(bench.hand.dE[u], g.words()[u], "dE[" + u + "]");
    }
    for (int k = 0; k < g.U().length; k++) {
      assertClose(bench.hand.dU[k], g.U()[k], "dU[" + k + "]");
    }
    assertClose(bench.hand.db, g.b(), "db");
    assertClose(bench.hand.dc, g.c(), "dc");
    assertNotAllZero(bench.hand.dE[0], "dE[0]");
  }

  @Test
  void stepProductsAreTheLayersForwardAndItsThreeAdjointProducts() {
    StepProductsBenchmark bench = new StepProductsBenchmark();
    bench.batch = 33;
    bench.threads = 2;
    double[][] a;
    try {
      bench.setUp();
      a = bench.forwardAndAdjoint();
    } finally {
      io.github.chainrule.runtime.parallel.OpThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
    for (int r = 0; r < bench.batch; r++) {
      double[] expected = new double[StepProductsBenchmark.HIDDEN];
      double[] dx = new double[StepProductsBenchmark.INPUTS];
      for (int i = 0; i < StepProductsBenchmark.HIDDEN; i++) {
        for (int j = 0; j < StepProductsBenchmark.INPUTS; j++) {
          expected[i] += bench.w[i][j] * bench.x[r][j];
          dx[j] += bench.g[r][i] * bench.w[i][j];
        }
      }
      assertClose(expected, a[r], "A[" + r + "]");
      assertClose(dx, bench.dX[r], "dX[" + r + "]");
    }
    for (int i = 0; i < StepProductsBenchmark.HIDDEN; i++) {
      double[] dw = new double[StepProductsBenchmark.INPUTS];
      double db = 0;
      for (int r = 0; r < bench.batch; r++) {
        db += bench.g[r][i];
        for (int j = 0; j < StepProductsBenchmark.INPUTS; j++) {
          dw[j] += bench.g[r][i] * bench.x[r][j];
        }
      }
      assertClose(dw, bench.dW[i], "dW[" + i + "]");
      assertClose(db, bench.db[i], "db[" + i + "]");
    }
    assertNotAllZero(bench.dW[0], "dW[0]");
  }

  @Test
  void lectureGradientsAccumulateAlike() {
    LectureBenchmark bench = new LectureBenchmark();
    bench.setUp();
    for (int call = 0; call < 3; call++) {
      bench.generated();
      bench.handWritten();
    }
    assertClose(bench.hand.db, bench.holder.p().b(), "db after 3 calls");
    assertClose(bench.hand.dx, bench.holder.x(), "dx after 3 calls");
  }

  @Test
  void scalarRecurrenceGeneratedGradientIsTheHandWrittenOne() {
    RecurrenceBenchmark bench = new RecurrenceBenchmark();
    bench.setUp();
    double forward = bench.scalarForward();
    assertClose(forward, bench.scalarGenerated(), "value (generated)");
    assertClose(forward, bench.scalarHandWritten(), "value (hand-written)");
    assertClose(bench.scalarHand.da, bench.scalarHolder.a(), "da");
    assertClose(bench.scalarHand.dx, bench.scalarHolder.x(), "dx");
    assertNotAllZero(bench.scalarHand.dx, "dx");
  }

  @Test
  void rnnGeneratedGradientIsTheHandWrittenOne() {
    RecurrenceBenchmark bench = new RecurrenceBenchmark();
    bench.setUp();
    double forward = bench.rnnForward();
    assertClose(forward, bench.rnnGenerated(), "value (generated)");
    assertClose(forward, bench.rnnHandWritten(), "value (hand-written)");
    assertClose(bench.rnnHand.dw, bench.rnnHolder.w(), "dw");
    assertClose(bench.rnnHand.dv, bench.rnnHolder.v(), "dv");
    assertClose(bench.rnnHand.dx, bench.rnnHolder.x(), "dx");
    assertNotAllZero(bench.rnnHand.dw, "dw");
  }

  @Test
  void handWrittenScalarRecurrenceMatchesCentralDifferences() {
    // The hand-written references are themselves checked, so that "equals the hand-written
    // gradient" means "is right". One coordinate of each kind is enough here: the generated
    // code is checked against central differences by the processor's corpus tests.
    RecurrenceBenchmark bench = new RecurrenceBenchmark();
    bench.setUp();
    int steps = 200;
    HandWrittenRecurrences.Scalar hand = new HandWrittenRecurrences.Scalar(bench.x.length, steps);
    hand.addGradient(bench.a, bench.x, steps);
    double h = 1e-6;
    double numericA =
        (Recurrences.scalar(bench.a + h, bench.x, steps)
                - Recurrences.scalar(bench.a - h, bench.x, steps))
            / (2 * h);
    assertEquals(numericA, hand.da, 1e-7, "da");
    double[] xp = bench.x.clone();
    double[] xm = bench.x.clone();
    xp[5] += h;
    xm[5] -= h;
    double numericX = (Recurrences.scalar(bench.a, xp, steps) - Recurrences.scalar(bench.a, xm, steps)) / (2 * h);
    assertEquals(numericX, hand.dx[5], 1e-7, "dx[5]");
  }

  @Test
  void handWrittenRnnMatchesCentralDifferences() {
    RecurrenceBenchmark bench = new RecurrenceBenchmark();
    bench.setUp();
    int steps = 200;
    HandWrittenRecurrences.Rnn hand =
        new HandWrittenRecurrences.Rnn(bench.w.length, bench.x.length, steps);
    hand.addGradient(bench.w, bench.v, bench.x, steps);
    double h = 1e-6;
    for (int k = 0; k < bench.w.length; k++) {
      double[] wp = bench.w.clone();
      double[] wm = bench.w.clone();
      wp[k] += h;
      wm[k] -= h;
      double numeric =
          (Recurrences.rnn(wp, bench.v, bench.x, steps) - Recurrences.rnn(wm, bench.v, bench.x, steps))
              / (2 * h);
      assertEquals(numeric, hand.dw[k], 1e-7, "dw[" + k + "]");
    }
    double[] xp = bench.x.clone();
    double[] xm = bench.x.clone();
    xp[3] += h;
    xm[3] -= h;
    double numericX =
        (Recurrences.rnn(bench.w, bench.v, xp, steps) - Recurrences.rnn(bench.w, bench.v, xm, steps))
            / (2 * h);
    assertEquals(numericX, hand.dx[3], 1e-7, "dx[3]");
  }

  @Test
  void handWrittenLectureGradientMatchesCentralDifferences() {
    LectureBenchmark bench = new LectureBenchmark();
    bench.setUp();
    bench.handWritten();
    double h = 1e-6;
    LectureNetwork.Params p = bench.params;
    double saved = p.W()[7][11];
    p.W()[7][11] = saved + h;
    double plus = LectureNetwork.score(p, bench.x);
    p.W()[7][11] = saved - h;
    double minus = LectureNetwork.score(p, bench.x);
    p.W()[7][11] = saved;
    assertEquals((plus - minus) / (2 * h), bench.hand.dW[7][11], 1e-7, "dW[7][11]");
  }

  private static void assertClose(double expected, double actual, String what) {
    double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual)));
    assertTrue(
        Math.abs(expected - actual) <= TOLERANCE * scale,
        () -> what + ": expected " + expected + " but was " + actual);
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  private static void assertNotAllZero(double[] v, String what) {
    for (double d : v) {
      if (d != 0.0) {
        return;
      }
    }
    throw new AssertionError(what + " is all zero: the comparison would prove nothing");
  }
}
