package io.github.chainrule.example.ner.train;

import io.github.chainrule.runtime.optim.Adagrad;
import io.github.chainrule.runtime.optim.Adam;
import io.github.chainrule.runtime.optim.Optimizer;
import io.github.chainrule.runtime.optim.Sgd;
import io.github.chainrule.runtime.optim.SparseAdagrad;
import io.github.chainrule.runtime.optim.SparseAdam;
import io.github.chainrule.runtime.optim.SparseOptimizer;
import io.github.chainrule.runtime.optim.SparseSgd;
import io.github.chainrule.runtime.param.Parameters;
import java.util.Locale;

/**
 * The optimizer of a training run: the same rule for the dense layers and, row-sparsely, for the
 * feature tables (SGD as the lecture writes it, {@code theta = theta - lr * grad}; Adam, with
 * PyTorch's lazy SparseAdam for the tables; or AdaGrad).
 *
 * @param kind the rule
 * @param learningRate its learning rate
 */
public record OptimizerSettings(Kind kind, double learningRate) {

  /** The update rules. */
  public enum Kind {
    /** {@code theta = theta - lr * grad}. */
    SGD,
    /** Adam (dense layers) and lazy SparseAdam (tables). */
    ADAM,
    /** AdaGrad, dense and row-sparse. */
    ADAGRAD;

    /** The kind named {@code name}, case-insensitively. */
    public static Kind parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown optimizer '" + name + "': expected sgd, adam or adagrad", e);
      }
    }
  }

  /** Checks the learning rate. */
  public OptimizerSettings {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("the learning rate must be > 0 and finite, got " + learningRate);
    }
  }

  /** The optimizer of the dense layers. */
  public Optimizer dense(Parameters parameters, Parameters gradients) {
    return switch (kind) {
      case SGD -> Sgd.plain(learningRate, parameters, gradients);
      case ADAM -> Adam.builder().learningRate(learningRate).build(parameters, gradients);
      case ADAGRAD -> Adagrad.builder().learningRate(learningRate).build(parameters, gradients);
    };
  }

  /** The row-sparse optimizer of one feature table. */
  public SparseOptimizer sparse(double[][] table) {
    return switch (kind) {
      case SGD -> new SparseSgd(table, learningRate);
      case ADAM -> SparseAdam.builder().learningRate(learningRate).build(table);
      case ADAGRAD -> SparseAdagrad.builder().learningRate(learningRate).build(table);
    };
  }
}
