package io.github.chainrule.example.ner.model;

import io.github.chainrule.example.ner.features.FeatureConfig;
import java.util.List;

/**
 * The shape of a window NER model: its features, hidden layer, tags and objective.
 *
 * @param features the window's features and their widths
 * @param hidden units of the hidden layer h
 * @param activation the nonlinearity f of {@code h = f(W x + b)}
 * @param tags the tag set in IOB2, {@code O} first; for the binary model, {@code O} and the one
 *     class ({@code B-LOC}, {@code I-LOC} are both that class)
 * @param objective {@link Objective#SOFTMAX}, {@link Objective#CRF} or the lecture's {@link
 *     Objective#BINARY}
 * @param binaryType for the binary model, the entity type it answers for ({@code LOC}); else null
 */
public record ModelConfig(
    FeatureConfig features,
    int hidden,
    Activation activation,
    List<String> tags,
    Objective objective,
    String binaryType) {

  /** What the network is trained to predict. */
  public enum Objective {
    /** A softmax over the tags for each word, with cross-entropy (the lecture's classifier). */
    SOFTMAX,
    /** A linear-chain CRF over the network's tag scores, sentence by sentence, decoded by Viterbi. */
    CRF,
    /** The lecture's binary variant: one logistic unit, {@code sigma(u . h)}, for one entity type. */
    BINARY
  }

  /** Checks the values and copies the tag list. */
  public ModelConfig {
    tags = List.copyOf(tags);
    if (hidden < 1) {
      throw new IllegalArgumentException("the hidden layer needs at least 1 unit, got " + hidden);
    }
    if (tags.isEmpty() || !tags.get(0).equals("O")) {
      throw new IllegalArgumentException("the tag set must start with O, got " + tags);
    }
    if ((objective == Objective.BINARY) != (binaryType != null)) {
      throw new IllegalArgumentException("the binary model, and only it, names an entity type");
    }
  }

  /** Number of scores per window: the tags, or 1 for the binary model. */
  public int outputs() {
    return objective == Objective.BINARY ? 1 : tags.size();
  }
}
