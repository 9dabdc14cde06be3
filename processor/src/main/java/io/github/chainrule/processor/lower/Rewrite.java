package io.github.chainrule.processor.lower;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Substitute;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.Walk;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Substitution of a variable by an expression, and the reads and writes of statements. */
final class Rewrite {

  private Rewrite() {}

  /** {@code s} with every read of {@code v} replaced by {@code value}. */
  static Stmt replace(Stmt s, Var v, Expr value) {
    Map<Expr, Expr> replace = new LinkedHashMap<>();
    replace.put(new Expr.Ref(v), value);
    return Substitute.stmt(s, replace);
  }

  /** Adds the variables {@code e} reads to {@code out}. */
  static void vars(Expr e, Set<Var> out) {
    Walk.expr(
        e,
        x -> {
          if (x instanceof Expr.Ref) {
            out.add(((Expr.Ref) x).var());
          }
        });
  }

  /** Whether {@code s} reads or writes {@code v} anywhere. */
  static boolean uses(Stmt s, Var v) {
    boolean[] found = {false};
    Walk.exprs(s, e -> found[0] |= e instanceof Expr.Ref && ((Expr.Ref) e).var() == v);
    return found[0];
  }

  /** Whether {@code s} assigns any of {@code vars} (as a whole variable) anywhere. */
  static boolean writesAny(Stmt s, Set<Var> vars) {
    boolean[] found = {false};
    Walk.stmts(
        s,
        x -> {
          if (x instanceof Stmt.Assign && ((Stmt.Assign) x).target() instanceof Expr.Ref) {
            found[0] |= vars.contains(((Expr.Ref) ((Stmt.Assign) x).target()).var());
          }
        });
    return found[0];
  }
}
