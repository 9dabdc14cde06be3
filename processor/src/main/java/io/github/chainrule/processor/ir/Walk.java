package io.github.chainrule.processor.ir;

import java.util.List;
import java.util.function.Consumer;

/**
 * Visits the expressions of the IR, depth first, parents before children. The one walker the
 * stages share; each stage decides what to do at a node.
 */
public final class Walk {

  private Walk() {}

  /** The direct subexpressions of {@code e}. */
  public static List<Expr> children(Expr e) {
    if (e instanceof Expr.Index) {
      return List.of(((Expr.Index) e).array(), ((Expr.Index) e).index());
    }
    if (e instanceof Expr.Length) {
      return List.of(((Expr.Length) e).array());
    }
    if (e instanceof Expr.Unary) {
      return List.of(((Expr.Unary) e).operand());
    }
    if (e instanceof Expr.Binary) {
      return List.of(((Expr.Binary) e).left(), ((Expr.Binary) e).right());
    }
    if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      return List.of(c.cond(), c.then(), c.otherwise());
    }
    if (e instanceof Expr.Cast) {
      return List.of(((Expr.Cast) e).operand());
    }
    if (e instanceof Expr.MathCall) {
      return ((Expr.MathCall) e).args();
    }
    if (e instanceof Expr.Call) {
      return ((Expr.Call) e).args();
    }
    if (e instanceof Expr.NewArray) {
      return ((Expr.NewArray) e).dims();
    }
    if (e instanceof Expr.ArrayLiteral) {
      return ((Expr.ArrayLiteral) e).elements();
    }
    if (e instanceof Expr.ZerosLike) {
      return List.of(((Expr.ZerosLike) e).like());
    }
    return List.of();
  }

  /** Visits {@code e} and its subexpressions (and the expressions and variables inside raw code). */
  public static void expr(Expr e, Consumer<Expr> visit) {
    visit.accept(e);
    if (e instanceof Expr.Raw) {
      objects(((Expr.Raw) e).args(), visit);
      return;
    }
    for (Expr c : children(e)) {
      expr(c, visit);
    }
  }

  /** Visits every expression of {@code s}, at any depth. */
  public static void exprs(Stmt s, Consumer<Expr> visit) {
    stmts(
        s,
        x -> {
          if (x instanceof Stmt.Assign) {
            expr(((Stmt.Assign) x).target(), visit);
            expr(((Stmt.Assign) x).value(), visit);
          } else if (x instanceof Stmt.Accumulate) {
            expr(((Stmt.Accumulate) x).target(), visit);
            expr(((Stmt.Accumulate) x).value(), visit);
          } else if (x instanceof Stmt.Let) {
            expr(((Stmt.Let) x).value(), visit);
          } else if (x instanceof Stmt.If) {
            expr(((Stmt.If) x).cond(), visit);
          } else if (x instanceof Stmt.Loop) {
            expr(((Stmt.Loop) x).cond(), visit);
          } else if (x instanceof Stmt.Repeat) {
            expr(((Stmt.Repeat) x).count(), visit);
          } else if (x instanceof Stmt.Push) {
            expr(((Stmt.Push) x).value(), visit);
          } else if (x instanceof Stmt.Return) {
            expr(((Stmt.Return) x).value(), visit);
          } else if (x instanceof Stmt.Raw) {
            objects(((Stmt.Raw) x).args(), visit);
          }
        });
  }

  /** Visits {@code s} and every statement nested in it, in source order. */
  public static void stmts(Stmt s, Consumer<Stmt> visit) {
    visit.accept(s);
    if (s instanceof Stmt.Block) {
      for (Stmt c : ((Stmt.Block) s).stmts()) {
        stmts(c, visit);
      }
    } else if (s instanceof Stmt.If) {
      stmts(((Stmt.If) s).then(), visit);
      stmts(((Stmt.If) s).otherwise(), visit);
    } else if (s instanceof Stmt.Loop) {
      stmts(((Stmt.Loop) s).body(), visit);
      stmts(((Stmt.Loop) s).update(), visit);
    } else if (s instanceof Stmt.Repeat) {
      stmts(((Stmt.Repeat) s).body(), visit);
    }
  }

  /** Variables in raw code are visited as reads ({@link Expr.Ref}). */
  private static void objects(List<Object> args, Consumer<Expr> visit) {
    for (Object o : args) {
      if (o instanceof Expr) {
        expr((Expr) o, visit);
      } else if (o instanceof ArgList) {
        objects(((ArgList) o).items(), visit);
      } else if (o instanceof Var) {
        visit.accept(new Expr.Ref((Var) o));
      }
    }
  }
}
