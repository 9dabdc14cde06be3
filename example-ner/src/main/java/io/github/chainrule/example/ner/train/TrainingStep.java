package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.runtime.ops.Dropout;
import io.github.chainrule.runtime.param.IndexedRows;

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
public final class TrainingStep implements BatchStep {
  private static final double[][] NO_MASK = new double[0][0];

  private final NerModel model;
  private final double dropout;
  private final BatchGradient gradient;
  private final ModelUpdate update;
  private double[][][] tableGradients;

  /**
   * Binds a step to a model, whose parameters it updates in place.
   *
   * @param maxBatch the most windows a batch will hold
   * @param dropout the dropout probability of the window vectors and of the hidden layer
   */
  public TrainingStep(NerModel model, OptimizerSettings settings, int maxBatch, double dropout) {
    this.model = model;
    this.dropout = dropout;
    this.gradient = new BatchGradient(model, maxBatch);
    this.update = new ModelUpdate(model.params(), settings);
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
  @Override
  public double step(WindowBatch batch, int[] sentenceStarts, long seed) {
    double[][][] masks = masks(model.config(), batch.size(), dropout, seed);
    double loss = gradient.add(batch, sentenceStarts, masks[0], masks[1], 1.0);
    IndexedRows[] tables = gradient.tables();
    if (tableGradients == null) {
      tableGradients = new double[tables.length][][];
    }
    for (int k = 0; k < tables.length; k++) {
      tableGradients[k] = gradient.tableGradient(k);
    }
    update.apply(gradient.denseGradient(), tables, tableGradients);
    gradient.clear();
    return loss;
  }

  /**
   * The dropout masks of a step's batch, {input, hidden}, from the step's seed (0-row arrays when
   * there is no dropout): a worker holding rows {@code [from, to)} of the batch takes those rows.
   */
  public static double[][][] masks(ModelConfig config, int batchSize, double dropout, long seed) {
    if (dropout == 0 || config.objective() == ModelConfig.Objective.BINARY) {
      return new double[][][] {NO_MASK, NO_MASK};
    }
    return new double[][][] {
      Dropout.maskMatrix(batchSize, config.features().inputDim(), dropout, seed),
      Dropout.maskMatrix(batchSize, config.hidden(), dropout, ~seed)
    };
  }
}
