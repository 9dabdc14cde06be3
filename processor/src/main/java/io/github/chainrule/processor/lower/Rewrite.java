package io.github.chainrule.processor.lower;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Substitution of variables by expressions, and the reads and writes of statements. */
final class Rewrite {

  private Rewrite() {}

  static Stmt stmt(Stmt s, Map<Var, Expr> replace) {
    if (s instanceof Stmt.Assign) {
      Stmt.Assign a = (Stmt.Assign) s;
      return new Stmt.Assign(expr(a.target(), replace), expr(a.value(), replace), a.pos());
    }
    if (s instanceof Stmt.Block) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt c : ((Stmt.Block) s).stmts()) {
        out.add(stmt(c, replace));
      }
      return new Stmt.Block(out, s.pos());
    }
    if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      return new Stmt.If(
          expr(f.cond(), replace),
          (Stmt.Block) stmt(f.then(), replace),
          (Stmt.Block) stmt(f.otherwise(), replace),
          f.pos());
    }
    if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      return new Stmt.Loop(
          l.kind(),
          l.id(),
          expr(l.cond(), replace),
          (Stmt.Block) stmt(l.body(), replace),
          (Stmt.Block) stmt(l.update(), replace),
          l.pos());
    }
    if (s instanceof Stmt.Return) {
      return new Stmt.Return(expr(((Stmt.Return) s).value(), replace), s.pos());
    }
    return s;
  }

  static Expr expr(Expr e, Map<Var, Expr> replace) {
    if (e instanceof Expr.Ref) {
      Expr r = replace.get(((Expr.Ref) e).var());
      return r != null ? r : e;
    }
    if (e instanceof Expr.Index) {
      Expr.Index x = (Expr.Index) e;
      return new Expr.Index(expr(x.array(), replace), expr(x.index(), replace));
    }
    if (e instanceof Expr.Length) {
      return new Expr.Length(expr(((Expr.Length) e).array(), replace));
    }
    if (e instanceof Expr.Unary) {
      Expr.Unary u = (Expr.Unary) e;
      return new Expr.Unary(u.op(), expr(u.operand(), replace), u.type());
    }
    if (e instanceof Expr.Binary) {
      Expr.Binary b = (Expr.Binary) e;
      return new Expr.Binary(b.op(), expr(b.left(), replace), expr(b.right(), replace), b.type());
    }
    if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      return new Expr.Conditional(
          expr(c.cond(), replace), expr(c.then(), replace), expr(c.otherwise(), replace), c.type());
    }
    if (e instanceof Expr.Cast) {
      return new Expr.Cast(e.type(), expr(((Expr.Cast) e).operand(), replace));
    }
    if (e instanceof Expr.MathCall) {
      Expr.MathCall m = (Expr.MathCall) e;
      return new Expr.MathCall(m.owner(), m.fn(), all(m.args(), replace), m.type());
    }
    if (e instanceof Expr.Call) {
      Expr.Call c = (Expr.Call) e;
      return new Expr.Call(c.callee(), all(c.args(), replace), c.type());
    }
    if (e instanceof Expr.NewArray) {
      return new Expr.NewArray(e.type(), all(((Expr.NewArray) e).dims(), replace));
    }
    if (e instanceof Expr.ArrayLiteral) {
      return new Expr.ArrayLiteral(e.type(), all(((Expr.ArrayLiteral) e).elements(), replace));
    }
    return e;
  }

  private static List<Expr> all(List<Expr> es, Map<Var, Expr> replace) {
    List<Expr> out = new ArrayList<>();
    for (Expr e : es) {
      out.add(expr(e, replace));
    }
    return out;
  }

  /** Adds the variables {@code e} reads to {@code out}. */
  static void vars(Expr e, Set<Var> out) {
    if (e instanceof Expr.Ref) {
      out.add(((Expr.Ref) e).var());
    } else if (e instanceof Expr.Index) {
      vars(((Expr.Index) e).array(), out);
      vars(((Expr.Index) e).index(), out);
    }
  }

  /** Whether {@code s} reads or writes {@code v} anywhere. */
  static boolean uses(Stmt s, Var v) {
    boolean[] found = {false};
    visit(s, e -> found[0] |= e instanceof Expr.Ref && ((Expr.Ref) e).var() == v);
    return found[0];
  }

  /** Whether {@code s} assigns any of {@code vars} (as a whole variable) anywhere. */
  static boolean writesAny(Stmt s, Set<Var> vars) {
    if (s instanceof Stmt.Assign) {
      Expr t = ((Stmt.Assign) s).target();
      return t instanceof Expr.Ref && vars.contains(((Expr.Ref) t).var());
    }
    if (s instanceof Stmt.Block) {
      return ((Stmt.Block) s).stmts().stream().anyMatch(c -> writesAny(c, vars));
    }
    if (s instanceof Stmt.If) {
      return writesAny(((Stmt.If) s).then(), vars) || writesAny(((Stmt.If) s).otherwise(), vars);
    }
    if (s instanceof Stmt.Loop) {
      return writesAny(((Stmt.Loop) s).body(), vars) || writesAny(((Stmt.Loop) s).update(), vars);
    }
    return false;
  }

  private interface ExprVisitor {
    void visit(Expr e);
  }

  private static void visit(Stmt s, ExprVisitor v) {
    if (s instanceof Stmt.Assign) {
      visit(((Stmt.Assign) s).target(), v);
      visit(((Stmt.Assign) s).value(), v);
    } else if (s instanceof Stmt.Block) {
      ((Stmt.Block) s).stmts().forEach(c -> visit(c, v));
    } else if (s instanceof Stmt.If) {
      visit(((Stmt.If) s).cond(), v);
      visit(((Stmt.If) s).then(), v);
      visit(((Stmt.If) s).otherwise(), v);
    } else if (s instanceof Stmt.Loop) {
      visit(((Stmt.Loop) s).cond(), v);
      visit(((Stmt.Loop) s).body(), v);
      visit(((Stmt.Loop) s).update(), v);
    } else if (s instanceof Stmt.Return) {
      visit(((Stmt.Return) s).value(), v);
    }
  }

  private static void visit(Expr e, ExprVisitor v) {
    v.visit(e);
    if (e instanceof Expr.Index) {
      visit(((Expr.Index) e).array(), v);
      visit(((Expr.Index) e).index(), v);
    } else if (e instanceof Expr.Length) {
      visit(((Expr.Length) e).array(), v);
    } else if (e instanceof Expr.Unary) {
      visit(((Expr.Unary) e).operand(), v);
    } else if (e instanceof Expr.Binary) {
      visit(((Expr.Binary) e).left(), v);
      visit(((Expr.Binary) e).right(), v);
    } else if (e instanceof Expr.Conditional) {
      visit(((Expr.Conditional) e).cond(), v);
      visit(((Expr.Conditional) e).then(), v);
      visit(((Expr.Conditional) e).otherwise(), v);
    } else if (e instanceof Expr.Cast) {
      visit(((Expr.Cast) e).operand(), v);
    } else if (e instanceof Expr.MathCall) {
      ((Expr.MathCall) e).args().forEach(a -> visit(a, v));
    } else if (e instanceof Expr.Call) {
      ((Expr.Call) e).args().forEach(a -> visit(a, v));
    } else if (e instanceof Expr.NewArray) {
      ((Expr.NewArray) e).dims().forEach(a -> visit(a, v));
    } else if (e instanceof Expr.ArrayLiteral) {
      ((Expr.ArrayLiteral) e).elements().forEach(a -> visit(a, v));
    }
  }
}
