package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.cli.TrainCommand;
import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.store.ModelStore;
import io.github.chainrule.example.ner.train.Trainer;
import io.github.chainrule.example.ner.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chainrule-ner-spark}: trains the window NER model on Spark and writes the model directory
 * that {@code chainrule-ner eval} and {@code predict} read. The entry point for {@code spark-submit
 * --class io.github.chainrule.example.spark.SparkTrainCommand}.
 */
@Command(
    name = "chainrule-ner-spark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    version = "chainrule-ner-spark 0.1.0",
    description = {
      "Trains chainrule-ner's window NER model data-parallel on Apache Spark: each step's batch is"
          + " cut into shares, each share's gradient is computed on an executor by the gradient"
          + " chainrule generated at compile time, the gradients are summed with treeAggregate and"
          + " the driver updates the model. The same options and seed give the model"
          + " `chainrule-ner train` gives.",
      ""
    },
    footer = {
      "",
      "Every option of `chainrule-ner train` that shapes the model or its training is accepted too,"
          + " with the same defaults: --epochs, --batch-size, --seed, --threads (the driver's),"
          + " --optimizer, --lr, --hidden, --activation, --window, --dropout, --word-dropout,"
          + " --min-count, --patience, --crf, --affixes, --vectors (a local file), --binary,"
          + " --word-dim, --casing-dim, --affix-dim."
    })
public final class SparkTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--train",
      required = true,
      paramLabel = "PATH",
      description = "Training data, CoNLL layout: a file, directory or glob Spark can read.")
  String train;

  @Option(
      names = "--dev",
      required = true,
      paramLabel = "PATH",
      description = "Development data: picks the epoch to keep.")
  String dev;

  @Option(names = "--test", paramLabel = "PATH", description = "Test data, scored once.")
  String test;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The model directory to write: a local path or any Hadoop file system URI.")
  String out;

  @Option(
      names = "--shares",
      description =
          "Tasks per step, each computing one share of the batch (default: Spark's"
              + " default parallelism, the executors' cores).")
  Integer shares;

  @Option(
      names = "--tree-depth",
      defaultValue = "2",
      description = "Depth of treeAggregate's tree (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(
      names = "--op-threads",
      defaultValue = "1",
      description = "Threads each task's matrix products use (default: ${DEFAULT-VALUE}).")
  int opThreads;

  @Unmatched List<String> modelOptions = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    TrainCommand flags = new TrainCommand();
    new CommandLine(flags).parseArgs(modelOptions.toArray(new String[0]));
    TrainingOptions options = flags.options();
    SparkConf conf = new SparkConf().setAppName("chainrule-ner-spark");
    // run straight from a java command line too; spark-submit sets the master it was given
    conf.setIfMissing("spark.master", "local[*]");
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      List<String> paths = new ArrayList<>(List.of(train, dev));
      if (test != null) {
        paths.add(test);
      }
      List<Corpus> corpora = SparkCorpus.readTogether(spark, paths);
      for (int i = 0; i < corpora.size(); i++) {
        Corpus c = corpora.get(i);
        stdout.printf(
            Locale.ROOT,
            "%-5s %s: %,d sentences, %,d tokens, %s%n",
            i == 0 ? "train" : i == 1 ? "dev" : "test",
            c.source(),
            c.sentences().size(),
            c.tokenCount(),
            c.scheme());
      }
      SparkTrainer.Settings settings = SparkTrainer.Settings.of(spark);
      settings =
          new SparkTrainer.Settings(
              shares != null ? shares : settings.shares(),
              depth,
              opThreads,
              ShareHook.NONE,
              new StepCosts(false));
      stdout.printf(
          Locale.ROOT,
          "master %s, %d shares per step, tree depth %d%n",
          spark.master(),
          settings.shares(),
          settings.depth());
      stdout.flush();
      Trainer.Result r =
          new SparkTrainer(spark, options, settings)
              .train(
                  corpora.get(0).sentences(),
                  corpora.get(1).sentences(),
                  corpora.size() > 2 ? corpora.get(2).sentences() : null,
                  new EpochLines(stdout));
      stdout.printf(
          Locale.ROOT,
          "%nkept epoch %d (best dev F1), trained in %.1f s%nspark steps: %s%n",
          r.bestEpoch(),
          r.seconds(),
          settings.costs());
      stdout.println("dev:");
      stdout.print(r.dev().result().report());
      if (r.test() != null) {
        stdout.println("test:");
        stdout.print(r.test().result().report());
      }
      Map<String, String> notes = TrainCommand.settings(options);
      notes.put("--shares", Integer.toString(settings.shares()));
      notes.put("trainer", "chainrule-ner-spark on " + spark.master());
      write(spark, new ModelStore.Stored(r.model(), corpora.get(0).scheme(), notes));
      stdout.printf(Locale.ROOT, "wrote %s%n", out);
      stdout.flush();
    }
    return 0;
  }

  /**
   * Writes the model directory: in place for a local path (atomically, as {@link ModelStore} does),
   * else into a local staging directory copied to the file system, as {@code OUT.writing}, then
   * renamed to {@code OUT}.
   */
  private void write(JavaSparkContext spark, ModelStore.Stored stored) throws IOException {
    URI uri = URI.create(out);
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      ModelStore.write(uri.getScheme() == null ? Path.of(out) : Path.of(uri), stored, Map.of());
      return;
    }
    Path staging = Files.createTempDirectory("chainrule-ner-spark-");
    try {
      Path local = staging.resolve("model");
      ModelStore.write(local, stored, Map.of());
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out);
      org.apache.hadoop.fs.Path writing = new org.apache.hadoop.fs.Path(out + ".writing");
      FileSystem fs = target.getFileSystem(spark.hadoopConfiguration());
      fs.delete(writing, true);
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), writing);
      fs.delete(target, true);
      if (!fs.rename(writing, target)) {
        throw new IOException("could not rename " + writing + " to " + target);
      }
    } finally {
      FileUtil.fullyDelete(staging.toFile());
    }
  }

  /** One line per epoch. */
  private static final class EpochLines implements Trainer.Listener {
    private final PrintWriter out;

    EpochLines(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void epochDone(Trainer.EpochResult r) {
      out.printf(
          Locale.ROOT,
          "epoch %d: train loss %.4f, dev loss %.4f, dev F1 %.2f, %,.0f windows/s%s%n",
          r.epoch(),
          r.trainLoss(),
          r.devLoss(),
          r.dev().f1(),
          r.windowsPerSecond(),
          r.best() ? " (best)" : "");
      out.flush();
    }
  }

  /**
   * Runs the command line, writing to {@code out} and errors to {@code err}; returns the exit code:
   * 0, 1 for input it refuses (one line saying why), 2 for a bad command line.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SparkTrainCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println(
              "chainrule-ner-spark: " + e.getMessage() + " (see chainrule-ner-spark --help)");
          err.flush();
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof CommandLine.ParameterException) {
            err.println(
                "chainrule-ner-spark: " + e.getMessage() + " (see chainrule-ner-spark --help)");
            err.flush();
            return 2;
          }
          if (e instanceof IOException || e instanceof IllegalArgumentException) {
            err.println("chainrule-ner-spark: " + e.getMessage());
            err.flush();
            return 1;
          }
          throw e;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Entry point (for {@code spark-submit}); exits with the command's code when it is not 0. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(out, err, args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
