package io.github.chainrule.example.ner.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reports to test and to look at: one shaped like a real CoNLL-2003 run, and small edge cases. Run
 * {@link #main} to write the realistic one to a file and open it in a browser.
 */
final class SampleReports {
  static final List<String> TYPES = List.of("LOC", "MISC", "ORG", "PER");
  static final List<String> TAGS =
      List.of("O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER");

  private SampleReports() {}

  /** 15 epochs, four types, a 9 x 9 confusion matrix, dev and test, numbers as a real run has. */
  static TrainingReport realistic() {
    TrainingReport.Builder b =
        TrainingReport.builder("Window NER on CoNLL-2003 English")
            .setting("--train", "data/conll2003/eng.train")
            .setting("--dev", "data/conll2003/eng.testa")
            .setting("--test", "data/conll2003/eng.testb")
            .setting("--epochs", "15")
            .setting("--batch-size", "32")
            .setting("--optimizer", "adam")
            .setting("--lr", "0.001")
            .setting("--hidden", "300")
            .setting("--window", "2")
            .setting("--dropout", "0.3")
            .setting("--min-count", "2")
            .setting("--seed", "42")
            .setting("--threads", "2")
            .corpus("train", "eng.train: 14,041 sentences, 203,621 tokens, 23,499 entities (IOB1)")
            .corpus("dev", "eng.testa: 3,250 sentences, 51,362 tokens, 5,942 entities (IOB1)")
            .corpus("test", "eng.testb: 3,453 sentences, 46,435 tokens, 5,648 entities (IOB1)");
    Scores dev =
        scores(
            new int[][] {
              {1837, 1850, 1702}, {922, 880, 768}, {1341, 1290, 1117}, {1842, 1870, 1741}
            },
            0.9812);
    // dev scores climb to the kept model's at epoch 9 and then slip: the kept epoch's line in the
    // epoch table shows the same numbers as the dev scores below it, as in a real run
    int best = 9;
    Random random = new Random(7);
    for (int e = 1; e <= 15; e++) {
      double gap = e < best ? 0.25 * Math.exp(-0.45 * (e - 1)) : 0.002 * (e - best);
      // noise that moves precision and recall apart leaves F1 about where the gap puts it
      double spread = e == best ? 0 : 0.004 * random.nextGaussian();
      double p = dev.precision() - gap + spread;
      double r = dev.recall() - gap - spread;
      double f1 = e == best ? dev.f1() : 2 * p * r / (p + r);
      double trainLoss = 0.09 + 0.45 * Math.exp(-0.35 * (e - 1));
      double devLoss = 0.16 + 0.22 * Math.exp(-0.4 * (e - 1)) + (e > best ? 0.004 * (e - best) : 0);
      b.epoch(
          new Epoch(
              e,
              trainLoss,
              devLoss,
              f1,
              p,
              r,
              95_000 + 3_000 * random.nextGaussian(),
              2.4 + 0.1 * random.nextGaussian()));
    }
    b.bestEpoch(best);
    b.dev(dev);
    b.test(
        scores(
            new int[][] {
              {1668, 1700, 1472}, {702, 690, 549}, {1661, 1600, 1290}, {1617, 1650, 1480}
            },
            0.9701));
    b.confusion(confusion());
    return b.build();
  }

  /** Scores from gold, found and correct counts per type, computed as conlleval does. */
  static Scores scores(int[][] counts, double accuracy) {
    List<TypeScore> perType = new ArrayList<>();
    long gold = 0;
    long found = 0;
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      int[] c = counts[i];
      perType.add(typeScore(TYPES.get(i), c[0], c[1], c[2]));
      gold += c[0];
      found += c[1];
      correct += c[2];
    }
    double p = found == 0 ? 0 : (double) correct / found;
    double r = gold == 0 ? 0 : (double) correct / gold;
    return new Scores(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), accuracy, perType);
  }

  static TypeScore typeScore(String type, int gold, int found, int correct) {
    double p = found == 0 ? 0 : (double) correct / found;
    double r = gold == 0 ? 0 : (double) correct / gold;
    return new TypeScore(type, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), gold, found, correct);
  }

  /** A 9 x 9 matrix: a heavy diagonal, O dominating, B and I of a type confused most. */
  static Confusion confusion() {
    int n = TAGS.size();
    long[][] counts = new long[n][n];
    long[] rows = {42759, 1837, 257, 922, 346, 1341, 751, 1842, 1307};
    Random random = new Random(11);
    for (int g = 0; g < n; g++) {
      long left = rows[g];
      for (int p = 0; p < n; p++) {
        if (p == g) {
          continue;
        }
        boolean sameType = g > 0 && p > 0 && (g - 1) / 2 == (p - 1) / 2;
        long c = sameType ? rows[g] / 25 : (p == 0 || g == 0) ? rows[g] / 60 : random.nextInt(6);
        if (g == 0 && p > 0) {
          c = 30 + random.nextInt(120);
        }
        counts[g][p] = c;
        left -= c;
      }
      counts[g][g] = left;
    }
    counts[2][5] = 0;
    return new Confusion(TAGS, counts);
  }

  /**
   * One epoch, no dev loss, no test set, types that need escaping (markup, quotes, emoji, a long
   * name) and a model that found nothing: precision, recall and F1 all zero.
   */
  static TrainingReport oneEpochNothingFound() {
    List<String> types =
        List.of(AWKWARD, "caf\u00e9 \uD83D\uDE00", "a-rather-long-entity-type-name");
    List<TypeScore> perType = new ArrayList<>();
    for (String t : types) {
      perType.add(typeScore(t, 12, 0, 0));
    }
    List<String> labels = List.of("O", "B-" + AWKWARD, "I-" + AWKWARD);
    return TrainingReport.builder("first try: <script>alert(1)</script> & \"friends\"")
        .setting("--epochs", "1")
        .setting("--note", "<i>not italic</i> & 'quoted'")
        .epoch(new Epoch(1, 2.1972, Double.NaN, 0, 0, 0, Double.NaN, 0.8))
        .bestEpoch(1)
        .dev(new Scores(0, 0, 0, 0.8312, perType))
        .confusion(new Confusion(labels, new long[][] {{310, 0, 0}, {12, 0, 0}, {9, 0, 0}}))
        .build();
  }

  /** A type name with every character that HTML gives a meaning. */
  static final String AWKWARD = "<b>&\"x\"'";

  /**
   * Writes {@link #realistic()} (or, with {@code edge} as the second argument, {@link
   * #oneEpochNothingFound()}) to the file named by the first argument.
   */
  public static void main(String[] args) throws Exception {
    boolean edge = args.length > 1 && args[1].equals("edge");
    HtmlReport.write(edge ? oneEpochNothingFound() : realistic(), Path.of(args[0]));
  }
}
