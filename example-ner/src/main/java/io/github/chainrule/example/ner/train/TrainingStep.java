package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.LectureNetwork_Grad;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.model.NerNetwork;
import io.github.chainrule.example.ner.model.NerNetwork_Grad;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.ops.Dropout;
import io.github.chainrule.runtime.optim.Optimizer;
import io.github.chainrule.runtime.optim.SparseOptimizer;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;
import java.util.HashMap;
import java.util.Map;

/**
 * One training step of a window NER model, on the fast path: forward and backward sweep of the
 * generated companion over a batch, then the update, at a cost that grows with the batch and never
 * with the vocabularies.
 *
 * <p>Each feature table is read through an {@link IndexedRows}: the batch's ids are mapped to rows
 * of a compact table that shares the table's own row arrays, the network runs on the compact
 * tables, and the generated gradient holder's table gradients are compact too ({@code capacity x
 * d}). The sparse optimizers update the touched rows in place from them; the dense layers have a
 * dense optimizer. Clearing the gradients touches the rows of the batch and the dense layers only.
 * The products and activations inside the network split their rows over the runtime's {@code
 * OpThreads}, which never changes a bit of the result, so a model trained on one thread and on
 * several is the same.
 *
 * <p>Not thread-safe; one step at a time.
 */
public final class TrainingStep {
  private static final double[][] NO_MASK = new double[0][0];

  private final NerModel model;
  private final OptimizerSettings settings;
  private final double dropout;
  private final IndexedRows words;
  private final IndexedRows casing;
  private final IndexedRows shapes;
  private final IndexedRows affixes;
  private final Map<Integer, WindowBatch> local = new HashMap<>();
  private final NerNetwork_Grad.Loss networkHolder;
  private final LectureNetwork_Grad.Loss lectureHolder;

  private Parameters denseGradients;
  private Optimizer denseOptimizer;
  private SparseOptimizer[] tableOptimizers;
  private IndexedRows[] tables;

  /**
   * Binds a step to a model, whose parameters it updates in place.
   *
   * @param maxBatch the most windows a batch will hold
   * @param dropout the dropout probability of the window vectors and of the hidden layer
   */
  public TrainingStep(NerModel model, OptimizerSettings settings, int maxBatch, double dropout) {
    this.model = model;
    this.settings = settings;
    this.dropout = dropout;
    NerParams p = model.params();
    FeatureConfig f = model.config().features();
    int w = f.windowSize();
    this.words = rows(p.words(), (long) maxBatch * w);
    this.casing = rows(p.casing(), (long) maxBatch * w);
    this.shapes = rows(p.shapes(), (long) maxBatch * w);
    this.affixes = rows(p.affixes(), 2L * maxBatch * f.affixIdsPerWindow());
    boolean binary = model.config().objective() == ModelConfig.Objective.BINARY;
    this.networkHolder = binary ? null : new NerNetwork_Grad.Loss();
    this.lectureHolder = binary ? new LectureNetwork_Grad.Loss() : null;
  }

  private static IndexedRows rows(double[][] table, long ids) {
    return new IndexedRows(table, (int) Math.min(table.length, ids));
  }

  /**
   * Trains on one batch: adds the gradient of its mean loss, updates every parameter, clears the
   * gradients.
   *
   * @param batch the windows, with their labels
   * @param sentenceStarts for the CRF: where each of the batch's sentences starts, and its end
   * @param seed the seed of this step's dropout masks
   * @return the batch's mean loss before the update
   */
  public double step(WindowBatch batch, int[] sentenceStarts, long seed) {
    WindowBatch ids = localize(batch);
    NerParams compact = model.params().withTables(words.rows(), casing.rows(), shapes.rows(), affixes.rows());
    ModelConfig config = model.config();
    int activation = config.activation().ordinal();
    double loss;
    NerParams gradient;
    if (lectureHolder != null) {
      loss = LectureNetwork_Grad.loss(compact, ids.words(), batch.labels(), activation, lectureHolder);
      gradient = lectureHolder.p();
    } else {
      double[][] inputMask = NO_MASK;
      double[][] hiddenMask = NO_MASK;
      if (dropout > 0) {
        inputMask = Dropout.maskMatrix(batch.size(), config.features().inputDim(), dropout, seed);
        hiddenMask = Dropout.maskMatrix(batch.size(), config.hidden(), dropout, ~seed);
      }
      int objective = config.objective() == ModelConfig.Objective.CRF ? NerNetwork.CRF : NerNetwork.SOFTMAX;
      loss =
          NerNetwork_Grad.loss(
              compact,
              ids.words(),
              ids.casing(),
              ids.shapes(),
              ids.prefixes(),
              ids.suffixes(),
              inputMask,
              hiddenMask,
              activation,
              objective,
              batch.labels(),
              sentenceStarts,
              networkHolder);
      gradient = networkHolder.p();
    }
    if (denseOptimizer == null) {
      bindOptimizers(gradient);
    }
    denseOptimizer.step();
    for (int k = 0; k < tables.length; k++) {
      tableOptimizers[k].step(tables[k], tableGradient(gradient, k));
    }
    denseGradients.zero();
    for (int k = 0; k < tables.length; k++) {
      tables[k].zeroGradient(tableGradient(gradient, k));
    }
    return loss;
  }

  /** The batch's ids as positions in the compact tables (the arrays are reused per batch size). */
  private WindowBatch localize(WindowBatch batch) {
    words.clear();
    casing.clear();
    shapes.clear();
    affixes.clear();
    WindowBatch out = local.computeIfAbsent(batch.size(), n -> new WindowBatch(model.config().features(), n));
    for (int r = 0; r < batch.size(); r++) {
      words.localize(batch.words()[r], out.words()[r]);
      casing.localize(batch.casing()[r], out.casing()[r]);
      shapes.localize(batch.shapes()[r], out.shapes()[r]);
      affixes.localize(batch.prefixes()[r], out.prefixes()[r]);
      affixes.localize(batch.suffixes()[r], out.suffixes()[r]);
    }
    return out;
  }

  /** The optimizers, once the holder has its gradient arrays (after the first call). */
  private void bindOptimizers(NerParams g) {
    NerParams p = model.params();
    Parameters dense = Parameters.of(p.W(), p.b(), p.U(), p.c(), p.transitions(), p.start(), p.end());
    denseGradients = Parameters.of(g.W(), g.b(), g.U(), g.c(), g.transitions(), g.start(), g.end());
    denseOptimizer = settings.dense(dense, denseGradients);
    IndexedRows[] all = {words, casing, shapes, affixes};
    int used = 0;
    for (IndexedRows t : all) {
      used += t.capacity() > 0 && t.width() > 0 ? 1 : 0;
    }
    tables = new IndexedRows[used];
    tableOptimizers = new SparseOptimizer[used];
    int k = 0;
    for (IndexedRows t : all) {
      if (t.capacity() > 0 && t.width() > 0) {
        tables[k] = t;
        tableOptimizers[k] = settings.sparse(t.table());
        k++;
      }
    }
  }

  private double[][] tableGradient(NerParams g, int k) {
    IndexedRows t = tables[k];
    return t == words ? g.words() : t == casing ? g.casing() : t == shapes ? g.shapes() : g.affixes();
  }
}
