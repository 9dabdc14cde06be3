package io.github.chainrule.runtime.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A parameter file that chainrule refuses to read (truncated, corrupt, lying about its offsets, of
 * an unsupported dtype) or whose tensors do not fit the arrays they were to be read into. The
 * message names the file and says what is wrong.
 */
public final class ParameterFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file, as given by the caller. */
  private final transient Path file;

  private final String problem;

  ParameterFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
    this.problem = problem;
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }

  /** What is wrong, without the file name. */
  public String problem() {
    return problem;
  }
}
