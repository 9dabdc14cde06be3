package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.eval.ChunkScores;
import io.github.chainrule.example.ner.eval.ConfusionMatrix;
import io.github.chainrule.example.ner.eval.EvaluationResult;
import io.github.chainrule.example.ner.report.Confusion;
import io.github.chainrule.example.ner.report.Epoch;
import io.github.chainrule.example.ner.report.Scores;
import io.github.chainrule.example.ner.report.TrainingReport;
import io.github.chainrule.example.ner.report.TypeScore;
import io.github.chainrule.example.ner.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The HTML report's view of a training run. */
final class ReportBuilder {
  private ReportBuilder() {}

  static TrainingReport build(String title, Map<String, String> settings, Map<String, String> corpora, Trainer.Result r) {
    TrainingReport.Builder b = TrainingReport.builder(title);
    settings.forEach(b::setting);
    corpora.forEach(b::corpus);
    for (Trainer.EpochResult e : r.epochs()) {
      ChunkScores dev = e.dev().result().overall();
      b.epoch(
          new Epoch(
              e.epoch(),
              e.trainLoss(),
              e.devLoss(),
              dev.f1() / 100,
              dev.precision() / 100,
              dev.recall() / 100,
              e.windowsPerSecond(),
              e.seconds()));
    }
    b.bestEpoch(r.bestEpoch());
    b.dev(scores(r.dev().result()));
    if (r.test() != null) {
      b.test(scores(r.test().result()));
    }
    b.confusion(confusion(r.dev().confusion()));
    return b.build();
  }

  static Scores scores(EvaluationResult result) {
    List<TypeScore> types = new ArrayList<>();
    for (Map.Entry<String, ChunkScores> e : result.byType().entrySet()) {
      ChunkScores s = e.getValue();
      types.add(
          new TypeScore(e.getKey(), s.precision() / 100, s.recall() / 100, s.f1() / 100, s.gold(), s.found(), s.correct()));
    }
    ChunkScores all = result.overall();
    return new Scores(all.precision() / 100, all.recall() / 100, all.f1() / 100, result.accuracy() / 100, types);
  }

  static Confusion confusion(ConfusionMatrix m) {
    return new Confusion(m.labels(), m.counts());
  }
}
