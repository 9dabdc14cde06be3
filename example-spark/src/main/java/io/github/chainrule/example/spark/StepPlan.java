package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.NerParams;
import java.io.Serializable;

/**
 * What the executors need for one step, broadcast once per step: the parameters the step's batch
 * reads and the batch itself, its ids already positions in those parameters.
 *
 * <p>The dense layers travel whole: an update changes every element of them. Of each feature table
 * only the rows the batch reads travel, in the order of {@code BatchGradient.localize} on the
 * driver (first appearance), so the bytes of a step grow with the rows it touches, never with the
 * vocabulary. No global row id travels: the executors answer with gradient rows at these positions,
 * and the driver, which localized the batch, knows which row each position is.
 *
 * <p>The arrays are the driver's (the rows are the model's own row arrays); Spark serializes the
 * plan when it is broadcast, before the driver updates the model, and nothing on an executor writes
 * into it.
 */
final class StepPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The step's number in the run, from 0 (for {@link ShareHook}). */
  final long step;

  /** The seed of the step's dropout masks, as the single-machine step gets it. */
  final long maskSeed;

  // the dense layers, as in NerParams
  final double[][] W;
  final double[] b;
  final double[][] U;
  final double[] c;
  final double[][] transitions;
  final double[] start;
  final double[] end;

  // the rows of each feature table the batch reads, by position (empty for a table not used)
  final double[][] words;
  final double[][] casing;
  final double[][] shapes;
  final double[][] affixes;

  // the batch: per window its positions in the tables above, and its label
  final int[][] wordIds;
  final int[][] casingIds;
  final int[][] shapeIds;
  final int[][] prefixIds;
  final int[][] suffixIds;
  final int[] labels;

  /** For the CRF: sentence k of the batch is windows {@code [sentenceStarts[k], [k + 1])}. */
  final int[] sentenceStarts;

  /**
   * Share {@code s} is windows {@code [shareStarts[s], shareStarts[s + 1])}; under the CRF the
   * boundaries are sentence boundaries.
   */
  final int[] shareStarts;

  /**
   * The plan of a step.
   *
   * @param params the dense layers, and as feature tables the rows the batch reads
   * @param batch the batch, ids as positions in {@code params}' tables (copied)
   * @param sentenceStarts for the CRF, where the batch's sentences start, and its end
   * @param shareStarts where each share starts, and the end
   */
  StepPlan(
      long step,
      long maskSeed,
      NerParams params,
      WindowBatch batch,
      int[] sentenceStarts,
      int[] shareStarts) {
    this.step = step;
    this.maskSeed = maskSeed;
    this.W = params.W();
    this.b = params.b();
    this.U = params.U();
    this.c = params.c();
    this.transitions = params.transitions();
    this.start = params.start();
    this.end = params.end();
    this.words = params.words();
    this.casing = params.casing();
    this.shapes = params.shapes();
    this.affixes = params.affixes();
    this.wordIds = copy(batch.words());
    this.casingIds = copy(batch.casing());
    this.shapeIds = copy(batch.shapes());
    this.prefixIds = copy(batch.prefixes());
    this.suffixIds = copy(batch.suffixes());
    this.labels = batch.labels().clone();
    this.sentenceStarts = sentenceStarts.clone();
    this.shareStarts = shareStarts.clone();
  }

  private static int[][] copy(int[][] rows) {
    int[][] out = new int[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r].clone();
    }
    return out;
  }

  /** The parameters: dense layers and the rows the batch reads, as the network takes them. */
  NerParams params() {
    return new NerParams(words, casing, shapes, affixes, W, b, U, c, transitions, start, end);
  }

  /** Windows {@code [from, to)} of the batch, as a batch of their own. */
  WindowBatch windows(FeatureConfig features, int from, int to) {
    WindowBatch out = new WindowBatch(features, to - from);
    for (int r = from; r < to; r++) {
      int i = r - from;
      System.arraycopy(wordIds[r], 0, out.words()[i], 0, wordIds[r].length);
      System.arraycopy(casingIds[r], 0, out.casing()[i], 0, casingIds[r].length);
      System.arraycopy(shapeIds[r], 0, out.shapes()[i], 0, shapeIds[r].length);
      System.arraycopy(prefixIds[r], 0, out.prefixes()[i], 0, prefixIds[r].length);
      System.arraycopy(suffixIds[r], 0, out.suffixes()[i], 0, suffixIds[r].length);
      out.labels()[i] = labels[r];
    }
    return out;
  }

  /** Windows in the whole batch. */
  int batchSize() {
    return labels.length;
  }

  /** Number of shares. */
  int shares() {
    return shareStarts.length - 1;
  }
}
