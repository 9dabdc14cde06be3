package io.github.chainrule.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces subexpressions by others: each occurrence of a key (compared structurally, so {@code
 * new Expr.Ref(v)} stands for every read of {@code v}) becomes its value, outermost first.
 */
public final class Substitute {

  private Substitute() {}

  /** {@code stmts} with every replaced subexpression swapped, at any depth. */
  public static List<Stmt> stmts(List<Stmt> stmts, Map<Expr, Expr> replacements) {
    if (replacements.isEmpty()) {
      return stmts;
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      out.add(stmt(s, replacements));
    }
    return out;
  }

  public static Stmt stmt(Stmt s, Map<Expr, Expr> r) {
    if (s instanceof Stmt.Assign) {
      Stmt.Assign a = (Stmt.Assign) s;
      return new Stmt.Assign(in(a.target(), r), in(a.value(), r), a.pos());
    }
    if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      return new Stmt.Loop(
          l.kind(), l.id(), in(l.cond(), r), (Stmt.Block) stmt(l.body(), r), (Stmt.Block) stmt(l.update(), r), l.pos());
    }
    if (s instanceof Stmt.Return) {
      return new Stmt.Return(in(((Stmt.Return) s).value(), r), s.pos());
    }
    if (s instanceof Stmt.Accumulate) {
      Stmt.Accumulate a = (Stmt.Accumulate) s;
      return new Stmt.Accumulate(in(a.target(), r), in(a.value(), r), a.pos());
    }
    if (s instanceof Stmt.Let) {
      Stmt.Let l = (Stmt.Let) s;
      return new Stmt.Let(l.var(), in(l.value(), r), l.pos());
    }
    if (s instanceof Stmt.Block) {
      return new Stmt.Block(stmts(((Stmt.Block) s).stmts(), r), s.pos());
    }
    if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      return new Stmt.If(
          in(f.cond(), r),
          new Stmt.Block(stmts(f.then().stmts(), r), f.then().pos()),
          new Stmt.Block(stmts(f.otherwise().stmts(), r), f.otherwise().pos()),
          f.pos());
    }
    if (s instanceof Stmt.Raw) {
      return new Stmt.Raw(((Stmt.Raw) s).javaFormat(), objects(((Stmt.Raw) s).args(), r), s.pos());
    }
    return s;
  }

  private static List<Object> objects(List<Object> args, Map<Expr, Expr> r) {
    List<Object> out = new ArrayList<>();
    for (Object o : args) {
      if (o instanceof Expr) {
        out.add(in((Expr) o, r));
      } else if (o instanceof ArgList) {
        out.add(new ArgList(objects(((ArgList) o).items(), r)));
      } else {
        out.add(o);
      }
    }
    return out;
  }

  public static Expr in(Expr e, Map<Expr, Expr> replacements) {
    Expr r = replacements.get(e);
    if (r != null) {
      return r;
    }
    if (e instanceof Expr.Index) {
      Expr.Index x = (Expr.Index) e;
      return new Expr.Index(in(x.array(), replacements), in(x.index(), replacements));
    }
    if (e instanceof Expr.Length) {
      return new Expr.Length(in(((Expr.Length) e).array(), replacements));
    }
    if (e instanceof Expr.NewArray) {
      return new Expr.NewArray(e.type(), all(((Expr.NewArray) e).dims(), replacements));
    }
    if (e instanceof Expr.ArrayLiteral) {
      return new Expr.ArrayLiteral(e.type(), all(((Expr.ArrayLiteral) e).elements(), replacements));
    }
    if (e instanceof Expr.Unary) {
      Expr.Unary u = (Expr.Unary) e;
      return new Expr.Unary(u.op(), in(u.operand(), replacements), u.type());
    }
    if (e instanceof Expr.Binary) {
      Expr.Binary b = (Expr.Binary) e;
      return new Expr.Binary(b.op(), in(b.left(), replacements), in(b.right(), replacements), b.type());
    }
    if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      return new Expr.Conditional(
          in(c.cond(), replacements), in(c.then(), replacements), in(c.otherwise(), replacements), c.type());
    }
    if (e instanceof Expr.Cast) {
      return new Expr.Cast(e.type(), in(((Expr.Cast) e).operand(), replacements));
    }
    if (e instanceof Expr.MathCall) {
      Expr.MathCall m = (Expr.MathCall) e;
      return new Expr.MathCall(m.owner(), m.fn(), all(m.args(), replacements), m.type());
    }
    if (e instanceof Expr.Call) {
      Expr.Call c = (Expr.Call) e;
      return new Expr.Call(c.callee(), all(c.args(), replacements), c.type());
    }
    if (e instanceof Expr.Raw) {
      Expr.Raw raw = (Expr.Raw) e;
      return new Expr.Raw(raw.type(), raw.javaFormat(), objects(raw.args(), replacements));
    }
    return e;
  }

  private static List<Expr> all(List<Expr> es, Map<Expr, Expr> replacements) {
    List<Expr> out = new ArrayList<>();
    for (Expr e : es) {
      out.add(in(e, replacements));
    }
    return out;
  }
}
