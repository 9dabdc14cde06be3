package io.github.chainrule.example.ner;

import io.github.chainrule.example.ner.cli.ConllevalCommand;
import io.github.chainrule.example.ner.cli.EvalCommand;
import io.github.chainrule.example.ner.cli.LectureCommand;
import io.github.chainrule.example.ner.cli.PredictCommand;
import io.github.chainrule.example.ner.cli.TrainCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code chainrule-ner}: the window NER model of the backprop lecture, trained with the gradient
 * chainrule generates at compile time.
 */
@Command(
    name = "chainrule-ner",
    mixinStandardHelpOptions = true,
    version = "chainrule-ner 0.1.0",
    description = {
      "The backprop lecture's window-based named entity recognizer, written as plain Java with"
          + " @Differentiable and trained with the gradient chainrule generated at compile time.",
      ""
    },
    subcommands = {
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      ConllevalCommand.class,
      LectureCommand.class
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /**
   * Runs the command line with {@code args}, writing to {@code out} and errors to {@code err};
   * returns the exit code: 0, 1 for input the program refuses (with one line saying why, no stack
   * trace), 2 for a bad command line.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          CommandLine c = e.getCommandLine();
          err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage()
              + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
          err.flush();
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
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

  /** {@link #run(PrintWriter, PrintWriter, String...)} with errors to the same writer. */
  static int run(PrintWriter out, String... args) {
    return run(out, out, args);
  }

  /** Entry point; exits with the command's code when it is not 0. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(out, err, args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
