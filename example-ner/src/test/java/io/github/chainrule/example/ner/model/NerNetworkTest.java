package io.github.chainrule.example.ner.model;

import static com.google.common.truth.Truth.assertThat;

import io.github.chainrule.runtime.check.GradientCheck;
import io.github.chainrule.runtime.check.GradientReport;
import io.github.chainrule.runtime.ops.Dropout;
import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.ops.Losses;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated gradients of the NER losses against central differences, every feature on, with
 * dropout, for both objectives and each nonlinearity; the CRF and Viterbi against enumeration of
 * every tag sequence; and the prediction forward pass against the loss.
 */
class NerNetworkTest {
  static final int TAGS = 5;

  /** A small model: 3 positions (half window 1), every table used, 7 hidden units. */
  static NerParams params(Random r, int tags, boolean crf) {
    int w = 3;
    int in = w * (4 + 2 + 3 + 2 * 3 * 2);
    return new NerParams(
        m(r, 12, 4), m(r, 9, 2), m(r, 6, 3), m(r, 20, 2), m(r, 7, in), v(r, 7), m(r, tags, 7), v(r, tags),
        crf ? m(r, tags, tags) : new double[0][0], crf ? v(r, tags) : new double[0], crf ? v(r, tags) : new double[0]);
  }

  /** Ids of a batch of B windows of 3 positions; word 5 appears twice in window 0. */
  record Batch(int[][] words, int[][] casing, int[][] shapes, int[][] prefixes, int[][] suffixes, int[] labels) {
    static Batch random(Random r, int b) {
      int[][] words = ids(r, b, 3, 12);
      words[0][0] = 5;
      words[0][2] = 5;
      int[] labels = new int[b];
      for (int i = 0; i < b; i++) {
        labels[i] = r.nextInt(TAGS);
      }
      return new Batch(words, ids(r, b, 3, 9), ids(r, b, 3, 6), ids(r, b, 9, 20), ids(r, b, 9, 20), labels);
    }
  }

  @Test
  void softmaxLossGradientMatchesCentralDifferences() {
    for (int activation = 0; activation < 3; activation++) {
      Random r = new Random(11 + activation);
      NerParams p = params(r, TAGS, false);
      Batch x = Batch.random(r, 4);
      double[][] inMask = Dropout.maskMatrix(4, p.W()[0].length, 0.3, 5);
      double[][] hMask = Dropout.maskMatrix(4, 7, 0.3, 6);
      int a = activation;
      NerNetwork_Grad.Loss g =
          NerNetwork_Grad.loss(p, x.words(), x.casing(), x.shapes(), x.prefixes(), x.suffixes(), inMask, hMask, a, NerNetwork.SOFTMAX, x.labels(), new int[0]);
      GradientReport report =
          GradientCheck.of(
                  (NerParams q) ->
                      NerNetwork.loss(q, x.words(), x.casing(), x.shapes(), x.prefixes(), x.suffixes(), inMask, hMask, a, NerNetwork.SOFTMAX, x.labels(), new int[0]))
              .check(p, g.p());
      assertThat(report.failures()).isEmpty();
      assertThat(report.totalCoordinates()).isGreaterThan(300);
    }
  }

  @Test
  void crfLossGradientMatchesCentralDifferences() {
    Random r = new Random(21);
    NerParams p = params(r, TAGS, true);
    Batch x = Batch.random(r, 6);
    int[] sentences = {0, 1, 4, 6}; // lengths 1, 3 and 2
    double[][] none = new double[0][0];
    NerNetwork_Grad.Loss g =
        NerNetwork_Grad.loss(p, x.words(), x.casing(), x.shapes(), x.prefixes(), x.suffixes(), none, none, 0, NerNetwork.CRF, x.labels(), sentences);
    GradientReport report =
        GradientCheck.of(
                (NerParams q) ->
                    NerNetwork.loss(q, x.words(), x.casing(), x.shapes(), x.prefixes(), x.suffixes(), none, none, 0, NerNetwork.CRF, x.labels(), sentences))
            .check(p, g.p());
    assertThat(report.failures()).isEmpty();
  }

