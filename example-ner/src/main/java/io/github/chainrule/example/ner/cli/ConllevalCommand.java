package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.eval.Conlleval;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chainrule-ner conlleval}: the reference scorer, for predictions made by anything. */
@Command(
    name = "conlleval",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a predictions file in the CoNLL evaluation layout (each line: token, any columns, the"
          + " gold tag, the guessed tag; blank lines between sentences) and prints exactly what the"
          + " reference conlleval script (v2004-01-26) prints for it.",
      ""
    })
public final class ConllevalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The predictions.")
  Path file;

  @Override
  public Integer call() throws IOException {
    Cli.requireFile(spec, file);
    spec.commandLine().getOut().print(Conlleval.evaluate(file).report());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
