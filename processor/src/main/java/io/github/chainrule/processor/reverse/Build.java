package io.github.chainrule.processor.reverse;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.MathFn;
import io.github.chainrule.processor.ir.Type;
import java.util.List;

/** Builds double-valued IR expressions for derivative code, folding the trivial cases away. */
final class Build {

  private Build() {}

  static Expr lit(double v) {
    return Expr.Literal.ofDouble(v);
  }

  static boolean isLiteral(Expr e, double v) {
    if (!(e instanceof Expr.Literal) || !e.type().isNumericScalar()) {
      return false;
    }
    try {
      return Double.parseDouble(((Expr.Literal) e).text().replace("L", "")) == v;
    } catch (NumberFormatException ex) {
      return false;
    }
  }

  static Expr mul(Expr a, Expr b) {
    if (isLiteral(a, 1.0)) {
      return b;
    }
    if (isLiteral(b, 1.0)) {
      return a;
    }
    if (isLiteral(a, -1.0)) {
      return neg(b);
    }
    if (isLiteral(b, -1.0)) {
      return neg(a);
    }
    return new Expr.Binary(Expr.BinaryOp.MUL, a, b, Type.promote(a.type(), b.type()));
  }

  static Expr div(Expr a, Expr b) {
    if (isLiteral(b, 1.0)) {
      return a;
    }
    return new Expr.Binary(Expr.BinaryOp.DIV, a, b, Type.promote(a.type(), b.type()));
  }

  static Expr add(Expr a, Expr b) {
    return new Expr.Binary(Expr.BinaryOp.ADD, a, b, Type.promote(a.type(), b.type()));
  }

  static Expr sub(Expr a, Expr b) {
    return new Expr.Binary(Expr.BinaryOp.SUB, a, b, Type.promote(a.type(), b.type()));
  }

  static Expr neg(Expr a) {
    if (a instanceof Expr.Unary && ((Expr.Unary) a).op() == Expr.UnaryOp.NEG) {
      return ((Expr.Unary) a).operand();
    }
    return new Expr.Unary(Expr.UnaryOp.NEG, a, a.type());
  }

  static Expr math(String owner, MathFn fn, Expr... args) {
    return new Expr.MathCall(owner, fn, List.of(args), Type.DOUBLE);
  }
}
