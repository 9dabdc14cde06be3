package io.github.chainrule.example.ner.model;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import io.github.chainrule.runtime.ops.Activations;
import io.github.chainrule.runtime.ops.Dropout;
import io.github.chainrule.runtime.ops.Embeddings;
import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.ops.Losses;
import io.github.chainrule.runtime.ops.Matrices;

/**
 * The window NER network of the backprop lecture, for a batch of windows, in plain Java over the
 * runtime's ops. Its gradient is chainrule's: {@code NerNetwork_Grad}, generated from {@link
 * #loss}, is what the trainer calls; nothing here is differentiated by hand.
 *
 * <p>Row {@code r} of the batch is one window: {@code x} is the concatenation of the vectors of
 * its words (and of their casing, shape and affix classes, when the model uses them), then
 * {@code h = f(W x + b)} and the tag scores {@code z = U h + c}. The objective is either the
 * lecture's softmax with cross-entropy, word by word, or a linear-chain CRF over whole sentences,
 * whose forward algorithm is the loop in {@link #crfNegativeLogLikelihood}.
 *
 * <p>{@link #scores} is the same network without dropout, for prediction; a test checks that the
 * two agree.
 */
public final class NerNetwork {
  /** {@link #loss}'s objective: the softmax over tags with cross-entropy, per window. */
  public static final int SOFTMAX = 0;

  /** {@link #loss}'s objective: a linear-chain CRF over each sentence of the batch. */
  public static final int CRF = 1;

  private NerNetwork() {}

  /**
   * The mean loss of a batch.
   *
   * @param p the parameters (with a batch's compact feature tables, the ids below are their rows)
   * @param words the word row of each position of each window, B x w
   * @param casing casing rows, B x w (B x 0 when not used)
   * @param shapes shape rows, B x w (B x 0 when not used)
   * @param prefixes affix rows of the prefixes, B x 3w (B x 0 when not used)
   * @param suffixes affix rows of the suffixes, B x 3w (B x 0 when not used)
   * @param inputMask dropout mask of the window vectors, B x |x| (0 rows: no dropout)
   * @param hiddenMask dropout mask of the hidden layer, B x |h| (0 rows: no dropout)
   * @param activation the {@link Activation} ordinal
   * @param objective {@link #SOFTMAX} or {@link #CRF}
   * @param labels the gold tag index of each window
   * @param sentenceStarts for the CRF: sentence k is windows {@code [starts[k], starts[k+1])}
   */
  @Differentiable
  public static double loss(
      NerParams p,
      int[][] words,
      int[][] casing,
      int[][] shapes,
      int[][] prefixes,
      int[][] suffixes,
      @NoGrad double[][] inputMask,
      @NoGrad double[][] hiddenMask,
      int activation,
      int objective,
      int[] labels,
      int[] sentenceStarts) {
    // x: the window's vectors side by side (the lecture's x = [x_museums x_in x_Paris x_are x_amazing])
    double[][] X = Embeddings.windows(p.words(), words);
    if (p.casing().length > 0) {
      X = Matrices.concatColumns(X, Embeddings.windows(p.casing(), casing));
    }
    if (p.shapes().length > 0) {
      X = Matrices.concatColumns(X, Embeddings.windows(p.shapes(), shapes));
    }
    if (p.affixes().length > 0) {
      X = Matrices.concatColumns(X, Embeddings.windows(p.affixes(), prefixes));
      X = Matrices.concatColumns(X, Embeddings.windows(p.affixes(), suffixes));
    }
    if (inputMask.length > 0) {
      X = Dropout.applyMatrix(X, inputMask);
    }
    // h = f(W x + b)
    double[][] A = Linalg.linear(X, p.W(), p.b());
    double[][] H;
    if (activation == 1) {
      H = Activations.reluMatrix(A);
    } else if (activation == 2) {
      H = Activations.sigmoidMatrix(A);
    } else {
      H = Activations.tanhMatrix(A);
    }
    if (hiddenMask.length > 0) {
      H = Dropout.applyMatrix(H, hiddenMask);
    }
    // z = U h + c: one score per tag
    double[][] Z = Linalg.linear(H, p.U(), p.c());
    if (objective == 0) {
      return Losses.crossEntropyBatch(Z, labels);
    }
    double total = 0.0;
    for (int k = 0; k + 1 < sentenceStarts.length; k++) {
      total +=
          crfNegativeLogLikelihood(
              Z, p.transitions(), p.start(), p.end(), labels, sentenceStarts[k], sentenceStarts[k + 1]);
    }
    return total / labels.length;
  }

  /**
   * {@code -log p(tags | sentence)} under a linear-chain CRF: the log of the sum over every tag
   * sequence of {@code exp(score)}, by the forward algorithm, minus the gold sequence's score. The
   * score of a sequence {@code y} over windows {@code from .. to-1} is {@code start[y_0] + sum_t
   * Z[t][y_t] + sum_t transitions[y_(t-1)][y_t] + end[y_last]}.
   */
  @Differentiable
  public static double crfNegativeLogLikelihood(
      double[][] Z, double[][] transitions, double[] start, double[] end, int[] tags, int from, int to) {
    int tagCount = start.length;
    // alpha[k]: log of the summed exp-scores of every prefix ending at the current word with tag k
    double[] alpha = new double[tagCount];
    for (int k = 0; k < tagCount; k++) {
      alpha[k] = start[k] + Z[from][k];
    }
    double gold = start[tags[from]] + Z[from][tags[from]];
    for (int t = from + 1; t < to; t++) {
      double[] next = new double[tagCount];
      for (int k = 0; k < tagCount; k++) {
        double[] paths = new double[tagCount];
        for (int j = 0; j < tagCount; j++) {
          paths[j] = alpha[j] + transitions[j][k];
        }
        next[k] = Z[t][k] + Activations.logSumExp(paths);
      }
      alpha = next;
      gold += transitions[tags[t - 1]][tags[t]] + Z[t][tags[t]];
    }
    double[] last = new double[tagCount];
    for (int k = 0; k < tagCount; k++) {
      last[k] = alpha[k] + end[k];
    }
    gold += end[tags[to - 1]];
    return Activations.logSumExp(last) - gold;
  }

  /** The tag scores Z (B x tags) of a batch, as {@link #loss} computes them, without dropout. */
  public static double[][] scores(
      NerParams p, int[][] words, int[][] casing, int[][] shapes, int[][] prefixes, int[][] suffixes, int activation) {
    double[][] X = Embeddings.windows(p.words(), words);
    if (p.casing().length > 0) {
      X = Matrices.concatColumns(X, Embeddings.windows(p.casing(), casing));
    }
    if (p.shapes().length > 0) {
      X = Matrices.concatColumns(X, Embeddings.windows(p.shapes(), shapes));
    }
    if (p.affixes().length > 0) {
      X = Matrices.concatColumns(X, Embeddings.windows(p.affixes(), prefixes));
      X = Matrices.concatColumns(X, Embeddings.windows(p.affixes(), suffixes));
    }
    double[][] A = Linalg.linear(X, p.W(), p.b());
    double[][] H =
        activation == 1
            ? Activations.reluMatrix(A)
            : activation == 2 ? Activations.sigmoidMatrix(A) : Activations.tanhMatrix(A);
    return Linalg.linear(H, p.U(), p.c());
  }
}
