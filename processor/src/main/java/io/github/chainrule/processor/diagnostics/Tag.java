package io.github.chainrule.processor.diagnostics;

/**
 * The stable tags that start every chainrule error message. Each has an entry in
 * {@code docs/errors.md} and a test that checks its file and line.
 */
public enum Tag {
  /** {@code @Differentiable} on an instance or abstract method. */
  NOT_STATIC("ChainruleNotStatic"),
  /**
   * The method, a class around it, or a type or method its companion must name is private (or
   * out of the companion's package), local or anonymous.
   */
  NOT_ACCESSIBLE("ChainruleNotAccessible"),
  /** The result type is not {@code double}. */
  RETURN_TYPE("ChainruleReturnType"),
  /** A parameter type that is neither differentiable nor a supported constant. */
  PARAMETER_TYPE("ChainruleParameterType"),
  /** A local variable of an unsupported type. */
  LOCAL_TYPE("ChainruleLocalType"),
  /** A call to a method without a known derivative. */
  UNSUPPORTED_CALL("ChainruleUnsupportedCall"),
  /** A statement outside the supported subset. */
  UNSUPPORTED_STATEMENT("ChainruleUnsupportedStatement"),
  /** An expression outside the supported subset. */
  UNSUPPORTED_EXPRESSION("ChainruleUnsupportedExpression"),
  /** Creation of an object other than an array. */
  OBJECT_CREATION("ChainruleObjectCreation"),
  /** A write into a parameter array or an alias of one. */
  PARAMETER_WRITE("ChainruleParameterWrite"),
  /** A read or write of a field that is not a compile-time constant. */
  FIELD_ACCESS("ChainruleFieldAccess"),
  /** A local array variable that holds both new arrays and parameter arrays. */
  ARRAY_ALIAS("ChainruleArrayAlias"),
  /** A matrix initializer whose rows are existing arrays, which the matrix would alias. */
  ROW_ASSIGNMENT("ChainruleRowAssignment"),
  /** An expression whose type the processor cannot determine. */
  UNKNOWN_TYPE("ChainruleUnknownType"),
  /** A {@code @Derivative} method whose signature does not fit the method it differentiates. */
  DERIVATIVE_SIGNATURE("ChainruleDerivativeSignature"),
  /** A {@code double} component of a record that is differentiated: nothing could train it. */
  SCALAR_COMPONENT("ChainruleScalarComponent"),
  /** A name in {@code @Differentiable(wrt = ...)} that is not a differentiable parameter. */
  WRT("ChainruleWrt"),
  /** Two differentiable methods of one class with the same name. */
  DUPLICATE_NAME("ChainruleDuplicateName"),
  /** A bug in chainrule itself. */
  INTERNAL_ERROR("ChainruleInternalError");

  private final String text;

  Tag(String text) {
    this.text = text;
  }

  /** The tag as it appears in messages, without brackets. */
  public String text() {
    return text;
  }

  /** Formats a message: {@code [ChainruleX] message}. */
  public String format(String message) {
    return "[" + text + "] " + message;
  }
}
