package io.github.chainrule.processor.ir;

import java.util.List;

/** An expression of the supported subset. Expressions have no side effects. */
public sealed interface Expr {

  Type type();

  /** A literal or compile-time constant, printed as its source text ({@code 2.5}, {@code Math.PI}). */
  record Literal(Type type, String text) implements Expr {
    public static Literal ofDouble(double v) {
      return new Literal(Type.DOUBLE, Double.toString(v));
    }

    public static Literal ofInt(int v) {
      return new Literal(Type.INT, Integer.toString(v));
    }

    public static final Literal TRUE = new Literal(Type.BOOLEAN, "true");
    public static final Literal FALSE = new Literal(Type.BOOLEAN, "false");
  }

  /** A read of a variable. */
  record Ref(Var var) implements Expr {
    @Override
    public Type type() {
      return var.type();
    }
  }

  /** A whole record parameter (or nested record component), passed to a differentiable call. */
  record RecordRef(RecordNode node) implements Expr {
    @Override
    public Type type() {
      return Type.RECORD;
    }
  }

  /** {@code array[index]}. */
  record Index(Expr array, Expr index) implements Expr {
    @Override
    public Type type() {
      return array.type().element();
    }
  }

  /** {@code array.length}. */
  record Length(Expr array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /** Unary operators. */
  enum UnaryOp {
    NEG("-"),
    PLUS("+"),
    NOT("!"),
    BIT_NOT("~");

    public final String symbol;

    UnaryOp(String symbol) {
      this.symbol = symbol;
    }
  }

  record Unary(UnaryOp op, Expr operand, Type type) implements Expr {}

  /** Binary operators, with Java's precedence levels (higher binds tighter). */
  enum BinaryOp {
    MUL("*", 12),
    DIV("/", 12),
    REM("%", 12),
    ADD("+", 11),
    SUB("-", 11),
    SHL("<<", 10),
    SHR(">>", 10),
    USHR(">>>", 10),
    LT("<", 9),
    LE("<=", 9),
    GT(">", 9),
    GE(">=", 9),
    EQ("==", 8),
    NE("!=", 8),
    BIT_AND("&", 7),
    XOR("^", 6),
    BIT_OR("|", 5),
    AND("&&", 4),
    OR("||", 3);

    public final String symbol;
    public final int precedence;

    BinaryOp(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    public boolean isComparison() {
      return precedence == 9 || precedence == 8;
    }

    public boolean isArithmetic() {
      return precedence >= 11;
    }
  }

  record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {}

  /** {@code cond ? then : otherwise}. */
  record Conditional(Expr cond, Expr then, Expr otherwise, Type type) implements Expr {}

  /** A primitive conversion such as {@code (int) x} or {@code (double) n}. */
  record Cast(Type type, Expr operand) implements Expr {}

  /** A call to a {@link MathFn}; {@code owner} is {@code Math} or {@code StrictMath}. */
  record MathCall(String owner, MathFn fn, List<Expr> args, Type type) implements Expr {
    public MathCall {
      args = List.copyOf(args);
    }
  }

  /**
   * A call to a static method. When {@code callee.differentiable()} the reverse stage pulls the
   * gradient back through the callee's companion; otherwise the call only yields a constant.
   */
  record Call(Callee callee, List<Expr> args, Type type) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code new double[d0][d1]...}, with {@code type} the array type created. */
  record NewArray(Type type, List<Expr> dims) implements Expr {
    public NewArray {
      dims = List.copyOf(dims);
    }
  }

  /** An array initializer {@code {a, b, c}} (nested for matrices). */
  record ArrayLiteral(Type type, List<Expr> elements) implements Expr {
    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** Takes the most recently saved value of {@code type} off the tape (backward sweep only). */
  record Pop(Type type) implements Expr {}

  /** A fresh zero array shaped like {@code like} (used for adjoints of local arrays). */
  record ZerosLike(Expr like) implements Expr {
    @Override
    public Type type() {
      return like.type();
    }
  }

  /** A Java expression written by the reverse stage for a callee (a holder access). */
  record Raw(Type type, String javaFormat, List<Object> args) implements Expr {
    public Raw {
      args = List.copyOf(args);
    }
  }
}
