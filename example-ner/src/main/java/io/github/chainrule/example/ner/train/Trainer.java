package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.corpus.Token;
import io.github.chainrule.example.ner.features.EncodedCorpus;
import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.FeatureSpace;
import io.github.chainrule.example.ner.features.PretrainedVectors;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.LectureNetwork;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.model.NerNetwork;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a window NER model: epochs of shuffled batches through the {@link TrainingStep}, the dev
 * set scored after each epoch, the parameters of the best dev F1 kept, and training stopped when
 * the dev F1 has not improved for {@code patience} epochs.
 *
 * <p>Every random choice comes from the seed: the initial parameters, each epoch's order, each
 * step's dropout masks and word dropout. The ops' threads never change a result, so the same seed
 * gives the same model, bit for bit, on any number of threads.
 */
public final class Trainer {
  /** Progress, as training goes. All methods run on the training thread. */
  public interface Listener {
    /** An epoch of {@code windows} training windows starts. */
    default void epochStarted(int epoch, long windows) {}

    /** A step finished: {@code windows} windows of this epoch are done; {@code loss} is its mean. */
    default void stepDone(long windows, double loss) {}

    /** An epoch ended, dev set scored. */
    default void epochDone(EpochResult result) {}
  }

  /**
   * One epoch's figures.
   *
   * @param epoch 1-based
   * @param trainLoss the mean training loss over the epoch's windows
   * @param devLoss the mean loss on the dev set (no dropout)
   * @param dev the dev set's scores after the epoch
   * @param windowsPerSecond training windows per second (training steps only)
   * @param seconds the epoch's time, training and scoring
   * @param best whether this epoch's model is the best so far, and kept
   */
  public record EpochResult(
      int epoch, double trainLoss, double devLoss, Evaluation dev, double windowsPerSecond, double seconds, boolean best) {}

  /**
   * What training produced.
   *
   * @param model the model of the best epoch
   * @param epochs every epoch's figures
   * @param bestEpoch the epoch whose model was kept
   * @param dev the kept model's dev scores
   * @param test its test scores, or null without a test set
   * @param seconds the whole run
   */
  public record Result(
      NerModel model, List<EpochResult> epochs, int bestEpoch, Evaluation dev, Evaluation test, double seconds) {}

  private final TrainingOptions options;
  private final BatchStep.Factory steps;

  /** A trainer for these options, stepping on this machine ({@link TrainingStep}). */
  public Trainer(TrainingOptions options) {
    this(options, TrainingStep::new);
  }

  /**
   * A trainer for these options whose batches are trained by the steps {@code steps} makes (a
   * data-parallel trainer's); the order, dropout, dev scoring and stopping are this trainer's.
   */
  public Trainer(TrainingOptions options, BatchStep.Factory steps) {
    this.options = options;
    this.steps = steps;
  }

