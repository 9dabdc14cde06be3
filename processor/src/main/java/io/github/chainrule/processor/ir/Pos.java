package io.github.chainrule.processor.ir;

/**
 * Where a piece of IR came from: the source line for comments in generated code, and an opaque
 * handle that the parse stage can turn back into a javac tree to report an error on the exact
 * expression. The IR never looks inside the handle.
 */
public record Pos(int line, String source, Object handle) {
  public static final Pos NONE = new Pos(0, "", null);
}
