package io.github.chainrule.example.ner.store;

import java.io.IOException;
import java.nio.file.Path;

/** A model directory that cannot be read: the message names the directory and the problem. */
public final class ModelException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A refusal of {@code dir}. */
  public ModelException(Path dir, String problem) {
    super("model " + dir + " " + problem);
  }
}
