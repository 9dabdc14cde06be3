package io.github.chainrule.example.ner.cli;

import io.github.chainrule.example.ner.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chainrule-ner predict}: tags raw text. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Splits raw text into sentences and tokens and tags every token with a trained model. The"
          + " text comes from the arguments (each one a text), or from standard input when there are"
          + " none. Prints each token and its tag, a blank line after each sentence; with --json,"
          + " one JSON object per entity: {\"text\", \"type\", \"start\", \"end\", \"input\"}, the"
          + " offsets in characters (UTF-16 units) of the input text.",
      ""
    })
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train.")
  Path model;

  @Option(names = "--json", description = "Print the entities as JSON lines instead of tagged tokens.")
  boolean json;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to tag (default: standard input).")
  List<String> texts;

  /** Standard input, replaceable in tests. */
  InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    ModelStore.Stored stored = ModelStore.read(model);
    List<String> inputs = texts == null || texts.isEmpty() ? List.of(readStdin()) : texts;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Tagging.printJson(stored.model(), inputs, out);
    } else {
      Tagging.print(stored.model(), stored.scheme(), inputs, out);
    }
    return 0;
  }

  private String readStdin() throws IOException {
    byte[] bytes = stdin.readAllBytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("standard input is not UTF-8 text");
    }
  }
}
