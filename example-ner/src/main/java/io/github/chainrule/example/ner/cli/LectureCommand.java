package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.LectureExample;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chainrule-ner lecture}: the lecture's network on one window, with its gradients. */
@Command(
    name = "lecture",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the backprop lecture's window network s = u . sigmoid(W x + b) on the window \"museums"
          + " in Paris are amazing\", prints the score and the gradients of W, b, u and x that"
          + " chainrule generated, and checks them against central differences and the lecture's"
          + " delta formulas.",
      ""
    })
public final class LectureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--step", defaultValue = "1e-6", description = "Central-difference step h (default: ${DEFAULT-VALUE}).")
  double step;

  @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest relative error accepted per coordinate (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Override
  public Integer call() {
    return new LectureExample(spec.commandLine().getOut()).run(step, tolerance) ? 0 : 1;
  }
}
