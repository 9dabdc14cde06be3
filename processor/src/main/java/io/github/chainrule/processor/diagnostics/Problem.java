package io.github.chainrule.processor.diagnostics;

import io.github.chainrule.processor.ir.Pos;

/** An error found in a differentiable method, with the position of the offending code. */
public record Problem(Tag tag, String message, Pos pos) {
  /** The message as the user reads it, starting with the tag. */
  public String formatted() {
    return tag.format(message);
  }
}
