package io.github.chainrule.processor.analysis;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.MathFn;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.Walk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which assignments must save the value they overwrite so that the backward sweep can
 * restore it (the "to be recorded" analysis of source-transformation AD tools such as Tapenade).
 *
 * <p>The backward sweep reverses an assignment {@code x = e} by first restoring the old value of
 * {@code x}, if it was saved, and then running the adjoint code of {@code e}, which reads some
 * variables ({@link ReverseReads}). A value must be saved when the backward sweep of this or an
 * earlier statement reads it. The analysis walks the body forwards with the set of such values,
 * iterating loops to a fixpoint; an array's elements count as one value per alias group.
 */
public final class Recording {

  /** The elements of an alias group, as opposed to the array variable holding a reference. */
  record Storage(Var group) {}

  private final Activity activity;
  private final ReverseReads reads;
  private final Set<Stmt.Assign> saved = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Stmt.Assign> inverted = Collections.newSetFromMap(new IdentityHashMap<>());

  private Recording(Activity activity) {
    this.activity = activity;
    this.reads = new ReverseReads(activity);
  }

  /** Analyzes {@code body}, which must be free of jumps. */
  public static Recording of(Stmt.Block body, Activity activity) {
    Recording r = new Recording(activity);
    r.visit(body, new LinkedHashSet<>());
    return r;
  }

  /** Whether {@code s} must save the value it overwrites. */
  public boolean saves(Stmt.Assign s) {
    return saved.contains(s);
  }

  /**
   * Whether the backward sweep restores the value {@code s} overwrites by undoing it instead: an
   * integer step {@code i = i + c} is undone by {@code i = i - c} (exactly, even on overflow), so
   * loop counters cost nothing on the tape.
   */
  public boolean inverts(Stmt.Assign s) {
    return inverted.contains(s);
  }

  /**
   * Whether the backward sweep of {@code s}, {@code y = f(x)} with a function whose derivative is
   * written with its value ({@link MathFn#derivativeUsesValue}), reads {@code y} instead of
   * computing {@code f(x)} again.
   */
  public static boolean reusesResult(Stmt.Assign s, Activity activity) {
    return s.target().type().equals(Type.DOUBLE)
        && s.value() instanceof Expr.MathCall
        && ((Expr.MathCall) s.value()).fn().derivativeUsesValue()
        && activity.isActiveVar(Activity.rootOf(s.target()))
        && activity.isActive(s.value());
  }

  /**
   * The calls of {@code s} that the forward sweep saves because their derivative needs only their
   * value ({@link MathFn#derivativeFromValueOnly}): active, outside the branches of ternaries and
   * the arguments of max and min, without calls in their arguments, and not the whole value of a
   * statement whose target already holds it ({@link #reusesResult}). In source order.
   */
  public static List<Expr.MathCall> valueOnlyCalls(Stmt.Assign s, Activity activity) {
    List<Expr.MathCall> out = new ArrayList<>();
    if (!s.target().type().equals(Type.DOUBLE) || !activity.isActiveVar(Activity.rootOf(s.target()))) {
      return out;
    }
    boolean whole = reusesResult(s, activity);
    new Object() {
      void visit(Expr x, boolean inBranch) {
        if (x instanceof Expr.MathCall) {
          Expr.MathCall m = (Expr.MathCall) x;
          if (m.fn().derivativeFromValueOnly()
              && !inBranch
              && activity.isActive(m)
              && !(whole && m == s.value())
              && m.args().stream().noneMatch(Recording::hasCall)
              && !out.contains(m)) {
            out.add(m);
          }
          boolean routes = m.fn() == MathFn.MAX || m.fn() == MathFn.MIN;
          m.args().forEach(a -> visit(a, inBranch || routes));
        } else if (x instanceof Expr.Conditional) {
          // The condition has no adjoint; the branches run conditionally.
          visit(((Expr.Conditional) x).then(), true);
          visit(((Expr.Conditional) x).otherwise(), true);
        } else if (!(x instanceof Expr.Index)) {
          Walk.children(x).forEach(c -> visit(c, inBranch));
        }
      }
    }.visit(s.value(), false);
    return out;
  }

