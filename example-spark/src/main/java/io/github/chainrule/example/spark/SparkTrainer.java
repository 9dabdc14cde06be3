package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.train.Trainer;
import io.github.chainrule.example.ner.train.TrainingOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains the window NER model of {@code chainrule-example-ner} data-parallel on Spark: the
 * example's own {@link Trainer} (the seeded batch order, word dropout, dropout seeds, dev scoring,
 * early stopping) with a step whose gradient is computed on the executors, share by share, by the
 * example's generated companion, summed with {@code treeAggregate}, and applied on the driver by
 * the example's optimizers. With the same options and seed it trains the model the single-machine
 * trainer trains, up to the order in which the shares' gradients are added.
 *
 * <pre>{@code
 * try (JavaSparkContext spark = new JavaSparkContext(conf)) {
 *   List<Corpus> data = SparkCorpus.readTogether(spark, List.of(trainPath, devPath));
 *   Trainer.Result r = new SparkTrainer(spark, options, SparkTrainer.Settings.of(spark))
 *       .train(data.get(0).sentences(), data.get(1).sentences(), null, new Trainer.Listener() {});
 *   ModelStore.write(dir, new ModelStore.Stored(r.model(), data.get(0).scheme(), notes), Map.of());
 * }
 * }</pre>
 */
public final class SparkTrainer {
  /**
   * How a step is spread.
   *
   * @param shares the shares each batch is cut into, one Spark task each (the executors' cores, or
   *     a multiple of them)
   * @param depth the depth of {@code treeAggregate}'s tree (2, Spark's default, adds a level of
   *     executor-side sums only when there are many shares)
   * @param opThreads threads each task's matrix products use on an executor (1 leaves the
   *     executor's cores to its tasks); the result does not depend on it
   * @param hook called in each task before its share is computed
   * @param costs where the steps' times (and with byte counting, sizes) are summed
   */
  public record Settings(int shares, int depth, int opThreads, ShareHook hook, StepCosts costs) {
    /** Checks the values. */
    public Settings {
      if (shares < 1) {
        throw new IllegalArgumentException("--shares must be >= 1, got " + shares);
      }
      if (depth < 1) {
        throw new IllegalArgumentException("the tree depth must be >= 1, got " + depth);
      }
      if (opThreads < 1) {
        throw new IllegalArgumentException("op threads must be >= 1, got " + opThreads);
      }
    }

    /** One share per core Spark offers ({@code defaultParallelism}), depth 2, 1 op thread. */
    public static Settings of(JavaSparkContext spark) {
      return new Settings(spark.defaultParallelism(), 2, 1, ShareHook.NONE, new StepCosts(false));
    }

    /** The same settings with another number of shares. */
    public Settings withShares(int count) {
      return new Settings(count, depth, opThreads, hook, costs);
    }

    /** The same settings with another hook. */
    public Settings withHook(ShareHook h) {
      return new Settings(shares, depth, opThreads, h, costs);
    }

    /** The same settings summing into other costs. */
    public Settings withCosts(StepCosts c) {
      return new Settings(shares, depth, opThreads, hook, c);
    }
  }

  private final JavaSparkContext spark;
  private final TrainingOptions options;
  private final Settings settings;

  /** A trainer on {@code spark} for these options, spread as {@code settings} say. */
  public SparkTrainer(JavaSparkContext spark, TrainingOptions options, Settings settings) {
    this.spark = spark;
    this.options = options;
    this.settings = settings;
  }

  /**
   * Trains on {@code train}, chooses by {@code dev}, scores {@code test} (may be null) once, as
   * {@link Trainer#train} does.
   *
   * @throws IOException if the pretrained vectors cannot be read
   */
  public Trainer.Result train(
      List<Sentence> train, List<Sentence> dev, List<Sentence> test, Trainer.Listener listener)
      throws IOException {
    List<Integer> ids = new ArrayList<>();
    for (int s = 0; s < settings.shares(); s++) {
      ids.add(s);
    }
    // not cached: a cached partition would tie its share to one executor (locality waits), and
    // recomputing a list of integers costs nothing
    JavaRDD<Integer> shares = spark.parallelize(ids, settings.shares()).setName("shares");
    List<Broadcast<RunContext>> contexts = new ArrayList<>();
    try {
      Trainer trainer =
          new Trainer(
              options,
              (model, optimizer, maxBatch, dropout) -> {
                Broadcast<RunContext> run =
                    spark.broadcast(
                        new RunContext(
                            model.config(), dropout, settings.opThreads(), settings.hook()));
                contexts.add(run);
                return new SparkStep(
                    spark,
                    shares,
                    settings.depth(),
                    run,
                    model,
                    optimizer,
                    maxBatch,
                    settings.costs());
              });
      return trainer.train(train, dev, test, listener);
    } finally {
      for (Broadcast<RunContext> b : contexts) {
        b.destroy(false);
      }
    }
  }
}