  /**
   * Trains on {@code train}, chooses by {@code dev}, scores {@code test} (may be null) once.
   *
   * @throws IOException if the pretrained vectors cannot be read
   * @throws IllegalArgumentException if the corpora do not fit the options (no entity of the
   *     binary type, say)
   */
  public Result train(List<Sentence> train, List<Sentence> dev, List<Sentence> test, Listener listener)
      throws IOException {
    long started = System.nanoTime();
    OpThreads.set(options.threads());
    PretrainedVectors vectors = options.vectors() == null ? null : PretrainedVectors.read(options.vectors());
    ModelConfig config = config(train, vectors);
    FeatureSpace space = FeatureSpace.fromTraining(train, config.features(), options.minCount());
    if (vectors != null) {
      space = space.withWords(vectors.vectors().keySet());
    }
    SplittableRandom seeds = new SplittableRandom(options.seed());
    NerModel model = initialModel(config, space, vectors, seeds.nextLong());
    EncodedCorpus trainSet = space.encodeSentences(train);
    EncodedCorpus devSet = space.encodeSentences(dev);
    int[] labels = labels(config, train);

    BatchStep step = steps.create(model, options.optimizer(), maxBatch(config, trainSet), options.dropout());
    List<EpochResult> epochs = new ArrayList<>();
    NerParams best = null;
    int bestEpoch = 0;
    double bestF1 = -1;
    Evaluation bestDev = null;
    Map<Integer, WindowBatch> batches = new HashMap<>();
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      SplittableRandom random = seeds.split();
      listener.epochStarted(epoch, trainSet.tokens());
      double lossSum = 0;
      long done = 0;
      long trainingNanos = 0;
      for (int[] unit : order(config, trainSet, random)) {
        long t0 = System.nanoTime();
        Batch b = fill(unit, config, trainSet, labels, batches, random);
        double loss = step.step(b.windows, b.sentenceStarts, random.nextLong());
        trainingNanos += System.nanoTime() - t0;
        lossSum += loss * b.windows.size();
        done += b.windows.size();
        listener.stepDone(done, loss);
      }
      Evaluation devEval = Evaluation.of(model, dev, devSet);
      double devLoss = loss(model, devSet, dev, config);
      boolean improved = devEval.f1() > bestF1;
      if (improved) {
        bestF1 = devEval.f1();
        bestEpoch = epoch;
        best = copy(model.params());
        bestDev = devEval;
      }
      EpochResult r =
          new EpochResult(
              epoch,
              lossSum / done,
              devLoss,
              devEval,
              done / (trainingNanos / 1e9),
              (System.nanoTime() - epochStart) / 1e9,
              improved);
      epochs.add(r);
      listener.epochDone(r);
      if (epoch - bestEpoch >= options.patience()) {
        break;
      }
    }
    NerModel kept = new NerModel(config, space, best);
    Evaluation testEval = test == null ? null : Evaluation.of(kept, test, space.encodeSentences(test));
    return new Result(kept, epochs, bestEpoch, bestDev, testEval, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The model before training: random parameters, and the pretrained vector of every word the
   * vectors have (by normalised form) as its starting row.
   */
  static NerModel initialModel(ModelConfig config, FeatureSpace space, PretrainedVectors vectors, long seed) {
    NerModel model = NerModel.initialize(config, space, seed);
    if (vectors != null) {
      double[][] words = model.params().words();
      for (int id = 0; id < space.words().size(); id++) {
        double[] v = vectors.vectors().get(space.words().string(id));
        if (v != null) {
          System.arraycopy(v, 0, words[id], 0, v.length);
        }
      }
    }
    return model;
  }

  ModelConfig config(List<Sentence> train, PretrainedVectors vectors) {
    int wordDim = vectors != null ? vectors.dim() : options.wordDim();
    List<String> tags = tagSet(train);
    if (options.binaryType() != null) {
      if (!tags.contains("B-" + options.binaryType())) {
        throw new IllegalArgumentException(
            "--binary " + options.binaryType() + ": the training data has no entity of that type; it has "
                + types(tags));
      }
      FeatureConfig words = new FeatureConfig(options.halfWindow(), wordDim, 0, 0, 0);
      return new ModelConfig(
          words,
          options.hidden(),
          options.activation(),
          List.of("O", "B-" + options.binaryType(), "I-" + options.binaryType()),
          ModelConfig.Objective.BINARY,
          options.binaryType());
    }
    FeatureConfig features =
        new FeatureConfig(options.halfWindow(), wordDim, options.casingDim(), options.shapeDim(), options.affixDim());
    return new ModelConfig(
        features,
        options.hidden(),
        options.activation(),
        tags,
        options.crf() ? ModelConfig.Objective.CRF : ModelConfig.Objective.SOFTMAX,
        null);
  }

  /** {@code O}, then for each type in order of first appearance its {@code B-} and {@code I-}. */
  static List<String> tagSet(List<Sentence> sentences) {
    LinkedHashSet<String> types = new LinkedHashSet<>();
    for (Sentence s : sentences) {
      for (Token t : s.tokens()) {
        if (!t.tag().equals("O")) {
          types.add(t.tag().substring(2));
        }
      }
    }
    List<String> tags = new ArrayList<>(List.of("O"));
    for (String type : types) {
      tags.add("B-" + type);
      tags.add("I-" + type);
    }
    return tags;
  }

  private static String types(List<String> tags) {
    List<String> types = new ArrayList<>();
    for (String t : tags) {
      if (t.startsWith("B-")) {
        types.add(t.substring(2));
      }
    }
    return types.isEmpty() ? "no entities" : String.join(", ", types);
  }

  /** The training label of every token: its tag's index, or 1/0 for the binary model. */
  static int[] labels(ModelConfig config, List<Sentence> sentences) {
    List<int[]> perSentence = labelsBySentence(config, sentences);
    int n = 0;
    for (int[] l : perSentence) {
      n += l.length;
    }
    int[] labels = new int[n];
    int t = 0;
    for (int[] l : perSentence) {
      System.arraycopy(l, 0, labels, t, l.length);
      t += l.length;
    }
    return labels;
  }

  private static List<int[]> labelsBySentence(ModelConfig config, List<Sentence> sentences) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < config.tags().size(); i++) {
      index.put(config.tags().get(i), i);
    }
    List<int[]> out = new ArrayList<>(sentences.size());
    for (Sentence s : sentences) {
      int[] l = new int[s.size()];
      for (int t = 0; t < l.length; t++) {
        String tag = s.tokens().get(t).tag();
        if (config.objective() == ModelConfig.Objective.BINARY) {
          l[t] = tag.length() > 2 && tag.substring(2).equals(config.binaryType()) ? 1 : 0;
        } else {
          // tags of types the training data lacks are scored as O (the dev and test sets only)
          l[t] = index.getOrDefault(tag, 0);
        }
      }
      out.add(l);
    }
    return out;
  }

  /**
   * The epoch's batches, shuffled: for the window objectives, batches of tokens; for the CRF, of
   * whole sentences, up to the batch size in windows (a longer sentence is a batch of its own). Each
   * array lists token indices, or for the CRF sentence indices.
   */
  private List<int[]> order(ModelConfig config, EncodedCorpus corpus, SplittableRandom random) {
    boolean crf = config.objective() == ModelConfig.Objective.CRF;
    int n = crf ? corpus.sentences() : corpus.tokens();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    List<int[]> out = new ArrayList<>();
    int b = options.batchSize();
    if (!crf) {
      for (int i = 0; i < n; i += b) {
        out.add(java.util.Arrays.copyOfRange(perm, i, Math.min(n, i + b)));
      }
      return out;
    }
    int i = 0;
    while (i < n) {
      int from = i;
      int windows = 0;
      while (i < n && (i == from || windows + length(corpus, perm[i]) <= b)) {
        windows += length(corpus, perm[i]);
        i++;
      }
      out.add(java.util.Arrays.copyOfRange(perm, from, i));
    }
    return out;
  }

  /** The most windows a batch of {@link #order} holds: the batch size, or a longer CRF sentence. */
  private int maxBatch(ModelConfig config, EncodedCorpus corpus) {
    int max = options.batchSize();
    if (config.objective() == ModelConfig.Objective.CRF) {
      for (int s = 0; s < corpus.sentences(); s++) {
        max = Math.max(max, length(corpus, s));
      }
    }
    return max;
  }

  private static int length(EncodedCorpus corpus, int s) {
    return corpus.start(s + 1) - corpus.start(s);
  }

  /** A filled batch and, for the CRF, where its sentences start. */
  private record Batch(WindowBatch windows, int[] sentenceStarts) {}

  private static final int[] NO_SENTENCES = new int[0];

  private Batch fill(
      int[] unit,
      ModelConfig config,
      EncodedCorpus corpus,
      int[] labels,
      Map<Integer, WindowBatch> batches,
      SplittableRandom random) {
    boolean crf = config.objective() == ModelConfig.Objective.CRF;
    int size = 0;
    if (crf) {
      for (int s : unit) {
        size += length(corpus, s);
      }
    } else {
      size = unit.length;
    }
    WindowBatch batch = batches.computeIfAbsent(size, k -> new WindowBatch(config.features(), k));
    boolean[] drop = new boolean[config.features().windowSize()];
    int[] starts = crf ? new int[unit.length + 1] : NO_SENTENCES;
    int r = 0;
    if (crf) {
      for (int k = 0; k < unit.length; k++) {
        int s = unit[k];
        starts[k] = r;
        for (int t = corpus.start(s); t < corpus.start(s + 1); t++) {
          corpus.window(s, t, batch, r, wordDropout(drop, random));
          batch.labels()[r++] = labels[t];
        }
      }
      starts[unit.length] = r;
    } else {
      for (int t : unit) {
        corpus.window(corpus.sentenceOf(t), t, batch, r, wordDropout(drop, random));
        batch.labels()[r++] = labels[t];
      }
    }
    return new Batch(batch, starts);
  }

  private boolean[] wordDropout(boolean[] drop, SplittableRandom random) {
    if (options.wordDropout() == 0) {
      return null;
    }
    for (int i = 0; i < drop.length; i++) {
      drop[i] = random.nextDouble() < options.wordDropout();
    }
    return drop;
  }

  /** The mean loss of a corpus, without dropout (the plain methods, no gradient). */
  static double loss(NerModel model, EncodedCorpus corpus, List<Sentence> sentences, ModelConfig config) {
    int[] labels = labels(config, sentences);
    int activation = config.activation().ordinal();
    double total = 0;
    int s = 0;
    int chunk = 1024;
    while (s < corpus.sentences()) {
      int first = s;
      int windows = 0;
      while (s < corpus.sentences() && (s == first || windows + length(corpus, s) <= chunk)) {
        windows += length(corpus, s);
        s++;
      }
      WindowBatch batch = new WindowBatch(config.features(), windows);
      int[] starts = new int[s - first + 1];
      int r = 0;
      for (int k = first; k < s; k++) {
        starts[k - first] = r;
        for (int t = corpus.start(k); t < corpus.start(k + 1); t++) {
          corpus.window(k, t, batch, r, null);
          batch.labels()[r++] = labels[t];
        }
      }
      starts[s - first] = r;
      NerParams p = model.params();
      double mean =
          config.objective() == ModelConfig.Objective.BINARY
              ? LectureNetwork.loss(p, batch.words(), batch.labels(), activation)
              : NerNetwork.loss(
                  p,
                  batch.words(),
                  batch.casing(),
                  batch.shapes(),
                  batch.prefixes(),
                  batch.suffixes(),
                  new double[0][0],
                  new double[0][0],
                  activation,
                  config.objective() == ModelConfig.Objective.CRF ? NerNetwork.CRF : NerNetwork.SOFTMAX,
                  batch.labels(),
                  starts);
      total += mean * windows;
    }
    return total / corpus.tokens();
  }

  /** A deep copy of the parameters. */
  static NerParams copy(NerParams p) {
    return new NerParams(
        copy(p.words()),
        copy(p.casing()),
        copy(p.shapes()),
        copy(p.affixes()),
        copy(p.W()),
        p.b().clone(),
        copy(p.U()),
        p.c().clone(),
        copy(p.transitions()),
        p.start().clone(),
        p.end().clone());
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
