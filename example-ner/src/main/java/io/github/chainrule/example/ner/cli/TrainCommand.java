package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.model.Activation;
import io.github.chainrule.example.ner.report.HtmlReport;
import io.github.chainrule.example.ner.store.ModelStore;
import io.github.chainrule.example.ner.train.OptimizerSettings;
import io.github.chainrule.example.ner.train.Trainer;
import io.github.chainrule.example.ner.train.TrainingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chainrule-ner train}: trains a window NER model and writes it, with its report. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains the backprop lecture's window NER model: each word is classified from the vectors of"
          + " the words around it through h = f(W x + b) and a softmax (or a CRF), and the word"
          + " vectors are trained too. The gradient is the one chainrule generated at compile time.",
      "",
      "Without --train and --dev it trains on a small corpus that ships with the program and then"
          + " tags the lecture's sentences.",
      "",
      "Writes DIR/config.json, DIR/vocab.json, DIR/params.safetensors and DIR/report.html, all at"
          + " once: an interrupted run leaves the previous model or none.",
      ""
    })
public final class TrainCommand implements Callable<Integer> {
  static final String BUNDLED = "/io/github/chainrule/example/ner/corpus/";

  @Spec CommandSpec spec;

  @Option(names = "--train", paramLabel = "FILE", description = "Training data, CoNLL layout (IOB1, IOB2 or IOBES).")
  Path train;

  @Option(names = "--dev", paramLabel = "FILE", description = "Development data: picks the epoch to keep.")
  Path dev;

