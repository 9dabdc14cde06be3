package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.eval.ConfusionMatrix;
import io.github.chainrule.example.ner.eval.Conlleval;
import io.github.chainrule.example.ner.eval.EvaluationResult;
import io.github.chainrule.example.ner.features.EncodedCorpus;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's predictions on a corpus, scored as the reference conlleval script scores them, with
 * the token-level confusion matrix.
 *
 * @param gold the gold tags (IOB2) of each sentence, as the model is judged (for the binary model,
 *     every other type is {@code O})
 * @param predicted the predicted tags (IOB2) of each sentence
 * @param result the conlleval scores
 * @param confusion gold tag by predicted tag, token by token
 */
public record Evaluation(
    List<List<String>> gold, List<List<String>> predicted, EvaluationResult result, ConfusionMatrix confusion) {

  /** Predicts the sentences with the model and scores the prediction. */
  public static Evaluation of(NerModel model, List<Sentence> sentences, EncodedCorpus encoded) {
    List<int[]> tags = model.predict(encoded);
    List<List<String>> gold = new ArrayList<>(sentences.size());
    List<List<String>> predicted = new ArrayList<>(sentences.size());
    for (int s = 0; s < sentences.size(); s++) {
      gold.add(judged(model.config(), sentences.get(s).tags()));
      predicted.add(model.tagStrings(tags.get(s)));
    }
    return new Evaluation(gold, predicted, Conlleval.evaluate(gold, predicted), ConfusionMatrix.of(gold, predicted));
  }

  /** The gold tags as a model is judged: the binary model answers for one type only. */
  static List<String> judged(ModelConfig config, List<String> tags) {
    if (config.objective() != ModelConfig.Objective.BINARY) {
      return tags;
    }
    List<String> out = new ArrayList<>(tags.size());
    for (String t : tags) {
      out.add(t.length() > 2 && t.substring(2).equals(config.binaryType()) ? t : "O");
    }
    return out;
  }

  /** Entity-level F1 on [0, 1] (conlleval prints it in percent). */
  public double f1() {
    return result.overall().f1() / 100.0;
  }
}
