package io.github.chainrule.runtime.ops;

/**
 * Shape checks shared by the ops. Each throws {@link IllegalArgumentException} with a message that
 * names the op and both shapes, e.g. {@code "matmul: A is 3x4 but B is 5x2"}, so that a mismatch is
 * reported at the op rather than as an index error later.
 *
 * <p>The checks return an {@code int} (a dimension the op needs anyway) so that {@code
 * @Differentiable} op bodies can call them: chainrule treats a call that returns {@code int} as a
 * constant. Those bodies cannot hold string literals, so they name themselves by one of the int
 * constants below (compile-time constants are allowed there).
 */
final class Shapes {

  static final int ADD = 0;
  static final int SUBTRACT = 1;
  static final int HADAMARD = 2;
  static final int SQUARED_ERROR = 3;
  static final int DROPOUT = 4;
  static final int MATRIX_ADD = 5;
  static final int MATRIX_SUBTRACT = 6;
  static final int MATRIX_HADAMARD = 7;
  static final int ADD_ROW_VECTOR = 8;
  static final int SQUARED_ERROR_MATRIX = 9;
  static final int DROPOUT_MATRIX = 10;

  private static final String[] NAMES = {
    "add", "subtract", "hadamard", "squaredError", "dropout", "Matrices.add", "Matrices.subtract",
    "Matrices.hadamard", "addRowVector", "squaredErrorMatrix", "Dropout.applyMatrix"
  };

  private Shapes() {}

  /** The name of the op with code {@code op}. */
  static String name(int op) {
    return NAMES[op];
  }

  /** {@code "3x4"} for a matrix with 3 rows of 4 columns ({@code "0x0"} when it has no rows). */
  static String of(double[][] m) {
    return m.length + "x" + (m.length == 0 ? 0 : m[0].length);
  }

  /** {@code "length 3"}. */
  static String of(double[] v) {
    return "length " + v.length;
  }

  /** The number of columns of {@code m}, after checking that every row has that many. */
  static int cols(String op, String name, double[][] m) {
    int cols = m.length == 0 ? 0 : m[0].length;
    for (int i = 1; i < m.length; i++) {
      if (m[i].length != cols) {
        throw new IllegalArgumentException(
            op + ": " + name + " is ragged: row 0 has " + cols + " columns but row " + i + " has " + m[i].length);
      }
    }
    return cols;
  }

  /** The common length of {@code a} and {@code b}. */
  static int sameLength(int op, double[] a, double[] b) {
    return sameLength(name(op), a, b);
  }

  /** The common length of {@code a} and {@code b}. */
  static int sameLength(String op, double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(op + ": a has " + of(a) + " but b has " + of(b));
    }
    return a.length;
  }

  /** The number of rows of {@code m}, after checking that every row has the length of {@code v}. */
  static int rowsMatch(int op, double[][] m, double[] v) {
    int cols = cols(name(op), "A", m);
    if (m.length > 0 && cols != v.length) {
      throw new IllegalArgumentException(name(op) + ": A is " + of(m) + " but b has " + of(v));
    }
    return m.length;
  }

  /** The common number of rows of {@code a} and {@code b}, after checking that they have one shape. */
  static int sameShape(int op, double[][] a, double[][] b) {
    return sameShape(name(op), a, b);
  }

  /** The common number of rows of {@code a} and {@code b}, after checking that they have one shape. */
  static int sameShape(String op, double[][] a, double[][] b) {
    int ca = cols(op, "A", a);
    int cb = cols(op, "B", b);
    if (a.length != b.length || ca != cb) {
      throw new IllegalArgumentException(op + ": A is " + of(a) + " but B is " + of(b));
    }
    return a.length;
  }

  /** {@code to - from}, after checking that {@code 0 <= from <= to <= x.length}. */
  static int range(double[] x, int from, int to) {
    if (from < 0 || to < from || to > x.length) {
      throw new IllegalArgumentException(
          "slice: cannot take [" + from + ", " + to + ") of a vector of " + of(x));
    }
    return to - from;
  }

  /** The length of x, after checking that keep has it too and that {@code 0 <= p < 1}. */
  static int keepMatches(double[] x, boolean[] keep, double p) {
    if (keep.length != x.length) {
      throw new IllegalArgumentException(
          "Dropout.applyKept: x has " + of(x) + " but keep has length " + keep.length);
    }
    if (!(p >= 0.0 && p < 1.0)) {
      throw new IllegalArgumentException("Dropout.applyKept: p must be in [0, 1) but is " + p);
    }
    return x.length;
  }
}
