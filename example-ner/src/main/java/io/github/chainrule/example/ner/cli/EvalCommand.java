package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.corpus.Corpus;
import io.github.chainrule.example.ner.corpus.CorpusReader;
import io.github.chainrule.example.ner.store.ModelStore;
import io.github.chainrule.example.ner.train.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chainrule-ner eval}: scores a model on a labelled file. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Tags a labelled CoNLL file with a trained model and prints the scores exactly as the"
          + " reference conlleval script prints them (entity-level precision, recall and F1, overall"
          + " and per type, and token accuracy), then the token-level confusion matrix.",
      ""
    })
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train.")
  Path model;

  @Option(names = "--data", paramLabel = "FILE", required = true, description = "Labelled data, CoNLL layout (IOB1, IOB2 or IOBES).")
  Path data;

  @Option(names = "--threads", description = "Threads for the matrix products (default: the number of processors).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    Cli.requireFile(spec, data);
    ModelStore.Stored stored = ModelStore.read(model);
    Corpus corpus = CorpusReader.read(data);
    io.github.chainrule.runtime.parallel.OpThreads.set(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    Evaluation e = Evaluation.of(stored.model(), corpus.sentences(), stored.model().space().encodeSentences(corpus.sentences()));
    PrintWriter out = spec.commandLine().getOut();
    out.print(e.result().report());
    out.println();
    out.println("token confusion (rows: gold, columns: predicted):");
    out.print(e.confusion().render());
    out.flush();
    return 0;
  }
}
