package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.NerModel;

/**
 * What trains a model on one batch of the {@link Trainer}'s seeded order: {@link TrainingStep} on
 * this machine, or a data-parallel trainer's step that computes the gradient elsewhere and updates
 * the same parameters. The trainer owns everything else (the order, word dropout, the dropout
 * seeds, dev scoring, early stopping), so every kind of step trains the same model.
 */
public interface BatchStep {
  /**
   * Trains on one batch and updates the model's parameters in place.
   *
   * @param batch the windows, with their labels
   * @param sentenceStarts for the CRF: where each of the batch's sentences starts, and its end
   * @param seed the seed of this step's dropout masks ({@link TrainingStep#masks})
   * @return the batch's mean loss before the update
   */
  double step(WindowBatch batch, int[] sentenceStarts, long seed);

  /** Makes the step of a run, once the trainer has initialized the model. */
  @FunctionalInterface
  interface Factory {
    /**
     * The step of {@code model}, whose parameters it updates in place.
     *
     * @param maxBatch the most windows a batch will hold (a CRF sentence longer than the batch size
     *     is a batch of its own)
     * @param dropout the dropout probability of the window vectors and of the hidden layer
     */
    BatchStep create(NerModel model, OptimizerSettings settings, int maxBatch, double dropout);
  }
}
