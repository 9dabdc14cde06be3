package io.github.chainrule.example.ner.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the HTML report shows about one training run; immutable, and independent of the
 * trainer that fills it in. Build one with {@link #builder(String)} or the canonical constructor,
 * then write it with {@link HtmlReport#write(TrainingReport, java.nio.file.Path)}.
 *
 * @param title the page's title and heading, e.g. {@code "window NER on BTC"}; any text
 * @param settings the options of the run, option to value (e.g. {@code --epochs} to {@code 15}), in
 *     the order the page shows them; copied, unmodifiable, order kept
 * @param corpora what was read, a name (e.g. {@code train}) to a one-line summary (e.g. {@code
 *     "data/train.txt: 400 sentences, 6,112 tokens, 812 entities, IOB2"}), in order; copied,
 *     unmodifiable, order kept; may be empty
 * @param epochs one entry per epoch run, epoch numbers strictly increasing; at least one; copied,
 *     unmodifiable
 * @param bestEpoch the number of the epoch whose model was kept (the best by dev F1); one of {@code
 *     epochs}
 * @param dev the kept model's scores on the dev set
 * @param test the kept model's scores on the test set, or {@code null} when there was no test set
 * @param confusion the kept model's token-level confusion matrix on the dev set
 */
public record TrainingReport(
    String title,
    Map<String, String> settings,
    Map<String, String> corpora,
    List<Epoch> epochs,
    int bestEpoch,
    Scores dev,
    Scores test,
    Confusion confusion) {

  /** Copies the collections and checks that the epochs are in order and hold the best one. */
  public TrainingReport {
    Objects.requireNonNull(title, "title");
    settings = orderedCopy(settings, "settings");
    corpora = orderedCopy(corpora, "corpora");
    epochs = List.copyOf(Objects.requireNonNull(epochs, "epochs"));
    Objects.requireNonNull(dev, "dev");
    Objects.requireNonNull(confusion, "confusion");
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("a training report needs at least one epoch");
    }
    boolean hasBest = false;
    for (int i = 0; i < epochs.size(); i++) {
      int number = epochs.get(i).epoch();
      if (i > 0 && number <= epochs.get(i - 1).epoch()) {
        throw new IllegalArgumentException(
            "epoch numbers must increase, got " + epochs.get(i - 1).epoch() + " then " + number);
      }
      hasBest |= number == bestEpoch;
    }
    if (!hasBest) {
      throw new IllegalArgumentException(
          "best epoch " + bestEpoch + " is not one of the epochs run");
    }
  }

  /** The entry of the best epoch, the one whose model was kept. */
  public Epoch best() {
    for (Epoch e : epochs) {
      if (e.epoch() == bestEpoch) {
        return e;
      }
    }
    throw new AssertionError("checked in the constructor");
  }

  /** Whether the report has scores on a test set. */
  public boolean hasTest() {
    return test != null;
  }

  /** A builder for a report with the given title. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  private static Map<String, String> orderedCopy(Map<String, String> map, String what) {
    Objects.requireNonNull(map, what);
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            copy.put(
                Objects.requireNonNull(k, what + " key"),
                Objects.requireNonNull(v, what + " value of " + k)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Collects a {@link TrainingReport} piece by piece, as a trainer learns it: settings first, an
   * epoch at a time, the scores at the end. Not thread-safe; {@link #build()} checks everything.
   */
  public static final class Builder {
    private final String title;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> corpora = new LinkedHashMap<>();
    private final List<Epoch> epochs = new ArrayList<>();
    private int bestEpoch;
    private Scores dev;
    private Scores test;
    private Confusion confusion;

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** Adds an option and its value; a second value for the same option replaces the first. */
    public Builder setting(String option, String value) {
      settings.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, option));
      return this;
    }

    /** Adds a line about a data set read, e.g. {@code corpus("train", "400 sentences, ...")}. */
    public Builder corpus(String name, String summary) {
      corpora.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(summary, name));
      return this;
    }

    /** Adds the next epoch. */
    public Builder epoch(Epoch epoch) {
      epochs.add(Objects.requireNonNull(epoch, "epoch"));
      return this;
    }

    /** Sets the number of the epoch whose model was kept. */
    public Builder bestEpoch(int bestEpoch) {
      this.bestEpoch = bestEpoch;
      return this;
    }

    /** Sets the kept model's scores on the dev set. */
    public Builder dev(Scores dev) {
      this.dev = dev;
      return this;
    }

    /** Sets the kept model's scores on the test set ({@code null}: no test set). */
    public Builder test(Scores test) {
      this.test = test;
      return this;
    }

    /** Sets the kept model's confusion matrix on the dev set. */
    public Builder confusion(Confusion confusion) {
      this.confusion = confusion;
      return this;
    }

    /** The report; throws {@link IllegalArgumentException} or NPE as the constructor does. */
    public TrainingReport build() {
      return new TrainingReport(title, settings, corpora, epochs, bestEpoch, dev, test, confusion);
    }
  }
}
