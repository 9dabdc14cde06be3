package io.github.chainrule.benchmarks;

import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.FeatureSpace;
import io.github.chainrule.example.ner.features.Vocabulary;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.train.OptimizerSettings;
import io.github.chainrule.example.ner.train.TrainingStep;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training throughput of the lecture's window classifier, in windows per second (forward, backward
 * and update), through the NER example's own {@link TrainingStep}: the code path {@code
 * chainrule-ner train} uses.
 *
 * <p>The model: V word types, d = 50, a window of 5, H = 200 tanh units, 5 classes, softmax
 * cross-entropy averaged over the batch, plain SGD ({@code lr = 0.01}) on every parameter, the
 * word vectors included (row-sparsely). The data: a pool of 100,000 windows drawn once from a
 * fixed seed, each id {@code floor(V^u) - 1} for u uniform in [0, 1) (log-uniform, so batches
 * repeat frequent words as text does), labels uniform; batches are consecutive slices of the
 * pool. {@code benchmarks/window_training.py} trains the same model on the same kind of data in
 * PyTorch and prints the same lines, so the two compare line by line.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.chainrule.benchmarks.WindowTraining \
 *     --vocab 20000 --batches 1,32,256,2048 --seconds 10 --threads 2
 * </pre>
 */
@Command(
    name = "WindowTraining",
    mixinStandardHelpOptions = true,
    description = "Windows per second of the lecture's window classifier, trained as chainrule-ner trains it.")
public final class WindowTraining implements Callable<Integer> {
  static final int POOL = 100_000;
  static final int DIM = 50;
  static final int HIDDEN = 200;
  static final int CLASSES = 5;
  static final double LEARNING_RATE = 0.01;
  private static final int[] NO_SENTENCES = new int[0];

  @Option(names = "--vocab", defaultValue = "20000", description = "Word types V (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "1,32,256,2048",
      description = "Batch sizes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--seconds", defaultValue = "10", description = "Seconds of timed training per batch size (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--threads", defaultValue = "2", description = "Threads the ops use (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and the initial model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (vocab < 4) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--vocab must be at least 4");
    }
    OpThreads.set(threads);
    System.out.printf(
        Locale.ROOT,
        "chainrule WindowTraining: V=%d d=%d window=5 H=%d classes=%d tanh softmax SGD lr=%s threads=%d java=%s%n",
        vocab, DIM, HIDDEN, CLASSES, LEARNING_RATE, threads, System.getProperty("java.version"));
    int[][] pool = new int[POOL][5];
    int[] labels = new int[POOL];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < POOL; i++) {
      for (int k = 0; k < 5; k++) {
        pool[i][k] = zipfLike(random, vocab);
      }
      labels[i] = random.nextInt(CLASSES);
    }
    for (int batch : batches) {
      NerModel model = model(vocab, seed);
      // The previous batch size's model (200 MB at V = 500,000) is garbage now, and this one is
      // new: collect before timing, so that the collector does not copy a fresh table in the
      // timed seconds.
      System.gc();
      double rate = measure(model, batch, pool, labels, seconds);
      System.out.printf(Locale.ROOT, "B=%d windows/s=%d%n", batch, Math.round(rate));
    }
    return 0;
  }

  /** {@code floor(V^u) - 1} for u uniform in [0, 1), clamped to the vocabulary. */
  static int zipfLike(SplittableRandom random, int vocab) {
    int id = (int) Math.floor(Math.pow(vocab, random.nextDouble())) - 1;
    return Math.max(0, Math.min(vocab - 1, id));
  }

  /** The benchmark's model: words only, d = 50, H = 200 tanh, 5 classes, softmax. */
  static NerModel model(int vocab, long seed) {
    List<String> words = new ArrayList<>(List.of(Vocabulary.UNKNOWN, Vocabulary.START, Vocabulary.END));
    for (int w = words.size(); w < vocab; w++) {
      words.add("w" + w);
    }
    FeatureConfig features = new FeatureConfig(2, DIM, 0, 0, 0);
    FeatureSpace space =
        new FeatureSpace(features, Vocabulary.of(words), Vocabulary.of(words.subList(0, 3)), Vocabulary.of(words.subList(0, 3)));
    List<String> tags = List.of("O", "B-A", "I-A", "B-B", "I-B");
    ModelConfig config = new ModelConfig(features, HIDDEN, Activation.TANH, tags, ModelConfig.Objective.SOFTMAX, null);
    return NerModel.initialize(config, space, seed);
  }

  /** Trains for a quarter of {@code seconds} to warm up, then {@code seconds}; windows per second. */
  static double measure(NerModel model, int size, int[][] pool, int[] labels, double seconds) {
    TrainingStep step = new TrainingStep(model, new OptimizerSettings(OptimizerSettings.Kind.SGD, LEARNING_RATE), size, 0.0);
    WindowBatch batch = new WindowBatch(model.config().features(), size);
    int[] next = {0};
    long warmUntil = System.nanoTime() + (long) (seconds * 0.25e9);
    long steps = 0;
    while (System.nanoTime() < warmUntil || steps < 3) {
      fill(batch, pool, labels, next);
      step.step(batch, NO_SENTENCES, steps++);
    }
    long windows = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      fill(batch, pool, labels, next);
      step.step(batch, NO_SENTENCES, steps++);
      windows += size;
      now = System.nanoTime();
    } while (now < end);
    return windows / ((now - start) / 1e9);
  }

  private static void fill(WindowBatch batch, int[][] pool, int[] labels, int[] next) {
    for (int r = 0; r < batch.size(); r++) {
      int i = next[0];
      System.arraycopy(pool[i], 0, batch.words()[r], 0, 5);
      batch.labels()[r] = labels[i];
      next[0] = (i + 1) % pool.length;
    }
  }

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new WindowTraining()).execute(args));
  }
}
