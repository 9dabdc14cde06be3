package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.model.Activation;
import java.nio.file.Path;

/**
 * Everything a training run is told.
 *
 * @param epochs the most passes over the training data
 * @param batchSize windows per step (for the CRF, whole sentences up to this many windows)
 * @param seed seeds every random choice: initial parameters, order, dropout
 * @param threads threads the ops use; the result does not depend on it
 * @param optimizer the update rule and learning rate
 * @param hidden units of the hidden layer
 * @param halfWindow words on each side of the centre word
 * @param wordDim width of the word vectors (ignored with pretrained vectors, which set it)
 * @param casingDim width of the casing vectors, 0 for none
 * @param shapeDim width of the word-shape vectors, 0 for none
 * @param affixDim width of the prefix and suffix vectors, 0 for none
 * @param activation the hidden layer's nonlinearity
 * @param dropout dropout probability of the window vectors and the hidden layer
 * @param wordDropout probability that a word of a training window is read as {@code <unk>}
 * @param minCount words (shapes, affixes) seen fewer times in training are {@code <unk>}
 * @param patience stop after this many epochs without a better dev F1
 * @param crf train a linear-chain CRF over the tag scores
 * @param binaryType the lecture's binary model for this entity type (e.g. LOC), or null
 * @param vectors pretrained word vectors in GloVe or word2vec text format, or null
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    long seed,
    int threads,
    OptimizerSettings optimizer,
    int hidden,
    int halfWindow,
    int wordDim,
    int casingDim,
    int shapeDim,
    int affixDim,
    Activation activation,
    double dropout,
    double wordDropout,
    int minCount,
    int patience,
    boolean crf,
    String binaryType,
    Path vectors) {

  /** Checks the values, with messages that name the option. */
  public TrainingOptions {
    positive("--epochs", epochs);
    positive("--batch-size", batchSize);
    positive("--threads", threads);
    positive("--hidden", hidden);
    positive("--patience", patience);
    positive("--min-count", minCount);
    if (halfWindow < 0) {
      throw new IllegalArgumentException("--window must be >= 0 (words on each side), got " + halfWindow);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
    }
    if (!(wordDropout >= 0 && wordDropout < 1)) {
      throw new IllegalArgumentException("--word-dropout must be in [0, 1), got " + wordDropout);
    }
    if (crf && binaryType != null) {
      throw new IllegalArgumentException("--crf and --binary are different models; choose one");
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, got " + value);
    }
  }
}
