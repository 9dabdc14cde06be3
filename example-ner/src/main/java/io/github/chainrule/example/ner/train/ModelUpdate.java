package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.optim.Optimizer;
import io.github.chainrule.runtime.optim.SparseOptimizer;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;

/**
 * The second half of a training step: the optimizers of a model, the dense layers' and one
 * row-sparse optimizer per feature table, updating the parameters in place from a gradient. Their
 * state (Adam's moments, AdaGrad's sums) lives here, so one {@code ModelUpdate} serves a whole run.
 */
public final class ModelUpdate {
  private final NerParams params;
  private final OptimizerSettings settings;
  private Parameters boundGradient;
  private Optimizer dense;
  private SparseOptimizer[] tables;

  /** The optimizers of {@code params}, made at the first {@link #apply}. */
  public ModelUpdate(NerParams params, OptimizerSettings settings) {
    this.params = params;
    this.settings = settings;
  }

  /**
   * One update: the dense layers from {@code denseGradient} (always the same view: the optimizer
   * is bound to it), and each table {@code tables[k].table()} from {@code tableGradients[k]} at the
   * rows {@code tables[k]} lists, no other row read or written.
   */
  public void apply(Parameters denseGradient, IndexedRows[] tables, double[][][] tableGradients) {
    if (dense == null) {
      boundGradient = denseGradient;
      Parameters p =
          Parameters.of(params.W(), params.b(), params.U(), params.c(), params.transitions(), params.start(), params.end());
      dense = settings.dense(p, denseGradient);
      this.tables = new SparseOptimizer[tables.length];
      for (int k = 0; k < tables.length; k++) {
        this.tables[k] = settings.sparse(tables[k].table());
      }
    } else if (denseGradient != boundGradient) {
      throw new IllegalArgumentException("a ModelUpdate is bound to the gradient view of its first apply");
    }
    dense.step();
    for (int k = 0; k < tables.length; k++) {
      this.tables[k].step(tables[k], tableGradients[k]);
    }
  }
}
