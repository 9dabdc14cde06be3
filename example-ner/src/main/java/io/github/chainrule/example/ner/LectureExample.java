package io.github.chainrule.example.ner;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Runs the lecture's network once on a fixed window and prints the score and every gradient that
 * chainrule's generated {@code WindowModel_Grad} computed, then checks them two ways: against
 * central differences of {@link WindowModel#score} and against the lecture's hand-derived delta
 * formulas ({@link WindowModel#lectureGradient}).
 */
public final class LectureExample {
  /** The lecture's window, centre word "Paris". */
  static final String[] WINDOW = {"museums", "in", "Paris", "are", "amazing"};

  /** Word vectors, d = 2 (made up, fixed). */
  static final double[][] WORD_VECTORS = {
    {0.2, -0.4}, {0.1, 0.3}, {0.9, 0.5}, {-0.3, 0.2}, {0.6, -0.1},
  };

  /** Hidden layer width n. */
  static final int HIDDEN = 3;

  private final PrintWriter out;

  public LectureExample(PrintWriter out) {
    this.out = out;
  }

  /** The window's word vectors concatenated, x in R^(5 d). */
  static double[] window() {
    int d = WORD_VECTORS[0].length;
    double[] x = new double[WORD_VECTORS.length * d];
    for (int w = 0; w < WORD_VECTORS.length; w++) {
      System.arraycopy(WORD_VECTORS[w], 0, x, w * d, d);
    }
    return x;
  }

  /** Fixed, smallish parameters (a deterministic pattern, not trained). */
  static WindowModel.Params parameters() {
    int inputs = WORD_VECTORS.length * WORD_VECTORS[0].length;
    double[][] w = new double[HIDDEN][inputs];
    for (int i = 0; i < HIDDEN; i++) {
      for (int j = 0; j < inputs; j++) {
        w[i][j] = Math.round(100 * Math.sin(1.0 + 3 * i + 0.7 * j)) / 100.0;
      }
    }
    double[] b = {0.1, -0.2, 0.05};
    double[] u = {0.5, -0.3, 0.8};
    return new WindowModel.Params(w, b, u);
  }

  /**
   * Prints the example and returns whether both checks passed.
   *
   * @param step the central-difference step h
   * @param tolerance the largest relative error accepted, per coordinate
   */
  public boolean run(double step, double tolerance) {
    WindowModel.Params p = parameters();
    double[] x = window();

    WindowModel_Grad.Score g = WindowModel_Grad.score(p, x);

    out.println("The lecture's network  s = u . sigmoid(W x + b)");
    out.printf(Locale.ROOT, "window: %s   (d = %d, n = %d)%n",
        String.join(" ", WINDOW), WORD_VECTORS[0].length, HIDDEN);
    out.println();
    out.printf(Locale.ROOT, "score s = %.6f%n", g.value());
    out.println();
    out.printf(Locale.ROOT, "ds/dW  (%d x %d, = delta x^T)%n", p.W().length, x.length);
    for (double[] row : g.p().W()) {
      out.println("  " + format(row));
    }
    out.printf(Locale.ROOT, "ds/db  (%d, = delta = u o sigmoid'(z))%n", p.b().length);
    out.println("  " + format(g.p().b()));
    out.printf(Locale.ROOT, "ds/du  (%d, = h)%n", p.u().length);
    out.println("  " + format(g.p().u()));
    out.printf(Locale.ROOT, "ds/dx  (%d, = W^T delta), per word:%n", x.length);
    int d = WORD_VECTORS[0].length;
    for (int w = 0; w < WINDOW.length; w++) {
      double[] part = new double[d];
      System.arraycopy(g.x(), w * d, part, 0, d);
      out.printf(Locale.ROOT, "  %-8s %s%n", WINDOW[w], format(part));
    }
    out.println();

    double numeric = worstAgainstCentralDifferences(p, x, g, step);
    boolean numericOk = numeric <= tolerance;
    out.printf(Locale.ROOT,
        "check 1, central differences (h = %.0e): max relative error %.2e  %s%n",
        step, numeric, numericOk ? "OK" : "FAILED (tolerance " + tolerance + ")");

    double[] dx = new double[x.length];
    WindowModel.Params byHand = WindowModel.lectureGradient(p, x, dx);
    double formulas = Math.max(
        Math.max(maxAbsDiff(byHand.W(), g.p().W()), maxAbsDiff(byHand.b(), g.p().b())),
        Math.max(maxAbsDiff(byHand.u(), g.p().u()), maxAbsDiff(dx, g.x())));
    boolean formulasOk = formulas <= 1e-12;
    out.printf(Locale.ROOT,
        "check 2, the lecture's delta formulas: max abs difference %.2e  %s%n",
        formulas, formulasOk ? "OK" : "FAILED");
    out.flush();
    return numericOk && formulasOk;
  }

  /** The largest relative error, over every coordinate of W, b, u and x. */
  static double worstAgainstCentralDifferences(
      WindowModel.Params p, double[] x, WindowModel_Grad.Score g, double step) {
    DoubleSupplier f = () -> WindowModel.score(p, x);
    double worst = 0.0;
    for (int i = 0; i < p.W().length; i++) {
      worst = Math.max(worst, worstFor(p.W()[i], g.p().W()[i], f, step));
    }
    worst = Math.max(worst, worstFor(p.b(), g.p().b(), f, step));
    worst = Math.max(worst, worstFor(p.u(), g.p().u(), f, step));
    worst = Math.max(worst, worstFor(x, g.x(), f, step));
    return worst;
  }

  /** Perturbs each entry of {@code values} in place (and restores it). */
  private static double worstFor(
      double[] values, double[] gradient, DoubleSupplier f, double step) {
    double worst = 0.0;
    for (int k = 0; k < values.length; k++) {
      double saved = values[k];
      values[k] = saved + step;
      double plus = f.getAsDouble();
      values[k] = saved - step;
      double minus = f.getAsDouble();
      values[k] = saved;
      double numeric = (plus - minus) / (2 * step);
      double scale = Math.max(1e-8, Math.abs(numeric) + Math.abs(gradient[k]));
      double error = Math.abs(numeric - gradient[k]) / scale;
      worst = Math.max(worst, error);
    }
    return worst;
  }

  private static double maxAbsDiff(double[][] a, double[][] b) {
    double worst = 0.0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, maxAbsDiff(a[i], b[i]));
    }
    return worst;
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double worst = 0.0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  private static String format(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(String.format(Locale.ROOT, "%8.4f", v[i]));
    }
    return sb.append(" ]").toString();
  }
}
