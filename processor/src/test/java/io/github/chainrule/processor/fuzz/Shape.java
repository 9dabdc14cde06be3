package io.github.chainrule.processor.fuzz;

import java.util.List;

/**
 * The static shape of a generated value: the generator knows every array length when it writes a
 * program, so that it can write indices that are always in range, and the test draws arguments of
 * exactly these shapes.
 *
 * @param kind what the value is
 * @param rows length of a vector, rows of a matrix
 * @param cols columns of a matrix
 * @param record the record type, for {@link Kind#RECORD}
 */
record Shape(Shape.Kind kind, int rows, int cols, RecordType record) {
  /** The kinds of parameters and locals the generator writes. */
  enum Kind {
    DOUBLE,
    VECTOR,
    MATRIX,
    INT,
    RECORD,
    /** Only for locals. */
    BOOLEAN
  }

  static final Shape DOUBLE = new Shape(Kind.DOUBLE, 0, 0, null);
  static final Shape INT = new Shape(Kind.INT, 0, 0, null);

  static Shape vector(int n) {
    return new Shape(Kind.VECTOR, n, 0, null);
  }

  static Shape matrix(int rows, int cols) {
    return new Shape(Kind.MATRIX, rows, cols, null);
  }

  static Shape of(RecordType record) {
    return new Shape(Kind.RECORD, 0, 0, record);
  }

  /** The Java type, with record types named through {@code recordPrefix} (such as {@code "P3."}). */
  String javaType(String recordPrefix) {
    return switch (kind) {
      case DOUBLE -> "double";
      case VECTOR -> "double[]";
      case MATRIX -> "double[][]";
      case INT -> "int";
      case RECORD -> recordPrefix + record.name();
      case BOOLEAN -> "boolean";
    };
  }

  /**
   * A generated record type: components in declaration order.
   *
   * @param name simple name, nested in the program's class
   * @param components the components
   */
  record RecordType(String name, List<Component> components) {}

  /**
   * One record component.
   *
   * @param name accessor name
   * @param shape its shape (never {@link Kind#INT})
   */
  record Component(String name, Shape shape) {}

  /**
   * One parameter of a generated method.
   *
   * @param name source name
   * @param shape shape
   * @param noGrad whether it is marked {@code @NoGrad}
   */
  record Param(String name, Shape shape, boolean noGrad) {}

  /**
   * One generated {@code @Differentiable} method.
   *
   * @param name method name
   * @param params its parameters
   */
  record Method(String name, List<Param> params) {}
}
