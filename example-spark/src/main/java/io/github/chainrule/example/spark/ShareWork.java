package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.example.ner.train.BatchGradient;
import io.github.chainrule.example.ner.train.TrainingStep;
import io.github.chainrule.runtime.parallel.OpThreads;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;
import java.util.Arrays;

/**
 * An executor's part of a step: the gradient of one share of the batch, by the example's own {@link
 * BatchGradient} (the generated companion of {@code NerNetwork.loss}), weighed by the share's part
 * of the batch so that the shares' gradients add up to the gradient of the batch's mean loss.
 */
final class ShareWork {
  private static final double[][] NO_MASK = new double[0][0];

  private ShareWork() {}

  /** The gradient of share {@code share} of the plan's batch. */
  static ShareGradient compute(RunContext run, StepPlan plan, int share) throws Exception {
    run.hook.beforeShare(plan.step, share);
    int from = plan.shareStarts[share];
    int to = plan.shareStarts[share + 1];
    if (from == to) {
      return ShareGradient.empty();
    }
    if (OpThreads.get() != run.opThreads) {
      OpThreads.set(run.opThreads);
    }
    ModelConfig config = run.config();
    NerParams params = plan.params();
    int n = to - from;
    int batch = plan.batchSize();
    WindowBatch windows = plan.windows(config.features(), from, to);
    int[] starts = sentenceStarts(plan.sentenceStarts, from, to);
    // the rows of the batch's masks that belong to this share's windows
    double[][][] masks = TrainingStep.masks(config, batch, run.dropout, plan.maskSeed);
    double[][] inputMask = slice(masks[0], from, to);
    double[][] hiddenMask = slice(masks[1], from, to);

    long t0 = System.nanoTime();
    BatchGradient gradient = new BatchGradient(config, params, n);
    double loss = gradient.add(windows, starts, inputMask, hiddenMask, (double) n / batch);
    long nanos = System.nanoTime() - t0;

    Parameters dense = gradient.denseGradient();
    double[][] segments = new double[dense.segmentCount()][];
    for (int s = 0; s < segments.length; s++) {
      segments[s] = dense.segment(s);
    }
    double[][][] planTables = {params.words(), params.casing(), params.shapes(), params.affixes()};
    int[][] positions = new int[ShareGradient.TABLES][0];
    double[][][] rows = new double[ShareGradient.TABLES][0][];
    IndexedRows[] tables = gradient.tables();
    for (int k = 0; k < tables.length; k++) {
      IndexedRows t = tables[k];
      int kind = kindOf(t.table(), planTables);
      double[][] g = gradient.tableGradient(k);
      positions[kind] = new int[t.size()];
      rows[kind] = new double[t.size()][];
      for (int u = 0; u < t.size(); u++) {
        positions[kind][u] = t.row(u);
        rows[kind][u] = g[u];
      }
    }
    return ShareGradient.of(segments, positions, rows, loss * n / batch, n, nanos);
  }

  /** Which of the plan's tables {@code table} is (they are told apart by identity). */
  private static int kindOf(double[][] table, double[][][] planTables) {
    for (int k = 0; k < planTables.length; k++) {
      if (planTables[k] == table) {
        return k;
      }
    }
    throw new IllegalStateException("a gradient table that is none of the plan's tables");
  }

  /** The CRF's sentence starts inside windows {@code [from, to)}, from 0; empty without CRF. */
  private static int[] sentenceStarts(int[] starts, int from, int to) {
    if (starts.length == 0) {
      return starts;
    }
    int first = Arrays.binarySearch(starts, from);
    int last = Arrays.binarySearch(starts, to);
    if (first < 0 || last < 0) {
      throw new IllegalStateException("a share of a CRF batch must hold whole sentences");
    }
    int[] out = new int[last - first + 1];
    for (int k = 0; k < out.length; k++) {
      out[k] = starts[first + k] - from;
    }
    return out;
  }

  private static double[][] slice(double[][] mask, int from, int to) {
    return mask.length == 0 ? NO_MASK : Arrays.copyOfRange(mask, from, to);
  }
}