  @Test
  void lectureLossGradientMatchesCentralDifferencesAndTheDeltaFormulas() {
    Random r = new Random(31);
    NerParams p = params(r, 1, false);
    NerParams lecture = new NerParams(p.words(), new double[0][0], new double[0][0], new double[0][0], m(r, 7, 12), p.b(), p.U(), p.c(), new double[0][0], new double[0], new double[0]);
    int[][] windows = ids(r, 5, 3, 12);
    int[] isLocation = {1, 0, 0, 1, 1};
    for (int activation = 0; activation < 3; activation++) {
      int a = activation;
      LectureNetwork_Grad.Loss g = LectureNetwork_Grad.loss(lecture, windows, isLocation, a);
      GradientCheck.of((NerParams q) -> LectureNetwork.loss(q, windows, isLocation, a)).check(lecture, g.p()).assertPassed();
    }
    // The lecture's delta for one window, by hand: delta = u o f'(z) (sigma(s) - y), dJ/db = delta.
    int[][] one = {windows[0]};
    LectureNetwork_Grad.Loss g = LectureNetwork_Grad.loss(lecture, one, new int[] {1}, 2);
    double[] x = io.github.chainrule.runtime.ops.Embeddings.window(lecture.words(), one[0]);
    double[] z = Linalg.affine(lecture.W(), x, lecture.b());
    double s = 0;
    double[] h = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      h[i] = 1 / (1 + Math.exp(-z[i]));
      s += lecture.U()[0][i] * h[i];
    }
    double dJds = 1 / (1 + Math.exp(-s)) - 1;
    for (int i = 0; i < z.length; i++) {
      double delta = dJds * lecture.U()[0][i] * h[i] * (1 - h[i]);
      assertThat(g.p().b()[i]).isWithin(1e-15).of(delta);
      assertThat(g.p().U()[0][i]).isWithin(1e-15).of(dJds * h[i]);
    }
    assertThat(g.value()).isWithin(1e-15).of(Losses.logistic(s, 1));
  }

  @Test
  void crfIsTheLogOfTheSumOverEveryTagSequence() {
    Random r = new Random(41);
    int tags = 3;
    double[][] Z = m(r, 4, tags);
    double[][] T = m(r, tags, tags);
    double[] start = v(r, tags);
    double[] end = v(r, tags);
    int[] gold = {2, 0, 1, 1};
    double logZ = Double.NEGATIVE_INFINITY;
    double best = Double.NEGATIVE_INFINITY;
    int[] bestPath = null;
    for (int code = 0; code < 81; code++) {
      int[] y = {code % 3, code / 3 % 3, code / 9 % 3, code / 27 % 3};
      double score = score(Z, T, start, end, y);
      logZ = Math.max(logZ, score) + Math.log1p(Math.exp(-Math.abs(logZ - score)));
      if (score > best) {
        best = score;
        bestPath = y;
      }
    }
    assertThat(NerNetwork.crfNegativeLogLikelihood(Z, T, start, end, gold, 0, 4))
        .isWithin(1e-12)
        .of(logZ - score(Z, T, start, end, gold));
    assertThat(Viterbi.decode(Z, 0, 4, T, start, end)).isEqualTo(bestPath);
    // a sentence of one word
    assertThat(Viterbi.decode(Z, 2, 3, T, start, end)).hasLength(1);
  }

  @Test
  void predictionScoresAreWhatTheLossScores() {
    Random r = new Random(51);
    NerParams p = params(r, TAGS, false);
    Batch x = Batch.random(r, 5);
    double[][] none = new double[0][0];
    double[][] Z = NerNetwork.scores(p, x.words(), x.casing(), x.shapes(), x.prefixes(), x.suffixes(), 0);
    double loss = NerNetwork.loss(p, x.words(), x.casing(), x.shapes(), x.prefixes(), x.suffixes(), none, none, 0, NerNetwork.SOFTMAX, x.labels(), new int[0]);
    assertThat(loss).isEqualTo(Losses.crossEntropyBatch(Z, x.labels()));
  }

  private static double score(double[][] Z, double[][] T, double[] start, double[] end, int[] y) {
    double s = start[y[0]] + Z[0][y[0]] + end[y[y.length - 1]];
    for (int t = 1; t < y.length; t++) {
      s += T[y[t - 1]][y[t]] + Z[t][y[t]];
    }
    return s;
  }

  static int[][] ids(Random r, int rows, int cols, int bound) {
    int[][] ids = new int[rows][cols];
    for (int[] row : ids) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextInt(bound);
      }
    }
    return ids;
  }

  static double[][] m(Random r, int rows, int cols) {
    double[][] a = new double[rows][cols];
    for (double[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = 0.5 * r.nextGaussian();
      }
    }
    return a;
  }

  static double[] v(Random r, int n) {
    return m(r, 1, n)[0];
  }
}
