package io.github.chainrule.example.ner;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line of the window NER example. */
@Command(
    name = "chainrule-ner",
    mixinStandardHelpOptions = true,
    version = "chainrule window NER example 0.1.0",
    description =
        "Runs the backprop lecture's window network s = u . sigmoid(W x + b) on a fixed window,"
            + " prints the score and the gradients of W, b, u and x that chainrule generated,"
            + " and checks them against central differences and the lecture's delta formulas.")
public final class Main implements Callable<Integer> {
  @Option(
      names = "--step",
      defaultValue = "1e-6",
      description = "Central-difference step h (default: ${DEFAULT-VALUE}).")
  double step;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-6",
      description = "Largest relative error accepted per coordinate (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    boolean ok = new LectureExample(spec.commandLine().getOut()).run(step, tolerance);
    return ok ? 0 : 1;
  }

  /** Runs the command with {@code args}, writing to {@code out}; returns the exit code. */
  static int run(PrintWriter out, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    return cl.execute(args);
  }

  /** Entry point; exits with a non-zero status only when something failed. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    int code = run(out, args);
    out.flush();
    if (code != 0) {
      System.exit(code);
    }
  }
}
