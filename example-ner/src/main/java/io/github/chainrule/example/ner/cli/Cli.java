package io.github.chainrule.example.ner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks shared by the commands. */
final class Cli {
  private Cli() {}

  /** Refuses a path that is given but is not a readable file, naming the option's command. */
  static void requireFile(CommandSpec spec, Path file) {
    if (file == null) {
      return;
    }
    if (!Files.exists(file)) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "not a file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file);
    }
  }
}
