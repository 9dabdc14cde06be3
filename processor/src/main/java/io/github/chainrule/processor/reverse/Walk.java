package io.github.chainrule.processor.reverse;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.reverse.ReverseMode.ArgList;
import java.util.List;
import java.util.function.Consumer;

/** Visits every expression of a statement, depth first. */
final class Walk {

  private Walk() {}

  static void exprs(Stmt s, Consumer<Expr> visit) {
    if (s instanceof Stmt.Assign) {
      expr(((Stmt.Assign) s).target(), visit);
      expr(((Stmt.Assign) s).value(), visit);
    } else if (s instanceof Stmt.Accumulate) {
      expr(((Stmt.Accumulate) s).target(), visit);
      expr(((Stmt.Accumulate) s).value(), visit);
    } else if (s instanceof Stmt.Let) {
      expr(((Stmt.Let) s).value(), visit);
    } else if (s instanceof Stmt.Block) {
      for (Stmt c : ((Stmt.Block) s).stmts()) {
        exprs(c, visit);
      }
    } else if (s instanceof Stmt.If) {
      expr(((Stmt.If) s).cond(), visit);
      exprs(((Stmt.If) s).then(), visit);
      exprs(((Stmt.If) s).otherwise(), visit);
    } else if (s instanceof Stmt.Loop) {
      expr(((Stmt.Loop) s).cond(), visit);
      exprs(((Stmt.Loop) s).body(), visit);
      exprs(((Stmt.Loop) s).update(), visit);
    } else if (s instanceof Stmt.Repeat) {
      expr(((Stmt.Repeat) s).count(), visit);
      exprs(((Stmt.Repeat) s).body(), visit);
    } else if (s instanceof Stmt.Push) {
      expr(((Stmt.Push) s).value(), visit);
    } else if (s instanceof Stmt.Raw) {
      objects(((Stmt.Raw) s).args(), visit);
    }
  }

  private static void objects(List<Object> args, Consumer<Expr> visit) {
    for (Object o : args) {
      if (o instanceof Expr) {
        expr((Expr) o, visit);
      } else if (o instanceof ArgList) {
        objects(((ArgList) o).items(), visit);
      } else if (o instanceof io.github.chainrule.processor.ir.Var) {
        visit.accept(new Expr.Ref((io.github.chainrule.processor.ir.Var) o));
      }
    }
  }

  static void expr(Expr e, Consumer<Expr> visit) {
    visit.accept(e);
    if (e instanceof Expr.Index) {
      expr(((Expr.Index) e).array(), visit);
      expr(((Expr.Index) e).index(), visit);
    } else if (e instanceof Expr.Length) {
      expr(((Expr.Length) e).array(), visit);
    } else if (e instanceof Expr.Unary) {
      expr(((Expr.Unary) e).operand(), visit);
    } else if (e instanceof Expr.Binary) {
      expr(((Expr.Binary) e).left(), visit);
      expr(((Expr.Binary) e).right(), visit);
    } else if (e instanceof Expr.Conditional) {
      expr(((Expr.Conditional) e).cond(), visit);
      expr(((Expr.Conditional) e).then(), visit);
      expr(((Expr.Conditional) e).otherwise(), visit);
    } else if (e instanceof Expr.Cast) {
      expr(((Expr.Cast) e).operand(), visit);
    } else if (e instanceof Expr.MathCall) {
      ((Expr.MathCall) e).args().forEach(a -> expr(a, visit));
    } else if (e instanceof Expr.Call) {
      ((Expr.Call) e).args().forEach(a -> expr(a, visit));
    } else if (e instanceof Expr.NewArray) {
      ((Expr.NewArray) e).dims().forEach(a -> expr(a, visit));
    } else if (e instanceof Expr.ArrayLiteral) {
      ((Expr.ArrayLiteral) e).elements().forEach(a -> expr(a, visit));
    } else if (e instanceof Expr.ZerosLike) {
      expr(((Expr.ZerosLike) e).like(), visit);
    } else if (e instanceof Expr.Raw) {
      objects(((Expr.Raw) e).args(), visit);
    }
  }
}
