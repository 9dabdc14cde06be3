package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.train.OptimizerSettings;
import io.github.chainrule.example.ner.train.Trainer;
import io.github.chainrule.example.ner.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The figures of the README's Spark section: the bytes a step ships at V = 20,000 and V = 500,000,
 * and windows per second on {@code local[2]} beside the single-machine trainer on two threads, with
 * where a Spark step's time goes. Run by {@code example-spark/measure.sh}; not a test.
 *
 * <p>{@code bytes}: the default model's sizes (50-wide words, 8-wide casing, 300 hidden units,
 * batches of 32 random tokens, 2 shares), 200 steps each, on made-up corpora. {@code speed [TRAIN
 * DEV] [BATCH...]}: one epoch of {@code chainrule-ner train}'s defaults on the given corpus (BTC
 * from {@code ../shared/data} when none is given), for each batch size.
 */
public final class SparkStepReport {
  private SparkStepReport() {}

  public static void main(String[] args) throws IOException {
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("chainrule-example-spark measurements")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1");
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      TaskTimes times = new TaskTimes();
      spark.sc().addSparkListener(times);
      if (args.length > 0 && args[0].equals("bytes")) {
        bytes(spark, times);
      } else if (args.length > 0 && args[0].equals("speed")) {
        speed(spark, times, java.util.Arrays.copyOfRange(args, 1, args.length));
      } else {
        throw new IllegalArgumentException(
            "usage: SparkStepReport bytes | speed [TRAIN DEV] [BATCH...]");
      }
    }
  }

  private static void bytes(JavaSparkContext spark, TaskTimes times) {
    FeatureConfig features = new FeatureConfig(2, 50, 8, 0, 0);
    System.out.println(
        "| corpus | V (word rows) | table rows per step | plan bytes per step | of which dense"
            + " layers | summed gradient bytes per step | one task's result bytes |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    // the same batches, drawn from one 20,000-word corpus, with 0 or 480,000 more words in the
    // vocabulary
    for (int extra : new int[] {0, 480_000}) {
      row(
          spark,
          times,
          "same batches",
          Synthetic.corpus(20_000, 200_000, extra, 7),
          200_000,
          features);
    }
    // each vocabulary with a corpus of its own (words ~ 1 / rank), batches from all of it
    for (int v : new int[] {20_000, 500_000}) {
      row(spark, times, "own corpus", Synthetic.corpus(v, 2 * v, 0, 7), 2 * v, features);
    }
  }

  private static void row(
      JavaSparkContext spark,
      TaskTimes times,
      String name,
      List<Sentence> corpus,
      int drawFrom,
      FeatureConfig features) {
    StepCosts costs = new StepCosts(true);
    Synthetic.Steps steps =
        new Synthetic.Steps(spark, corpus, drawFrom, features, 300, 32, 2, costs);
    steps.run(20); // warm up
    costs = new StepCosts(true);
    Synthetic.Steps measured = steps.withCosts(costs);
    times.reset();
    measured.run(200);
    settle();
    long dense = denseBytes(steps);
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %.0f | %,.0f | %,d | %,.0f | %,.0f |%n",
        name,
        steps.vocabulary(),
        (double) costs.tableRows() / costs.steps(),
        (double) costs.planBytes() / costs.steps(),
        dense,
        (double) costs.gradientBytes() / costs.steps(),
        (double) times.resultBytes.get() / Math.max(1, times.tasks.get()));
  }

  /** The serialized dense layers alone: 8 bytes a double and Java serialization's array headers. */
  private static long denseBytes(Synthetic.Steps steps) {
    var p = steps.model.params();
    return StepCosts.sizeOf(new double[][][] {p.W(), p.U(), {p.b(), p.c()}});
  }

  /** Lets the listener bus deliver the last tasks' metrics. */
  private static void settle() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void speed(JavaSparkContext spark, TaskTimes times, String[] args)
      throws IOException {
    Path train = Path.of("../shared/data/btc/btc.train");
    Path dev = Path.of("../shared/data/btc/btc.dev");
    int first = 0;
    if (args.length >= 2 && !args[0].matches("\\d+")) {
      train = Path.of(args[0]);
      dev = Path.of(args[1]);
      first = 2;
    }
    if (!Files.exists(train)) {
      throw new IOException(train + " does not exist: give TRAIN DEV files");
    }
    List<Sentence> trainSet = CorpusReader.read(train).sentences();
    List<Sentence> devSet = CorpusReader.read(dev).sentences();
    int[] batches = {32, 256};
    if (args.length > first) {
      batches = new int[args.length - first];
      for (int i = first; i < args.length; i++) {
        batches[i - first] = Integer.parseInt(args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d windows per epoch%n", train, tokens(trainSet));
    emptyJobs(spark);
    for (int batch : batches) {
      Trainer.Result one =
          new Trainer(options(batch, 2)).train(trainSet, devSet, null, new Trainer.Listener() {});
      StepCosts costs = new StepCosts(false);
      SparkTrainer.Settings settings =
          SparkTrainer.Settings.of(spark).withShares(2).withCosts(costs);
      times.reset();
      Trainer.Result r =
          new SparkTrainer(spark, options(batch, 2), settings)
              .train(trainSet, devSet, null, new Trainer.Listener() {});
      settle();
      double steps = costs.steps();
      double ms = 1e6 * steps;
      double plan = costs.planNanos() / ms;
      double broadcast = costs.broadcastNanos() / ms;
      double job = costs.jobNanos() / ms;
      double update = costs.updateNanos() / ms;
      double gradient = costs.computeNanos() / ms / 2; // the two shares run at once
      double merge = costs.mergeNanos() / ms;
      // per task: Spark's own metrics, two tasks at once
      double taskDeserialize = times.deserializeNanos.get() / ms / 2;
      double resultSerialize = times.resultSerializeMillis.get() / steps / 2;
      double taskRun = times.runMillis.get() / steps / 2;
      double beforeTasks =
          times.beforeFirstTaskMillis.get() / (double) Math.max(1, times.jobs.get());
      double afterTasks = times.afterLastTaskMillis.get() / (double) Math.max(1, times.jobs.get());
      double single = one.epochs().get(0).windowsPerSecond();
      double distributed = r.epochs().get(0).windowsPerSecond();
      System.out.printf(
          Locale.ROOT,
          "batch %d: single machine (2 threads) %,.0f windows/s (%.2f ms a step), dev F1 %.4f;"
              + " Spark local[2] %,.0f windows/s (%.2f ms a step), dev F1 %.4f%n",
          batch,
          single,
          batch / single * 1e3,
          one.dev().f1(),
          distributed,
          batch / distributed * 1e3,
          r.dev().f1());
      System.out.printf(
          Locale.ROOT,
          "  Spark step %.2f ms = driver: plan %.2f + broadcast %.2f + job %.2f + update %.2f%n",
          plan + broadcast + job + update,
          plan,
          broadcast,
          job,
          update);
      System.out.printf(
          Locale.ROOT,
          "  job %.2f ms: to the first task's launch %.2f; a task (two at once): deserialization"
              + " %.2f, run %.2f (of which the gradient %.2f), result serialization %.2f; after the"
              + " last task %.2f (of which adding gradients %.2f); unaccounted %.2f%n",
          job,
          beforeTasks,
          taskDeserialize,
          taskRun,
          gradient,
          resultSerialize,
          afterTasks,
          merge,
          job - beforeTasks - taskDeserialize - taskRun - resultSerialize - afterTasks);
      System.out.printf(
          Locale.ROOT,
          "  %d tasks in %d jobs, gc %.2f ms a step%n",
          times.tasks.get(),
          times.jobs.get(),
          times.gcMillis.get() / steps);
    }
  }

  /**
   * Spark's cost of a job as such: a job of two tasks that do nothing, 500 times (after 100 to warm
   * up), as a step's job runs them.
   */
  private static void emptyJobs(JavaSparkContext spark) {
    var rdd = spark.parallelize(List.of(0, 1), 2);
    for (int i = 0; i < 100; i++) {
      rdd.treeAggregate(0, (a, b) -> a + b, (a, b) -> a + b, 2);
    }
    long t0 = System.nanoTime();
    int n = 500;
    for (int i = 0; i < n; i++) {
      rdd.treeAggregate(0, (a, b) -> a + b, (a, b) -> a + b, 2);
    }
    System.out.printf(
        Locale.ROOT,
        "an empty treeAggregate job of 2 tasks: %.2f ms%n",
        (System.nanoTime() - t0) / 1e6 / n);
  }

  private static long tokens(List<Sentence> sentences) {
    long n = 0;
    for (Sentence s : sentences) {
      n += s.size();
    }
    return n;
  }

  /** {@code chainrule-ner train}'s defaults, one epoch, with this batch size and thread count. */
  static TrainingOptions options(int batch, int threads) {
    return new TrainingOptions(
        1,
        batch,
        42,
        threads,
        new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1e-3),
        300,
        2,
        50,
        8,
        0,
        0,
        Activation.TANH,
        0.3,
        0.05,
        2,
        5,
        false,
        null,
        null);
  }
}
