package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.model.ModelConfig;
import java.io.Serializable;
import java.util.List;

/**
 * What every step's executors need that does not change during a run, broadcast once: the model's
 * shape, the dropout probability, the ops' thread count on an executor, and the hook.
 */
final class RunContext implements Serializable {
  private static final long serialVersionUID = 1L;

  // ModelConfig and FeatureConfig, component by component (they are not Serializable)
  private final int halfWindow;
  private final int wordDim;
  private final int casingDim;
  private final int shapeDim;
  private final int affixDim;
  private final int hidden;
  private final String activation;
  private final String[] tags;
  private final String objective;
  private final String binaryType;

  final double dropout;
  final int opThreads;
  final ShareHook hook;

  private transient ModelConfig config;

  RunContext(ModelConfig config, double dropout, int opThreads, ShareHook hook) {
    FeatureConfig f = config.features();
    this.halfWindow = f.halfWindow();
    this.wordDim = f.wordDim();
    this.casingDim = f.casingDim();
    this.shapeDim = f.shapeDim();
    this.affixDim = f.affixDim();
    this.hidden = config.hidden();
    this.activation = config.activation().name();
    this.tags = config.tags().toArray(new String[0]);
    this.objective = config.objective().name();
    this.binaryType = config.binaryType();
    this.dropout = dropout;
    this.opThreads = opThreads;
    this.hook = hook;
    this.config = config;
  }

  /** The model's shape. */
  ModelConfig config() {
    if (config == null) {
      config =
          new ModelConfig(
              new FeatureConfig(halfWindow, wordDim, casingDim, shapeDim, affixDim),
              hidden,
              Activation.valueOf(activation),
              List.of(tags),
              ModelConfig.Objective.valueOf(objective),
              binaryType);
    }
    return config;
  }
}
