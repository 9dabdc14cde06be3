package io.github.chainrule.processor.fuzz;

import java.util.List;

/**
 * One generated program: a top-level class with nested record types and several static
 * {@code @Differentiable} methods, and its traced twin (see {@link TraceSource}).
 *
 * @param seed the seed that reproduces it ({@link ProgramGenerator#generate})
 * @param packageName its package
 * @param className simple name of the class
 * @param lines the source of the class, one element per line
 * @param tracedSource the source of the traced twin {@code className + "T"}
 * @param methods the {@code @Differentiable} methods, in source order (callees first)
 * @param records the nested record types
 * @param points where a statement may be inserted, with what is in scope there
 */
record GeneratedProgram(
    long seed,
    String packageName,
    String className,
    List<String> lines,
    String tracedSource,
    List<Shape.Method> methods,
    List<Shape.RecordType> records,
    List<ProgramGenerator.Point> points) {

  /** The binary name of the class. */
  String binaryName() {
    return packageName + "." + className;
  }

  /** The binary name of the traced twin. */
  String tracedBinaryName() {
    return binaryName() + "T";
  }

  /** The source of the class. */
  String source() {
    return String.join("\n", lines) + "\n";
  }

  /** The source with line numbers, for failure messages. */
  String numberedSource() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(String.format("%4d  %s%n", i + 1, lines.get(i)));
    }
    return out.toString();
  }
}