  private static boolean hasCall(Expr e) {
    boolean[] found = {false};
    Walk.expr(e, x -> found[0] |= x instanceof Expr.MathCall || x instanceof Expr.Call);
    return found[0];
  }

  /** The step {@code c} of an integer update {@code i = i + c} or {@code i = i - c}, or null. */
  public static Expr.Literal integerStep(Stmt.Assign s) {
    if (!(s.target() instanceof Expr.Ref) || !(s.value() instanceof Expr.Binary)) {
      return null;
    }
    Type t = s.target().type();
    if (!t.equals(Type.INT) && !t.equals(Type.LONG)) {
      return null;
    }
    Expr.Binary b = (Expr.Binary) s.value();
    if ((b.op() != Expr.BinaryOp.ADD && b.op() != Expr.BinaryOp.SUB)
        || !b.left().equals(s.target())
        || !(b.right() instanceof Expr.Literal)
        || !b.type().equals(t)) {
      return null;
    }
    return (Expr.Literal) b.right();
  }

  private Set<Object> visit(Stmt s, Set<Object> needed) {
    if (s instanceof Stmt.Assign) {
      return assign((Stmt.Assign) s, needed);
    }
    if (s instanceof Stmt.Block) {
      Set<Object> r = needed;
      for (Stmt c : ((Stmt.Block) s).stmts()) {
        r = visit(c, r);
      }
      return r;
    }
    if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      Set<Object> a = visit(f.then(), new LinkedHashSet<>(needed));
      Set<Object> b = visit(f.otherwise(), new LinkedHashSet<>(needed));
      a.addAll(b);
      return a;
    }
    if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      Set<Object> head = new LinkedHashSet<>(needed);
      while (true) {
        Set<Object> out = visit(l.update(), visit(l.body(), new LinkedHashSet<>(head)));
        if (head.containsAll(out)) {
          return head;
        }
        head.addAll(out);
      }
    }
    return needed;
  }

  private Set<Object> assign(Stmt.Assign s, Set<Object> needed) {
    Set<Object> out = new LinkedHashSet<>(needed);
    boolean readsNewValue = reads.ofAssign(s, out);
    Object written = writtenKey(s.target());
    if (out.contains(written)) {
      if (integerStep(s) != null) {
        inverted.add(s);
      } else {
        saved.add(s);
      }
    }
    if (s.target() instanceof Expr.Ref && !inverted.contains(s) && !readsNewValue) {
      // The new value is not needed yet. (Undoing an integer step reads it, and so do the
      // pullback of y = f(...) or y = {...} through y's adjoint, and y = tanh(x), whose
      // derivative is written with y: then it stays needed.)
      out.remove(written);
    }
    if (readsNewValue) {
      out.add(written);
    }
    return out;
  }

  private Object writtenKey(Expr target) {
    if (target instanceof Expr.Ref) {
      return ((Expr.Ref) target).var();
    }
    return new Storage(activity.find(Activity.rootOf(target)));
  }

  /**
   * The variables the backward sweep reads when it reverses a statement. This mirrors the rules of
   * the reverse stage: linear operations read nothing, products and functions read their operands,
   * and every access to an adjoint array reads the indices and the array reference.
   */
  static final class ReverseReads {
    private final Activity activity;

    /** Calls of the current statement whose values come from the tape, not from their arguments. */
    private final Set<Expr> fromTape = new java.util.HashSet<>();

    ReverseReads(Activity activity) {
      this.activity = activity;
    }

    /**
     * Adds what the backward sweep of {@code s} reads from the state before {@code s}; returns
     * whether it also reads the new value of the target (the adjoint array of a new array).
     */
    boolean ofAssign(Stmt.Assign s, Set<Object> out) {
      fromTape.clear();
      fromTape.addAll(valueOnlyCalls(s, activity));
      if (reusesResult(s, activity) && ((Expr.MathCall) s.value()).fn().derivativeFromValueOnly()) {
        fromTape.add(s.value()); // its value is the target's new value
      }
      Expr target = s.target();
      if (target instanceof Expr.Index) {
        address(target, out);
      }
      boolean adjoint =
          target.type().isDifferentiable() && activity.isActiveVar(Activity.rootOf(target));
      if (!adjoint) {
        return false;
      }
      if (target.type().isArray()) {
        if (s.value() instanceof Expr.ArrayLiteral || s.value() instanceof Expr.Call) {
          adjoint(s.value(), out);
          return true;
        }
        return false;
      }
      adjoint(s.value(), out);
      return reusesResult(s, activity);
    }

    /** What the adjoint code of {@code e} reads. */
    private void adjoint(Expr e, Set<Object> out) {
      adjoint(e, out, false);
    }

    /**
     * What the adjoint code of {@code e} reads; {@code inBranch} when {@code e} sits in a branch
     * of a ternary or an argument of max/min, whose adjoint code runs conditionally.
     */
    private void adjoint(Expr e, Set<Object> out, boolean inBranch) {
      if (!activity.isActive(e)) {
        return;
      }
      if (e instanceof Expr.Index) {
        address(e, out);
      } else if (e instanceof Expr.Unary) {
        adjoint(((Expr.Unary) e).operand(), out, inBranch);
      } else if (e instanceof Expr.Cast) {
        adjoint(((Expr.Cast) e).operand(), out, inBranch);
      } else if (e instanceof Expr.Binary) {
        Expr.Binary b = (Expr.Binary) e;
        if (b.op() != Expr.BinaryOp.ADD && b.op() != Expr.BinaryOp.SUB) {
          all(b.left(), out);
          all(b.right(), out);
        }
        adjoint(b.left(), out, inBranch);
        adjoint(b.right(), out, inBranch);
      } else if (e instanceof Expr.Conditional) {
        Expr.Conditional c = (Expr.Conditional) e;
        all(c.cond(), out);
        adjoint(c.then(), out, true);
        adjoint(c.otherwise(), out, true);
      } else if (e instanceof Expr.MathCall) {
        Expr.MathCall m = (Expr.MathCall) e;
        boolean routes = m.fn() == MathFn.MAX || m.fn() == MathFn.MIN;
        for (Expr a : m.args()) {
          if (!fromTape.contains(m)) {
            all(a, out);
          }
          adjoint(a, out, inBranch || routes);
        }
      } else if (e instanceof Expr.Call) {
        for (Expr a : ((Expr.Call) e).args()) {
          all(a, out);
          adjoint(a, out);
        }
      } else if (e instanceof Expr.ArrayLiteral) {
        for (Expr a : ((Expr.ArrayLiteral) e).elements()) {
          adjoint(a, out);
        }
      }
    }

    /** The array references and indices of an access chain such as {@code W[i][j]}. */
    private void address(Expr e, Set<Object> out) {
      while (e instanceof Expr.Index) {
        all(((Expr.Index) e).index(), out);
        e = ((Expr.Index) e).array();
      }
      all(e, out);
    }

    /** Everything {@code e} reads: variables, and the elements of arrays it indexes or passes on. */
    private void all(Expr e, Set<Object> out) {
      if (e instanceof Expr.Ref) {
        Var v = ((Expr.Ref) e).var();
        out.add(v);
        if (v.type().isArray()) {
          out.add(new Storage(activity.find(v)));
        }
      } else if (e instanceof Expr.RecordRef) {
        for (Var leaf : ((Expr.RecordRef) e).node().leaves()) {
          all(new Expr.Ref(leaf), out);
        }
      } else if (!fromTape.contains(e)) {
        for (Expr c : Walk.children(e)) {
          all(c, out);
        }
      }
    }
  }
}
