package io.github.chainrule.benchmarks;

import java.util.Random;

/** Seeded inputs shared by the benchmarks and their tests, so both see the same numbers. */
public final class Inputs {
  private Inputs() {}

  /** Rows of the lecture network's W. */
  public static final int HIDDEN = 200;
  /** Length of the lecture network's x. */
  public static final int INPUT = 250;
  /** Steps of the recurrences. */
  public static final int STEPS = 10_000;
  /** Length of the recurrences' x (read cyclically). */
  public static final int SEQUENCE = 64;
  /** Width of the RNN state. */
  public static final int WIDTH = 8;

  /** Parameters with Xavier-like scale, so that tanh is neither linear nor saturated. */
  public static LectureNetwork.Params lectureParams(long seed) {
    Random random = new Random(seed);
    double[][] W = new double[HIDDEN][INPUT];
    double scale = 1.0 / Math.sqrt(INPUT);
    for (double[] row : W) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() * scale;
      }
    }
    return new LectureNetwork.Params(W, gaussian(random, HIDDEN, 0.1), gaussian(random, HIDDEN, 1.0));
  }

  /** A vector of {@code n} N(0, scale^2) numbers. */
  public static double[] gaussian(Random random, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * scale;
    }
    return v;
  }
}