  @Option(names = "--test", paramLabel = "FILE", description = "Test data, scored once with the kept model.")
  Path test;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "ner-model", description = "The model directory to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--epochs", defaultValue = "20", description = "Most passes over the training data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Windows per step; with --crf, whole sentences up to this many (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice; the same seed gives the same model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Threads for the matrix products (default: the number of processors). Changes the speed, never the model.")
  Integer threads;

  @Option(names = "--optimizer", defaultValue = "adam", description = "sgd (theta = theta - lr * grad), adam or adagrad (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", description = "Learning rate (default: 0.001 for adam, 0.05 for sgd and adagrad).")
  Double lr;

  @Option(names = "--hidden", defaultValue = "300", description = "Units of the hidden layer h (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--activation", defaultValue = "tanh", description = "The nonlinearity f: tanh, relu or sigmoid (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--window", defaultValue = "2", description = "Words on each side of the centre word; 2 is the lecture's window of 5 (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout of the window vectors and of h (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--word-dropout", defaultValue = "0.05", description = "Chance that a training word is read as <unk>, so that <unk> is learned (default: ${DEFAULT-VALUE}).")
  double wordDropout;

  @Option(names = "--min-count", defaultValue = "2", description = "Words seen fewer times in training become <unk> (default: ${DEFAULT-VALUE}).")
  int minCount;

  @Option(names = "--patience", defaultValue = "5", description = "Stop after this many epochs without a better dev F1 (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--crf", description = "Score whole sentences with a linear-chain CRF over the tag scores (Viterbi at prediction).")
  boolean crf;

  @Option(names = "--affixes", description = "Add prefix and suffix vectors (lengths 2 to 4) and word-shape vectors.")
  boolean affixes;

  @Option(names = "--vectors", paramLabel = "FILE", description = "Pretrained word vectors, GloVe or word2vec text format, matched case-insensitively.")
  Path vectors;

  @Option(names = "--binary", paramLabel = "TYPE", description = "The lecture's binary variant: one logistic unit sigma(u . h) answering \"is this word a TYPE\" (e.g. LOC), word vectors only.")
  String binary;

  @Option(names = "--word-dim", defaultValue = "50", description = "Width of the word vectors, unless --vectors sets it (default: ${DEFAULT-VALUE}).")
  int wordDim;

  @Option(names = "--casing-dim", defaultValue = "8", description = "Width of the casing vectors, 0 for none (default: ${DEFAULT-VALUE}).")
  int casingDim;

  @Option(names = "--affix-dim", defaultValue = "16", description = "Width of each prefix, suffix and shape vector with --affixes (default: ${DEFAULT-VALUE}).")
  int affixDim;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if ((train == null) != (dev == null)) {
      throw new ParameterException(spec.commandLine(), "--train and --dev go together: give both, or neither to train on the bundled corpus");
    }
    if (test != null && train == null) {
      throw new ParameterException(spec.commandLine(), "--test needs --train and --dev");
    }
    for (Path p : new Path[] {train, dev, test, vectors}) {
      Cli.requireFile(spec, p);
    }
    TrainingOptions options = options();
    List<Corpus> corpora = read();
    Corpus trainSet = corpora.get(0);
    Corpus devSet = corpora.get(1);
    Corpus testSet = corpora.size() > 2 ? corpora.get(2) : null;
    Map<String, String> summaries = new LinkedHashMap<>();
    summaries.put("train", summary(trainSet));
    summaries.put("dev", summary(devSet));
    if (testSet != null) {
      summaries.put("test", summary(testSet));
    }
    summaries.forEach((k, v) -> stdout.printf(Locale.ROOT, "%-5s %s%n", k, v));
    stdout.flush();

    Trainer.Result r =
        new Trainer(options)
            .train(
                trainSet.sentences(),
                devSet.sentences(),
                testSet == null ? null : testSet.sentences(),
                new TrainingProgress(stdout, System.console() != null, options.epochs()));

    stdout.printf(Locale.ROOT, "%nkept epoch %d (best dev F1), trained in %.1f s%n", r.bestEpoch(), r.seconds());
    stdout.println("dev:");
    stdout.print(r.dev().result().report());
    if (r.test() != null) {
      stdout.println("test:");
      stdout.print(r.test().result().report());
    }
    Map<String, String> settings = settings(options);
    String title = "Window NER on " + (train == null ? "the bundled corpus" : train.getFileName());
    String html = HtmlReport.render(ReportBuilder.build(title, settings, summaries, r));
    ModelStore.write(out, new ModelStore.Stored(r.model(), trainSet.scheme(), settings), Map.of("report.html", html));
    stdout.printf(Locale.ROOT, "wrote %s (report: %s)%n", out, out.resolve("report.html"));
    if (train == null) {
      stdout.println();
      stdout.println("The lecture's sentences:");
      Tagging.print(r.model(), trainSet.scheme(), Tagging.LECTURE_SENTENCES, stdout);
    }
    stdout.flush();
    return 0;
  }

  /**
   * The training options of the parsed command line, every default applied: what {@code train}
   * trains with, for other trainers (a data-parallel one) that take the same options.
   *
   * @throws ParameterException if an option's value is not one it accepts
   */
  public TrainingOptions options() {
    OptimizerSettings.Kind kind = OptimizerSettings.Kind.parse(optimizer);
    double rate = lr != null ? lr : kind == OptimizerSettings.Kind.ADAM ? 1e-3 : 0.05;
    Activation f;
    try {
      f = Activation.valueOf(activation.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--activation: expected tanh, relu or sigmoid, got '" + activation + "'");
    }
    return new TrainingOptions(
        epochs,
        batchSize,
        seed,
        threads != null ? threads : Runtime.getRuntime().availableProcessors(),
        new OptimizerSettings(kind, rate),
        hidden,
        window,
        wordDim,
        casingDim,
        affixes ? affixDim : 0,
        affixes ? affixDim : 0,
        f,
        dropout,
        wordDropout,
        minCount,
        patience,
        crf,
        binary,
        vectors);
  }

  private List<Corpus> read() throws IOException {
    if (train == null) {
      List<Corpus> out = new ArrayList<>();
      for (String name : new String[] {"train.conll", "dev.conll"}) {
        InputStream in = TrainCommand.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
          throw new IOException("the bundled corpus " + name + " is missing from the program");
        }
        out.add(CorpusReader.read("bundled " + name, in));
      }
      return out;
    }
    List<Path> files = new ArrayList<>(List.of(train, dev));
    if (test != null) {
      files.add(test);
    }
    return CorpusReader.readTogether(files);
  }

  private static String summary(Corpus c) {
    int entities = 0;
    for (Sentence s : c.sentences()) {
      entities += s.entities().size();
    }
    return String.format(
        Locale.ROOT,
        "%s: %,d sentences, %,d tokens, %,d entities (%s), %s",
        c.source(),
        c.sentences().size(),
        c.tokenCount(),
        entities,
        String.join(", ", c.types()),
        c.scheme());
  }

  /** The options as {@code train} records them in the model directory and its report. */
  public static Map<String, String> settings(TrainingOptions o) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("--epochs", Integer.toString(o.epochs()));
    s.put("--batch-size", Integer.toString(o.batchSize()));
    s.put("--optimizer", o.optimizer().kind().name().toLowerCase(Locale.ROOT));
    s.put("--lr", Double.toString(o.optimizer().learningRate()));
    s.put("--hidden", Integer.toString(o.hidden()));
    s.put("--activation", o.activation().name().toLowerCase(Locale.ROOT));
    s.put("--window", Integer.toString(o.halfWindow()));
    s.put("--dropout", Double.toString(o.dropout()));
    s.put("--word-dropout", Double.toString(o.wordDropout()));
    s.put("--min-count", Integer.toString(o.minCount()));
    s.put("--patience", Integer.toString(o.patience()));
    s.put("--crf", Boolean.toString(o.crf()));
    s.put("--affixes", Boolean.toString(o.affixDim() > 0));
    s.put("--word-dim", Integer.toString(o.wordDim()));
    s.put("--casing-dim", Integer.toString(o.casingDim()));
    if (o.affixDim() > 0) {
      s.put("--affix-dim", Integer.toString(o.affixDim()));
    }
    if (o.binaryType() != null) {
      s.put("--binary", o.binaryType());
    }
    if (o.vectors() != null) {
      s.put("--vectors", o.vectors().toString());
    }
    s.put("--seed", Long.toString(o.seed()));
    s.put("--threads", Integer.toString(o.threads()));
    return s;
  }
}
