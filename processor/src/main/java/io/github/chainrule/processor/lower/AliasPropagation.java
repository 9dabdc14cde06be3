package io.github.chainrule.processor.lower;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a row alias by what it names: after {@code double[] row = W[i];} the uses of {@code
 * row} read {@code W[i]} directly, as long as neither {@code W} nor {@code i} changes before the
 * last use. The alias then costs nothing: without it the backward sweep would have to save and
 * restore the reference {@code row} (and its adjoint) on every iteration, where {@code W[i]} is
 * simply evaluated again from the restored {@code i}.
 *
 * <p>Only variables assigned exactly once in the method qualify, from {@code A} or {@code A[k]}
 * with {@code A} an array variable and {@code k} an int variable or literal.
 */
public final class AliasPropagation {

  private final Map<Var, Integer> assignments = new IdentityHashMap<>();
  /** Whether the method assigns matrix rows (M[i] = ...), which could change what an alias names. */
  private boolean rowAssignments;

  private AliasPropagation() {}

  /** The body with row aliases replaced. Runs before jumps are lowered. */
  public static Stmt.Block apply(Stmt.Block body) {
    AliasPropagation p = new AliasPropagation();
    p.count(body);
    return p.block(body);
  }

  private void count(Stmt s) {
    if (s instanceof Stmt.Assign) {
      Expr t = ((Stmt.Assign) s).target();
      if (t instanceof Expr.Ref) {
        assignments.merge(((Expr.Ref) t).var(), 1, Integer::sum);
      } else if (t.type().isArray()) {
        rowAssignments = true;
      }
    } else if (s instanceof Stmt.Block) {
      ((Stmt.Block) s).stmts().forEach(this::count);
    } else if (s instanceof Stmt.If) {
      count(((Stmt.If) s).then());
      count(((Stmt.If) s).otherwise());
    } else if (s instanceof Stmt.Loop) {
      count(((Stmt.Loop) s).body());
      count(((Stmt.Loop) s).update());
    }
  }

  private Stmt.Block block(Stmt.Block b) {
    List<Stmt> stmts = new ArrayList<>();
    for (Stmt s : b.stmts()) {
      stmts.add(stmt(s));
    }
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      Var alias = aliasDefined(s);
      if (alias == null) {
        continue;
      }
      Expr value = ((Stmt.Assign) s).value();
      List<Stmt> rest = stmts.subList(i + 1, stmts.size());
      if (!stableUntilLastUse(alias, value, rest)) {
        continue;
      }
      List<Stmt> replaced = new ArrayList<>(stmts.subList(0, i));
      for (Stmt r : rest) {
        replaced.add(Rewrite.replace(r, alias, value));
      }
      stmts = replaced;
      i--;
    }
    return new Stmt.Block(stmts, b.pos());
  }

  private Stmt stmt(Stmt s) {
    if (s instanceof Stmt.Block) {
      return block((Stmt.Block) s);
    }
    if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      return new Stmt.If(f.cond(), block(f.then()), block(f.otherwise()), f.pos());
    }
    if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      return new Stmt.Loop(l.kind(), l.id(), l.cond(), block(l.body()), block(l.update()), l.pos());
    }
    return s;
  }

  /** The local array variable {@code s} defines as an alias, or null. */
  private Var aliasDefined(Stmt s) {
    if (!(s instanceof Stmt.Assign) || !(((Stmt.Assign) s).target() instanceof Expr.Ref)) {
      return null;
    }
    Var v = ((Expr.Ref) ((Stmt.Assign) s).target()).var();
    if (v.role() != Var.Role.LOCAL && v.role() != Var.Role.TEMP || !v.type().isArray()) {
      return null;
    }
    if (assignments.getOrDefault(v, 0) != 1) {
      return null;
    }
    Expr value = ((Stmt.Assign) s).value();
    if (rowAssignments) {
      return null;
    }
    if (value instanceof Expr.Ref && ((Expr.Ref) value).var().type().isArray()) {
      return v;
    }
    if (value instanceof Expr.Index) {
      Expr.Index ix = (Expr.Index) value;
      if (ix.array() instanceof Expr.Ref
          && (ix.index() instanceof Expr.Ref || ix.index() instanceof Expr.Literal)) {
        return v;
      }
    }
    return null;
  }

  /** Whether every use of {@code alias} in {@code rest} comes before any change to what it names. */
  private static boolean stableUntilLastUse(Var alias, Expr value, List<Stmt> rest) {
    Set<Var> named = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Rewrite.vars(value, named);
    int lastUse = -1;
    int firstWrite = Integer.MAX_VALUE;
    for (int i = 0; i < rest.size(); i++) {
      if (Rewrite.uses(rest.get(i), alias)) {
        lastUse = i;
      }
      if (firstWrite == Integer.MAX_VALUE && Rewrite.writesAny(rest.get(i), named)) {
        firstWrite = i;
      }
    }
    return lastUse < firstWrite;
  }
}
