package io.github.chainrule.processor.analysis;

import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.Walk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which variables carry a gradient, and which array variables may share storage.
 *
 * <p>Array variables that can refer to the same array (a row alias {@code double[] r = W[i]}, a
 * copy of a reference {@code b = a}) form one alias group; writes into any member change the
 * whole group. A group that holds a parameter array must never be written, and one group cannot
 * hold both parameter arrays and new arrays.
 *
 * <p>A variable is active when its value can depend on a differentiable parameter: the forward
 * half of the classic varied/useful analysis. Inactive variables get no adjoint.
 */
public final class Activity {

  private final Map<Var, Var> parent = new IdentityHashMap<>();
  private final Set<Var> active = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Var> paramGroupMembers = Collections.newSetFromMap(new IdentityHashMap<>());

  private Activity() {}

  /** Analyzes {@code body}; alias errors go to {@code problems}. */
  public static Activity of(Method method, Stmt.Block body, Problems problems) {
    Activity a = new Activity();
    List<Stmt.Assign> assigns = new ArrayList<>();
    collectAssigns(body, assigns);
    for (Param p : method.params()) {
      for (Var v : p.isRecord() ? p.record().leaves() : List.of(p.var())) {
        if (v.type().isArray()) {
          a.paramGroupMembers.add(v);
        }
        if (p.differentiable() && v.type().isDifferentiable()) {
          a.active.add(v);
        }
      }
    }
    // Alias groups.
    for (Stmt.Assign s : assigns) {
      if (s.target().type().isArray()) {
        // b = a, r = M[i], M[i] = r: both sides may now refer to the same storage.
        Var v = rootOf(s.target());
        for (Var src : arraySources(s.value())) {
          a.union(v, src);
        }
      }
    }
    a.checkAliases(assigns, problems);
    a.checkResult(method, assigns, problems);
    // Activity, to a fixpoint.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt.Assign s : assigns) {
        if (!s.target().type().isDifferentiable() || !a.isActive(s.value())) {
          continue;
        }
        Var root = rootOf(s.target());
        if (root != null && !a.isActiveVar(root)) {
          a.active.add(root.type().isArray() ? a.find(root) : root);
          changed = true;
        }
      }
    }
    return a;
  }

  /** An array result must be a new array: callers own it and may write into it. */
  private void checkResult(Method method, List<Stmt.Assign> assigns, Problems problems) {
    if (!method.result().type().isArray()) {
      return;
    }
    Var g = find(method.result());
    // The parameters themselves, in order (group roots may be locals or the result).
    for (Var p : parameterArrays(method)) {
      if (find(p) == g) {
        for (Stmt.Assign s : assigns) {
          if (s.target() instanceof Expr.Ref && ((Expr.Ref) s.target()).var() == method.result()) {
            problems.report(
                Tag.ARRAY_ALIAS,
                s.pos(),
                "this returns (or may return) parameter array '"
                    + p.name()
                    + "' or one of its rows; return a new array (a copy), since callers own the result");
            return;
          }
        }
      }
    }
  }

  /** The array parameters of {@code method} and array leaves of its records, in source order. */
  private static List<Var> parameterArrays(Method method) {
    List<Var> out = new ArrayList<>();
    for (Param p : method.params()) {
      for (Var v : p.isRecord() ? p.record().leaves() : List.of(p.var())) {
        if (v.type().isArray()) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private void checkAliases(List<Stmt.Assign> assigns, Problems problems) {
    Map<Var, Pos> fresh = new IdentityHashMap<>();
    Map<Var, Pos> fromParam = new IdentityHashMap<>();
    for (Var p : paramGroupMembers) {
      fromParam.putIfAbsent(find(p), Pos.NONE);
    }
    for (Stmt.Assign s : assigns) {
      if (s.target().type().isArray()) {
        Var g = find(rootOf(s.target()));
        if (createsArray(s.value()) || s.target() instanceof Expr.Index) {
          fresh.putIfAbsent(g, s.pos());
        }
      }
    }
    // Report the assignment that mixes them: one into a variable that also holds new arrays,
    // of a value that refers to a parameter; failing that, the first that joins the two.
    java.util.Set<Var> freshVars = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Stmt.Assign s : assigns) {
      if (s.target() instanceof Expr.Ref && createsArray(s.value())) {
        freshVars.add(((Expr.Ref) s.target()).var());
      }
    }
    for (Stmt.Assign s : assigns) {
      if (s.target() instanceof Expr.Ref
          && s.target().type().isArray()
          && freshVars.contains(((Expr.Ref) s.target()).var())
          && !createsArray(s.value())
          && arraySources(s.value()).stream().anyMatch(v -> fromParam.containsKey(find(v)))) {
        problems.report(
            Tag.ARRAY_ALIAS,
            s.pos(),
            "array variable '"
                + ((Expr.Ref) s.target()).var().name()
                + "' holds both new arrays and parameter arrays, so writes into it could change an"
                + " argument; copy the parameter into a new array instead");
        return;
      }
    }
    for (Stmt.Assign s : assigns) {
      if (s.target().type().isArray()) {
        Var v = rootOf(s.target());
        Var g = find(v);
        if (fresh.containsKey(g) && fromParam.containsKey(g) && !createsArray(s.value())) {
          problems.report(
              Tag.ARRAY_ALIAS,
              s.pos(),
              "array variable '"
                  + v.name()
                  + "' holds both new arrays and parameter arrays, so writes into it could change an"
                  + " argument; copy the parameter into a new array instead");
          return;
        }
      }
    }
    for (Stmt.Assign s : assigns) {
      if (s.target() instanceof Expr.Index) {
        Var root = rootOf(s.target());
        if (root != null && fromParam.containsKey(find(root))) {
          problems.report(
              Tag.PARAMETER_WRITE,
              s.pos(),
              "cannot write into '"
                  + root.name()
                  + "': it refers to a parameter array, and a @Differentiable method must not modify"
                  + " its arguments; copy it into a new array first");
          return;
        }
      }
    }
  }

  /** Whether {@code e} makes a new array (a differentiable method returns a fresh array too). */
  private static boolean createsArray(Expr e) {
    return e instanceof Expr.NewArray
        || e instanceof Expr.ArrayLiteral
        || (e instanceof Expr.Call && e.type().isArray());
  }

  /** The array variables an array-valued expression may refer to. */
  private static List<Var> arraySources(Expr e) {
    List<Var> out = new ArrayList<>();
    if (e instanceof Expr.Ref) {
      out.add(((Expr.Ref) e).var());
    } else if (e instanceof Expr.Index) {
      Var root = rootOf(e);
      if (root != null) {
        out.add(root);
      }
    } else if (e instanceof Expr.Conditional) {
      out.addAll(arraySources(((Expr.Conditional) e).then()));
      out.addAll(arraySources(((Expr.Conditional) e).otherwise()));
    }
    return out;
  }

  static void collectAssigns(Stmt s, List<Stmt.Assign> out) {
    Walk.stmts(
        s,
        x -> {
          if (x instanceof Stmt.Assign) {
            out.add((Stmt.Assign) x);
          }
        });
  }


  /** The variable at the bottom of an array access chain ({@code W} for {@code W[i][j]}), or null. */
  public static Var rootOf(Expr e) {
    while (e instanceof Expr.Index) {
      e = ((Expr.Index) e).array();
    }
    return e instanceof Expr.Ref ? ((Expr.Ref) e).var() : null;
  }

  /** The representative of {@code v}'s alias group (itself for scalars). */
  public Var find(Var v) {
    Var p = parent.get(v);
    if (p == null || p == v) {
      return v;
    }
    Var r = find(p);
    parent.put(v, r);
    return r;
  }

  private void union(Var a, Var b) {
    Var ra = find(a);
    Var rb = find(b);
    if (ra != rb) {
      parent.put(rb, ra);
      if (active.remove(rb)) {
        active.add(ra);
      }
      if (paramGroupMembers.contains(rb)) {
        paramGroupMembers.add(ra);
      }
    }
  }

  /** Whether {@code v} (or, for an array, its alias group) carries a gradient. */
  public boolean isActiveVar(Var v) {
    if (!v.type().isDifferentiable()) {
      return false;
    }
    if (v.type().isArray()) {
      return active.contains(find(v)) || groupHasActiveMember(v);
    }
    return active.contains(v);
  }

  private boolean groupHasActiveMember(Var v) {
    Var g = find(v);
    for (Var m : active) {
      if (m.type().isArray() && find(m) == g) {
        return true;
      }
    }
    return false;
  }

  /** Whether the value of {@code e} can depend on a differentiable parameter. */
  public boolean isActive(Expr e) {
    if (!e.type().isDifferentiable() && !(e instanceof Expr.RecordRef)) {
      return false;
    }
    if (e instanceof Expr.Ref) {
      return isActiveVar(((Expr.Ref) e).var());
    }
    if (e instanceof Expr.Index) {
      return isActive(((Expr.Index) e).array());
    }
    if (e instanceof Expr.Unary) {
      return isActive(((Expr.Unary) e).operand());
    }
    if (e instanceof Expr.Binary) {
      Expr.Binary b = (Expr.Binary) e;
      return isActive(b.left()) || isActive(b.right());
    }
    if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      return isActive(c.then()) || isActive(c.otherwise());
    }
    if (e instanceof Expr.Cast) {
      return isActive(((Expr.Cast) e).operand());
    }
    if (e instanceof Expr.MathCall) {
      Expr.MathCall m = (Expr.MathCall) e;
      return !m.fn().isPiecewiseConstant() && m.args().stream().anyMatch(this::isActive);
    }
    if (e instanceof Expr.Call) {
      Expr.Call c = (Expr.Call) e;
      return c.callee().differentiable() && c.args().stream().anyMatch(this::isActive);
    }
    if (e instanceof Expr.ArrayLiteral) {
      return ((Expr.ArrayLiteral) e).elements().stream().anyMatch(this::isActive);
    }
    if (e instanceof Expr.RecordRef) {
      return recordActive(((Expr.RecordRef) e).node());
    }
    return false;
  }

  private boolean recordActive(RecordNode node) {
    for (Var leaf : node.leaves()) {
      if (isActiveVar(leaf)) {
        return true;
      }
    }
    return false;
  }
}
