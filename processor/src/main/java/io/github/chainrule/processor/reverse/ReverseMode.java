package io.github.chainrule.processor.reverse;

import static io.github.chainrule.processor.reverse.Build.div;
import static io.github.chainrule.processor.reverse.Build.lit;
import static io.github.chainrule.processor.reverse.Build.mul;
import static io.github.chainrule.processor.reverse.Build.neg;
import static io.github.chainrule.processor.reverse.Build.sub;

import io.github.chainrule.processor.analysis.Activity;
import io.github.chainrule.processor.analysis.Recording;
import io.github.chainrule.processor.ir.ArgList;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.MathFn;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Substitute;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.Walk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse mode: writes the forward and backward sweeps of a method whose jumps have been
 * lowered.
 *
 * <ul>
 *   <li>A sequence is reversed backwards.
 *   <li>An assignment {@code x = e} is reversed by restoring the old value of {@code x} if
 *       {@link Recording} says it was saved, then taking {@code g = dx}, clearing {@code dx} and
 *       adding {@code g} times each local derivative of {@code e} into the adjoints of its
 *       operands. When {@code e} is {@code x + ...} the clear and the unit term cancel, so
 *       {@code z += a * b} reverses to {@code da += dz * b; db += dz * a}.
 *   <li>A branch saves the direction it took; the backward sweep takes the same one.
 *   <li>A loop saves its trip count; the backward sweep runs the reversed body that many times.
 *   <li>A call to a differentiable method is reversed by the callee's own companion, which
 *       recomputes the callee's forward sweep from the restored arguments.
 * </ul>
 */
public final class ReverseMode {

  private final Method method;
  private final Activity activity;
  private final Recording recording;
  private final Map<Var, Var> adjoints = new LinkedHashMap<>();
  private final Map<String, AdjointProgram.Workspace> workspaces = new LinkedHashMap<>();
  private final Var holder = Var.of("into", Type.RECORD, Var.Role.TEMP);
  private final Var seed;
  private boolean usesTape;
  /** How many loops enclose the statement being reversed. */
  private int loopDepth;
  /** Adjoint arrays the holder keeps between calls, by slot: each allocated at most once per call. */
  private final List<Type> zeroCaches = new ArrayList<>();
  /** A call whose value the backward sweep already holds (the target of {@code y = f(x)}). */
  private Expr.MathCall knownCall;

  private Expr knownValue;

  /** Values of the current statement's adjoint code already bound to temporaries. */
  private final Map<Expr, Expr> shared = new LinkedHashMap<>();

  /** For each temporary bound to a function call, the call as the source wrote it. */
  private final Map<Var, Expr.MathCall> callOrigin = new java.util.IdentityHashMap<>();

  /** Values of the current statement that come from the tape, by the call that computes them. */
  private Map<Expr, Expr> preset = Map.of();

  /** The calls the last reversed assignment takes from the tape (see {@link #savedCallsOf}). */
  private List<Expr.MathCall> savedCalls = List.of();

  /** Gradients known not to be zero where code is being written: an enclosing guard tested them. */
  private final List<Expr> nonZero = new ArrayList<>();

  private ReverseMode(Method method, Activity activity, Recording recording) {
    this.method = method;
    this.activity = activity;
    this.recording = recording;
    this.seed =
        Var.of(method.result().type().isArray() ? "upstream" : "seed", method.result().type(), Var.Role.TEMP);
  }

  /** Builds the gradient program of {@code method} from its lowered {@code body}. */
  public static AdjointProgram of(Method method, Stmt.Block body, Activity activity, Recording recording) {
    ReverseMode r = new ReverseMode(method, activity, recording);
    for (Param p : method.params()) {
      for (Var v : p.isRecord() ? p.record().leaves() : List.of(p.var())) {
        if (activity.isActiveVar(v)) {
          r.adjoint(v);
        }
      }
    }
    Stmt.Block forward = r.forward(body);
    List<Stmt> backward = new ArrayList<>();
    Var result = method.result();
    if (!result.type().isArray()) {
      backward.add(new Stmt.Assign(new Expr.Ref(r.adjoint(result)), new Expr.Ref(r.seed), Pos.NONE));
    } else if (activity.isActiveVar(result)) {
      // The upstream gradient seeds the adjoint of the returned array (a buffer of our own).
      backward.add(new Stmt.Raw("addInto($N, $N)", List.of(r.adjoint(result), r.seed), Pos.NONE));
    }
    backward.addAll(r.backward(body).stmts());
    return new AdjointProgram(
        method,
        forward,
        Stmt.Block.of(backward),
        Collections.unmodifiableMap(r.adjoints),
        r.holder,
        r.seed,
        List.copyOf(r.workspaces.values()),
        r.usesTape,
        List.copyOf(r.zeroCaches),
        null);
  }

  private Var adjoint(Var v) {
    return adjoints.computeIfAbsent(v, Var::adjointOf);
  }

  // ---------------------------------------------------------------------------------------------
  // Forward sweep

  private Stmt.Block forward(Stmt.Block block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block.stmts()) {
      forward(s, out);
    }
    return new Stmt.Block(out, block.pos());
  }

  private void forward(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Assign) {
      Stmt.Assign a = (Stmt.Assign) s;
      // An array variable or a matrix row gets a new array: its adjoint follows it.
      boolean arrayRef = a.target().type().isArray();
      boolean activeRef = arrayRef && activity.isActiveVar(Activity.rootOf(a.target()));
      if (recording.saves(a)) {
        usesTape = true;
        out.add(new Stmt.Push(a.target(), a.pos()));
        if (activeRef) {
          out.add(new Stmt.Push(adjointOf(a.target()), a.pos()));
        }
      }
      List<Expr.MathCall> calls = arrayRef ? List.of() : savedCallsOf(a);
      if (calls.isEmpty()) {
        out.add(a);
      } else {
        usesTape = true;
        Map<Expr, Expr> replaced = new LinkedHashMap<>();
        for (Expr.MathCall call : calls) {
          Var v = Var.of(call.fn().javaName(), Type.DOUBLE, Var.Role.TEMP);
          out.add(new Stmt.Assign(new Expr.Ref(v), Substitute.in(call, replaced), a.pos()));
          out.add(new Stmt.Push(new Expr.Ref(v), a.pos()));
          replaced.put(call, new Expr.Ref(v));
        }
        out.add(new Stmt.Assign(a.target(), Substitute.in(a.value(), replaced), a.pos()));
      }
      if (activeRef) {
        Expr adjointArray = adjointArrayFor(a.value(), a.target());
        if (adjointArray instanceof Expr.ZerosLike && loopDepth == 0) {
          // Runs at most once per call: the holder keeps the array and clears it next time.
          int slot = zeroCaches.size();
          zeroCaches.add(a.target().type());
          adjointArray =
              new Expr.Raw(a.target().type(), "$N.zeros$L($L)", List.of(holder, slot, a.target()));
        }
        out.add(new Stmt.Assign(adjointOf(a.target()), adjointArray, a.pos()));
      }
    } else if (s instanceof Stmt.Block) {
      out.add(forward((Stmt.Block) s));
    } else if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      Stmt.Block then = forward(f.then());
      Stmt.Block otherwise = forward(f.otherwise());
      if (!backward(f.then()).stmts().isEmpty() || !backward(f.otherwise()).stmts().isEmpty()) {
        usesTape = true;
        then = append(then, new Stmt.Push(Expr.Literal.TRUE, f.pos()));
        otherwise = append(otherwise, new Stmt.Push(Expr.Literal.FALSE, f.pos()));
      }
      out.add(new Stmt.If(f.cond(), then, otherwise, f.pos()));
    } else if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      loopDepth++;
      Stmt.Block body = forward(l.body());
      loopDepth--;
      if (backward(l.body()).stmts().isEmpty()) {
        out.add(new Stmt.Loop(l.kind(), l.id(), l.cond(), body, Stmt.Block.of(List.of()), l.pos()));
        return;
      }
      usesTape = true;
      Var trips = Var.of("trips", Type.INT, Var.Role.COUNTER);
      Expr.Ref t = new Expr.Ref(trips);
      out.add(new Stmt.Assign(t, Expr.Literal.ofInt(0), l.pos()));
      body =
          append(
              body,
              new Stmt.Assign(
                  t, new Expr.Binary(Expr.BinaryOp.ADD, t, Expr.Literal.ofInt(1), Type.INT), l.pos()));
      out.add(new Stmt.Loop(l.kind(), l.id(), l.cond(), body, Stmt.Block.of(List.of()), l.pos()));
      out.add(new Stmt.Push(t, l.pos()));
    } else {
      out.add(s);
    }
  }

  private static Stmt.Block append(Stmt.Block b, Stmt s) {
    List<Stmt> list = new ArrayList<>(b.stmts());
    list.add(s);
    return new Stmt.Block(list, b.pos());
  }

  /** The adjoint array that goes with the array {@code value} just stored into {@code target}. */
  private Expr adjointArrayFor(Expr value, Expr target) {
    if (value instanceof Expr.NewArray || value instanceof Expr.ArrayLiteral || value instanceof Expr.Call) {
      return new Expr.ZerosLike(target);
    }
    if (value instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) value;
      return new Expr.Conditional(
          c.cond(), adjointArrayFor(c.then(), target), adjointArrayFor(c.otherwise(), target), c.type());
    }
    return adjointArray(value);
  }

  /** The adjoint of an array-valued expression that refers to existing arrays. */
  private Expr adjointArray(Expr e) {
    if (e instanceof Expr.Ref) {
      return new Expr.Ref(adjoint(((Expr.Ref) e).var()));
    }
    if (e instanceof Expr.Index) {
      return new Expr.Index(adjointArray(((Expr.Index) e).array()), ((Expr.Index) e).index());
    }
    if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      return new Expr.Conditional(c.cond(), adjointArray(c.then()), adjointArray(c.otherwise()), c.type());
    }
    throw new IllegalStateException("no adjoint for array expression " + e);
  }

  // ---------------------------------------------------------------------------------------------
  // Backward sweep

  private Stmt.Block backward(Stmt.Block block) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> stmts = block.stmts();
    for (int i = stmts.size() - 1; i >= 0; i--) {
      backward(stmts.get(i), out);
    }
    return new Stmt.Block(out, block.pos());
  }

  private void backward(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Assign) {
      assign((Stmt.Assign) s, out);
    } else if (s instanceof Stmt.Block) {
      Stmt.Block b = backward((Stmt.Block) s);
      if (!b.stmts().isEmpty()) {
        out.add(b);
      }
    } else if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      Stmt.Block then = backward(f.then());
      Stmt.Block otherwise = backward(f.otherwise());
      if (!then.stmts().isEmpty() || !otherwise.stmts().isEmpty()) {
        out.add(new Stmt.If(new Expr.Pop(Type.BOOLEAN), then, otherwise, f.pos()));
      }
    } else if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      Stmt.Block body = backward(l.body());
      if (!body.stmts().isEmpty()) {
        out.add(new Stmt.Repeat(new Expr.Pop(Type.INT), body, l.pos()));
      }
    }
  }

  private void assign(Stmt.Assign a, List<Stmt> out) {
    Expr target = a.target();
    List<Stmt> code = new ArrayList<>();
    boolean saved = recording.saves(a);
    if (target.type().isArray()) {
      boolean active = activity.isActiveVar(Activity.rootOf(target));
      boolean pullback =
          active
              && (a.value() instanceof Expr.ArrayLiteral
                  || (a.value() instanceof Expr.Call && activity.isActive(a.value())));
      // The adjoint of the new array; the pullback below runs on the state before this statement.
      Expr upstream = active ? adjointOf(target) : null;
      Expr value = null;
      if (pullback
          && a.value() instanceof Expr.Call
          && ((Expr.Call) a.value()).callee().adjointTakesResult()) {
        // An adjoint written with the result: the target holds it now (later writes into the
        // array have been undone), before the tape gives the target its earlier value back.
        Var v = Var.of("value", target.type(), Var.Role.TEMP);
        code.add(new Stmt.Let(v, target, a.pos()));
        value = new Expr.Ref(v);
      }
      if (saved) {
        if (pullback) {
          Var t = Var.of("upstream", target.type(), Var.Role.TEMP);
          code.add(new Stmt.Let(t, upstream, a.pos()));
          upstream = new Expr.Ref(t);
        }
        if (active) {
          code.add(new Stmt.Assign(adjointOf(target), new Expr.Pop(target.type()), a.pos()));
        }
        code.add(new Stmt.Assign(target, new Expr.Pop(target.type()), a.pos()));
      }
      if (pullback && a.value() instanceof Expr.ArrayLiteral) {
        literalAdjoint((Expr.ArrayLiteral) a.value(), upstream, code);
      } else if (pullback) {
        // y = f(...): pull y's adjoint back through f's companion.
        shared.clear();
        call((Expr.Call) a.value(), upstream, value, code);
      }
    } else {
      if (Recording.reusesResult(a, activity)) {
        // y = f(x) where f' is written with f: read y before it is restored.
        Var y = Var.of("y", Type.DOUBLE, Var.Role.TEMP);
        code.add(new Stmt.Let(y, target, a.pos()));
        knownCall = (Expr.MathCall) a.value();
        knownValue = new Expr.Ref(y);
      }
      if (saved) {
        code.add(new Stmt.Assign(target, new Expr.Pop(target.type()), a.pos()));
      } else if (recording.inverts(a)) {
        Expr.Binary step = (Expr.Binary) a.value();
        Expr.BinaryOp undo = step.op() == Expr.BinaryOp.ADD ? Expr.BinaryOp.SUB : Expr.BinaryOp.ADD;
        code.add(
            new Stmt.Assign(target, new Expr.Binary(undo, target, step.right(), step.type()), a.pos()));
      }
      savedCalls = List.of();
      if (target.type().isDifferentiable() && activity.isActiveVar(Activity.rootOf(target))) {
        // Function values the adjoint needs come off the tape, saved by the forward sweep,
        // instead of being computed again: they go first, above the restored target. Those
        // whose derivative is their value alone are read nowhere else (the analysis counted
        // on it, see Recording.valueOnlyCalls); others are taken where a temporary holds them.
        List<Stmt> pops = new ArrayList<>();
        List<Expr.MathCall> calls = new ArrayList<>();
        Map<Expr, Expr> fromTape = new LinkedHashMap<>();
        for (Expr.MathCall call : Recording.valueOnlyCalls(a, activity)) {
          Var t = Var.of(call.fn().javaName(), Type.DOUBLE, Var.Role.TEMP);
          fromTape.put(call, new Expr.Ref(t));
          calls.add(call);
          pops.add(0, new Stmt.Let(t, new Expr.Pop(Type.DOUBLE), a.pos()));
        }
        preset = fromTape;
        List<Stmt> adjoint = new ArrayList<>();
        scalarAdjoint(target, a.value(), adjoint);
        preset = Map.of();
        adjoint = Substitute.stmts(adjoint, fromTape);
        adjoint = takeFromTape(adjoint, a, calls, pops);
        // Also inside the statement's guard (if (g != 0.0) {...}), which runs the same code.
        for (int i = 0; i < adjoint.size(); i++) {
          if (adjoint.get(i) instanceof Stmt.If) {
            Stmt.If guard = (Stmt.If) adjoint.get(i);
            if (guard.otherwise().stmts().isEmpty() && isStatementGuard(guard.cond(), adjointOf(target))) {
              List<Stmt> inner = takeFromTape(new ArrayList<>(guard.then().stmts()), a, calls, pops);
              adjoint.set(
                  i, new Stmt.If(guard.cond(), new Stmt.Block(inner, guard.then().pos()), guard.otherwise(), guard.pos()));
            }
          }
        }
        savedCalls = calls;
        int at = code.isEmpty() || !(code.get(0) instanceof Stmt.Let) ? 0 : 1;
        code.addAll(at, pops);
        code.addAll(adjoint);
      }
    }
    if (!code.isEmpty()) {
      if (a.pos().line() > 0) {
        out.add(new Stmt.Comment(a.pos().line() + ": " + a.pos().source(), a.pos()));
      }
      if (code.stream().anyMatch(c -> c instanceof Stmt.Let || c instanceof Stmt.Raw)) {
        out.add(new Stmt.Block(code, a.pos()));
      } else {
        out.addAll(code);
      }
    }
  }

  private void literalAdjoint(Expr.ArrayLiteral lit, Expr adjointArray, List<Stmt> out) {
    List<Expr> elements = lit.elements();
    for (int k = 0; k < elements.size(); k++) {
      Expr el = elements.get(k);
      Expr slot = new Expr.Index(adjointArray, Expr.Literal.ofInt(k));
      if (el instanceof Expr.ArrayLiteral) {
        literalAdjoint((Expr.ArrayLiteral) el, slot, out);
      } else if (activity.isActive(el)) {
        propagateStatement(el, slot, out);
      }
    }
  }

  /** Reverses {@code target = value} for a double target that carries a gradient. */
  private void scalarAdjoint(Expr target, Expr value, List<Stmt> out) {
    Expr adjTarget = adjointOf(target);
    if (!activity.isActive(value)) {
      out.add(new Stmt.Assign(adjTarget, lit(0.0), Pos.NONE));
      return;
    }
    // A local derivative can be infinite or undefined where the value is not (log, sqrt, pow
    // and division at 0, atan2 at the origin, exp overflowing): then a zero gradient must stay
    // zero, not become 0 * inf = NaN, as when the value is never used.
    boolean guard = maySingular(value);
    Var g = Var.of("g", Type.DOUBLE, Var.Role.TEMP);
    List<Stmt> contributions = new ArrayList<>();
    propagateGuarded(guard, value, new Expr.Ref(g), contributions);
    Stmt.Accumulate unit = new Stmt.Accumulate(adjTarget, new Expr.Ref(g), Pos.NONE);
    int units = 0;
    for (Stmt c : contributions) {
      if (c.equals(unit)) {
        units++;
      }
    }
    // Other writes of the target's adjoint, at any depth (inside a branch of a ternary too).
    int others = accumulations(contributions, adjTarget) - units;
    if (units == 1) {
      // x = x + ...: the adjoint of x passes through unchanged; only the other terms are added.
      contributions.remove(unit);
      if (others == 0 && adjTarget instanceof Expr.Ref && !writesAdjointsIndirectly(contributions)) {
        List<Stmt> inlined = new ArrayList<>();
        propagateGuarded(guard, value, adjTarget, inlined);
        inlined.remove(new Stmt.Accumulate(adjTarget, adjTarget, Pos.NONE));
        out.addAll(guarded(guard, adjTarget, inlined));
        return;
      }
      out.add(new Stmt.Let(g, adjTarget, Pos.NONE));
      out.addAll(guarded(guard, new Expr.Ref(g), contributions));
      return;
    }
    if (uses(contributions, g) == 1 && !touches(contributions, adjTarget)) {
      // Read the adjoint where it is used, then clear it: dx += dy * f'(x); dy = 0.
      List<Stmt> inlined = new ArrayList<>();
      propagateGuarded(guard, value, adjTarget, inlined);
      out.addAll(guarded(guard, adjTarget, inlined));
      out.add(new Stmt.Assign(adjTarget, lit(0.0), Pos.NONE));
      return;
    }
    out.add(new Stmt.Let(g, adjTarget, Pos.NONE));
    out.add(new Stmt.Assign(adjTarget, lit(0.0), Pos.NONE));
    out.addAll(guarded(guard, new Expr.Ref(g), contributions));
  }

  /**
   * Removes from {@code stmts} the temporaries bound to costly calls of {@code a}'s value: their
   * values come from the tape instead ({@code calls} to push in the forward sweep, {@code pops}
   * to read them back first).
   */
  private List<Stmt> takeFromTape(List<Stmt> stmts, Stmt.Assign a, List<Expr.MathCall> calls, List<Stmt> pops) {
    List<Stmt> out = new ArrayList<>(stmts);
    for (java.util.Iterator<Stmt> it = out.iterator(); it.hasNext(); ) {
      Stmt st = it.next();
      if (st instanceof Stmt.Let) {
        Expr.MathCall origin = callOrigin.get(((Stmt.Let) st).var());
        if (origin != null && worthSaving(origin.fn()) && occursIn(origin, a.value())) {
          it.remove();
          calls.add(origin);
          pops.add(0, new Stmt.Let(((Stmt.Let) st).var(), new Expr.Pop(Type.DOUBLE), a.pos()));
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code cond} is the guard {@link #scalarAdjoint} puts around a statement's adjoint
   * code ({@code g != 0.0}, {@code g} its temporary or the target's adjoint): that code runs
   * whenever the statement's does. (Not a branch of a ternary: its calls may not be evaluable.)
   */
  private static boolean isStatementGuard(Expr cond, Expr adjTarget) {
    if (!(cond instanceof Expr.Binary)
        || ((Expr.Binary) cond).op() != Expr.BinaryOp.NE
        || !Build.isLiteral(((Expr.Binary) cond).right(), 0.0)) {
      return false;
    }
    Expr g = ((Expr.Binary) cond).left();
    if (g.equals(adjTarget)) {
      return true;
    }
    return g instanceof Expr.Ref
        && ((Expr.Ref) g).var().role() == Var.Role.TEMP
        && ((Expr.Ref) g).var().name().equals("g");
  }

  /** {@code stmts}, run only when {@code g} is not zero if {@code guard}. */
  private static List<Stmt> guarded(boolean guard, Expr g, List<Stmt> stmts) {
    if (!guard || stmts.isEmpty()) {
      return stmts;
    }
    Expr nonZero = new Expr.Binary(Expr.BinaryOp.NE, g, lit(0.0), Type.BOOLEAN);
    return List.of(new Stmt.If(nonZero, Stmt.Block.of(stmts), Stmt.Block.of(List.of()), Pos.NONE));
  }

  /** Whether a local derivative of {@code e} can be infinite or undefined at a finite point. */
  private boolean maySingular(Expr e) {
    boolean[] found = {false};
    Walk.expr(e, x -> found[0] |= activity.isActive(x) && singularNode(x));
    return found[0];
  }

  /**
   * Whether the adjoint code of node {@code x} itself (not of its operands) may multiply the
   * gradient by something infinite: division and remainder, a function whose partial can be
   * infinite ({@link DerivativeRules#mayBeInfinite}), and calls, whose adjoints are code we do not
   * see.
   */
  private static boolean singularNode(Expr x) {
    if (x instanceof Expr.Binary) {
      Expr.BinaryOp op = ((Expr.Binary) x).op();
      return op == Expr.BinaryOp.DIV || op == Expr.BinaryOp.REM;
    }
    if (x instanceof Expr.MathCall) {
      return DerivativeRules.mayBeInfinite(((Expr.MathCall) x).fn());
    }
    return x instanceof Expr.Call;
  }

  /** Whether {@code g} is known to be non-zero here (a guard tested it, or a non-zero literal). */
  private boolean knownNonZero(Expr g) {
    if (g instanceof Expr.Unary && ((Expr.Unary) g).op() == Expr.UnaryOp.NEG) {
      g = ((Expr.Unary) g).operand();
    }
    if (g instanceof Expr.Literal) {
      return !Build.isLiteral(g, 0.0);
    }
    return nonZero.contains(g);
  }

  /** {@link #propagateStatement}, with {@code g} known non-zero when {@code guard} tests it. */
  private void propagateGuarded(boolean guard, Expr e, Expr g, List<Stmt> out) {
    if (guard) {
      nonZero.add(g);
    }
    try {
      propagateStatement(e, g, out);
    } finally {
      if (guard) {
        nonZero.remove(nonZero.size() - 1);
      }
    }
  }

  /** How often {@code v} is read in {@code stmts}. */
  private static int uses(List<Stmt> stmts, Var v) {
    int[] n = {0};
    for (Stmt s : stmts) {
      Walk.exprs(s, e -> {
        if (e instanceof Expr.Ref && ((Expr.Ref) e).var() == v) {
          n[0]++;
        }
      });
    }
    return n[0];
  }

  /**
   * Whether {@code stmts} may write the adjoint {@code target} (or another element of its array):
   * then it must be cleared before they run.
   */
  private static boolean touches(List<Stmt> stmts, Expr target) {
    Var root = io.github.chainrule.processor.analysis.Activity.rootOf(target);
    for (Stmt s : stmts) {
      if (!(s instanceof Stmt.Accumulate)) {
        return true;
      }
      Var written = io.github.chainrule.processor.analysis.Activity.rootOf(((Stmt.Accumulate) s).target());
      if (written == null || written == root) {
        return true;
      }
    }
    return false;
  }

  /** The calls whose values the backward sweep of {@code a} takes from the tape, in push order. */
  private List<Expr.MathCall> savedCallsOf(Stmt.Assign a) {
    assign(a, new ArrayList<>());
    return savedCalls;
  }

  /** Functions costly enough that saving their value beats computing it again. */
  private static boolean worthSaving(MathFn fn) {
    switch (fn) {
      case EXP:
      case EXPM1:
      case LOG:
      case LOG10:
      case LOG1P:
      case POW:
      case SIN:
      case COS:
      case TAN:
      case ASIN:
      case ACOS:
      case ATAN:
      case ATAN2:
      case SINH:
      case COSH:
      case TANH:
      case CBRT:
      case HYPOT:
        return true;
      default:
        return false;
    }
  }

  private static boolean occursIn(Expr part, Expr whole) {
    boolean[] found = {false};
    Walk.expr(whole, e -> found[0] |= e.equals(part));
    return found[0];
  }

  private static boolean writesAdjointsIndirectly(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Raw
          || (s instanceof Stmt.Block && writesAdjointsIndirectly(((Stmt.Block) s).stmts()))
          || (s instanceof Stmt.If
              && (writesAdjointsIndirectly(((Stmt.If) s).then().stmts())
                  || writesAdjointsIndirectly(((Stmt.If) s).otherwise().stmts())))) {
        return true;
      }
    }
    return false;
  }

  /** How many statements, at any depth, add into {@code target}. */
  private static int accumulations(List<Stmt> stmts, Expr target) {
    int n = 0;
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Accumulate && ((Stmt.Accumulate) s).target().equals(target)) {
        n++;
      } else if (s instanceof Stmt.Block) {
        n += accumulations(((Stmt.Block) s).stmts(), target);
      } else if (s instanceof Stmt.If) {
        n += accumulations(((Stmt.If) s).then().stmts(), target);
        n += accumulations(((Stmt.If) s).otherwise().stmts(), target);
      }
    }
    return n;
  }

  /** The adjoint location of an assignment target: {@code dx} or {@code dA[i]}. */
  private Expr adjointOf(Expr target) {
    if (target instanceof Expr.Ref) {
      return new Expr.Ref(adjoint(((Expr.Ref) target).var()));
    }
    Expr.Index ix = (Expr.Index) target;
    return new Expr.Index(adjointArray(ix.array()), ix.index());
  }

  /** Adds {@code g} times the derivative of {@code e} into the adjoints of what {@code e} reads. */
  private void propagate(Expr e, Expr g, List<Stmt> out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Ref || e instanceof Expr.Index) {
      out.add(new Stmt.Accumulate(adjointOf(e), g, Pos.NONE));
      return;
    }
    if (e instanceof Expr.Cast) {
      propagate(((Expr.Cast) e).operand(), g, out);
      return;
    }
    if (e instanceof Expr.Unary) {
      Expr.Unary u = (Expr.Unary) e;
      propagate(u.operand(), u.op() == Expr.UnaryOp.NEG ? neg(g) : g, out);
      return;
    }
    g = share(g, out);
    if (singularNode(e) && !knownNonZero(g)) {
      // A zero gradient adds nothing, even where a local derivative is infinite: 0 * inf would
      // be NaN (the naive sigmoid 1 / (1 + exp(-z)) at z = -1000 passes 0 to exp(-z) = inf).
      Expr gg = g;
      List<Stmt> inner = new ArrayList<>();
      nonZero.add(g);
      try {
        scoped(() -> node(e, gg, inner));
      } finally {
        nonZero.remove(nonZero.size() - 1);
      }
      if (!inner.isEmpty()) {
        out.add(
            new Stmt.If(
                new Expr.Binary(Expr.BinaryOp.NE, g, lit(0.0), Type.BOOLEAN),
                Stmt.Block.of(inner),
                Stmt.Block.of(List.of()),
                Pos.NONE));
      }
      return;
    }
    node(e, g, out);
  }

  /** The adjoint code of a compound node {@code e} with the (shared) gradient {@code g}. */
  private void node(Expr e, Expr g, List<Stmt> out) {
    if (e instanceof Expr.Binary) {
      binary((Expr.Binary) e, g, out);
    } else if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      final Expr gg = g;
      scoped(() -> propagate(c.then(), gg, then));
      scoped(() -> propagate(c.otherwise(), gg, otherwise));
      out.add(new Stmt.If(c.cond(), Stmt.Block.of(then), Stmt.Block.of(otherwise), Pos.NONE));
    } else if (e instanceof Expr.MathCall) {
      mathCall((Expr.MathCall) e, g, out);
    } else if (e instanceof Expr.Call) {
      call((Expr.Call) e, g, null, out); // a scalar result: no adjoint takes it
    } else {
      throw new IllegalStateException("no adjoint rule for " + e);
    }
  }

  private void binary(Expr.Binary b, Expr g, List<Stmt> out) {
    Expr l = b.left();
    Expr r = b.right();
    boolean la = activity.isActive(l);
    boolean ra = activity.isActive(r);
    switch (b.op()) {
      case ADD: // d(l + r) = dl + dr
        propagate(l, g, out);
        propagate(r, g, out);
        return;
      case SUB: // d(l - r) = dl - dr
        propagate(l, g, out);
        propagate(r, neg(g), out);
        return;
      case MUL: // d(l r) = r dl + l dr
        if (la && l.equals(r) && isSimple(l)) {
          // d(x x) = 2 x dx, which is exactly x dx + x dx
          propagate(l, mul(lit(2.0), mul(g, l)), out);
          return;
        }
        if (la && ra) {
          // Each factor is needed for the other's derivative and perhaps for its own.
          Expr ls = share(l, out);
          Expr rs = share(r, out);
          propagate(l, mul(g, rs), out);
          propagate(r, mul(g, ls), out);
          return;
        }
        if (la) {
          propagate(l, mul(g, r), out);
        }
        if (ra) {
          propagate(r, mul(g, l), out);
        }
        return;
      case DIV:
        {
          // d(l / r) = dl / r - l / r^2 dr
          Expr rs = ra ? share(r, out) : r;
          if (la) {
            propagate(l, div(g, rs), out);
          }
          if (ra) {
            propagate(r, neg(div(mul(g, l), mul(rs, rs))), out);
          }
          return;
        }
      case REM:
        {
          // l % r = l - r trunc(l / r): d = dl - trunc(l / r) dr
          propagate(l, g, out);
          if (ra) {
            Expr trunc = div(sub(l, new Expr.Binary(Expr.BinaryOp.REM, l, r, Type.DOUBLE)), r);
            propagate(r, neg(mul(g, trunc)), out);
          }
          return;
        }
      default:
        throw new IllegalStateException("no adjoint rule for " + b.op());
    }
  }

  private void mathCall(Expr.MathCall m, Expr g, List<Stmt> out) {
    if (m.fn() == MathFn.MAX || m.fn() == MathFn.MIN) {
      // The routing node: the whole gradient goes to the argument returned (the first on a tie).
      Expr a = share(m.args().get(0), out);
      Expr b = share(m.args().get(1), out);
      Expr.BinaryOp op = m.fn() == MathFn.MAX ? Expr.BinaryOp.GE : Expr.BinaryOp.LE;
      List<Stmt> first = new ArrayList<>();
      List<Stmt> second = new ArrayList<>();
      scoped(() -> propagate(m.args().get(0), g, first));
      scoped(() -> propagate(m.args().get(1), g, second));
      out.add(
          new Stmt.If(
              new Expr.Binary(op, a, b, Type.BOOLEAN), Stmt.Block.of(first), Stmt.Block.of(second), Pos.NONE));
      return;
    }
    // The value may be known already: the target of y = f(x), or saved by the forward sweep.
    Expr known = m == knownCall ? knownValue : shared.get(m);
    if (known != null && m.fn().derivativeFromValueOnly()) {
      // f' from f alone: the argument is not evaluated again (it may not be restored).
      Expr arg = m.args().get(0);
      if (activity.isActive(arg)) {
        propagate(arg, mul(g, DerivativeRules.partial(m.owner(), m.fn(), 0, m.args(), known)), out);
      }
      return;
    }
    List<Expr> args = new ArrayList<>();
    for (Expr a : m.args()) {
      args.add(share(a, out));
    }
    Expr y = null;
    if (known != null) {
      y = known;
    } else if (m.fn().derivativeUsesValue()) {
      y = share(new Expr.MathCall(m.owner(), m.fn(), args, m.type()), out);
      if (y instanceof Expr.Ref && callOrigin.containsKey(((Expr.Ref) y).var())) {
        // The value of this very call (its arguments may have been bound to temporaries).
        callOrigin.put(((Expr.Ref) y).var(), m);
      }
    }
    for (int k = 0; k < args.size(); k++) {
      Expr arg = m.args().get(k);
      if (!activity.isActive(arg)) {
        continue;
      }
      Expr partial = DerivativeRules.partial(m.owner(), m.fn(), k, args, y);
      if (partial != null) {
        propagate(arg, mul(g, partial), out);
      }
    }
  }

  /**
   * Reverses a call to a method with a hand-written adjoint by calling the adjoint directly: it
   * adds into our adjoint arrays (null where we need no gradient) and returns the gradients of
   * the scalar parameters. The forward value is not computed again.
   */
  private void callAdjoint(Expr.Call c, Expr g, Expr value, List<Stmt> out) {
    Callee callee = c.callee();
    List<Object> args = new ArrayList<>(c.args());
    if (callee.adjointTakesResult()) {
      args.add(value);
    }
    args.add(g);
    List<Expr> scalars = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      Param p = callee.params().get(i);
      Expr arg = c.args().get(i);
      if (!p.differentiable()) {
        continue;
      }
      if (p.isRecord()) {
        RecordNode node = ((Expr.RecordRef) arg).node();
        args.add(gradientRecord(node));
      } else if (p.var().type().isArray()) {
        args.add(activity.isActive(arg) ? adjointArray(arg) : new Expr.Literal(p.var().type(), "null"));
      } else {
        scalars.add(arg);
      }
    }
    Expr.Raw invocation =
        new Expr.Raw(
            scalars.size() > 1 ? Type.DOUBLE_ARRAY : Type.DOUBLE,
            "$T.$N($L)",
            List.of(callee.owner(), callee.adjoint(), new ArgList(args)));
    if (scalars.isEmpty()) {
      out.add(new Stmt.Raw("$L", List.of(invocation), Pos.NONE));
      return;
    }
    Var grads = Var.of(scalars.size() > 1 ? "grads" : "grad", invocation.type(), Var.Role.TEMP);
    out.add(new Stmt.Let(grads, invocation, Pos.NONE));
    for (int k = 0; k < scalars.size(); k++) {
      Expr grad =
          scalars.size() > 1 ? new Expr.Index(new Expr.Ref(grads), Expr.Literal.ofInt(k)) : new Expr.Ref(grads);
      if (activity.isActive(scalars.get(k))) {
        propagate(scalars.get(k), grad, out);
      }
    }
  }

  /** A record of our adjoint arrays for the leaves of {@code node} (null where inactive). */
  private Expr gradientRecord(RecordNode node) {
    List<Object> parts = new ArrayList<>();
    for (RecordNode.Component comp : node.components()) {
      if (comp.nested() != null) {
        parts.add(gradientRecord(comp.nested()));
      } else if (comp.leaf().type().isArray() && activity.isActiveVar(comp.leaf())) {
        parts.add(new Expr.Ref(adjoint(comp.leaf())));
      } else if (comp.leaf().type().isArray()) {
        parts.add(new Expr.Literal(comp.leaf().type(), "null"));
      } else {
        parts.add(new Expr.Literal(comp.leaf().type(), comp.leaf().type().base() == Type.Base.BOOLEAN ? "false" : "0"));
      }
    }
    return new Expr.Raw(Type.RECORD, "new $T($L)", List.of(node.type(), new ArgList(parts)));
  }

  /**
   * Pulls {@code g} back through the call {@code c}; {@code value} is the call's result where the
   * callee's adjoint takes it ({@link Callee#adjointTakesResult()}), else null.
   */
  private void call(Expr.Call c, Expr g, Expr value, List<Stmt> out) {
    Callee callee = c.callee();
    if (callee.adjoint() != null) {
      callAdjoint(c, g, value, out);
      return;
    }
    String key = callee.owner().qualifiedName() + "#" + callee.name();
    AdjointProgram.Workspace ws =
        workspaces.computeIfAbsent(
            key,
            k -> {
              List<String> names = callee.owner().simpleNames();
              String base = "work" + names.get(names.size() - 1) + callee.holderName();
              return new AdjointProgram.Workspace(callee, uniqueWorkspaceName(base));
            });
    Var w = Var.of("work", Type.RECORD, Var.Role.TEMP);
    out.add(
        new Stmt.Raw(
            "$T $N = $N.$N()",
            List.of(
                new ClassRef(
                    callee.owner().packageName(),
                    List.of(callee.owner().companionSimpleName(), callee.holderName())),
                w,
                holder,
                ws.method()),
            Pos.NONE));
    // Point the callee's gradient buffers at our adjoints, then let its companion add into them.
    List<Object> buffers = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      Param p = callee.params().get(i);
      if (!p.differentiable()) {
        continue;
      }
      Expr arg = c.args().get(i);
      if (p.isRecord()) {
        RecordNode node = ((Expr.RecordRef) arg).node();
        List<Var> argLeaves = node.leaves();
        List<Var> paramLeaves = p.record().leaves();
        for (int k = 0; k < argLeaves.size(); k++) {
          if (paramLeaves.get(k).type().isArray() && paramLeaves.get(k).type().isDifferentiable()) {
            Var leaf = argLeaves.get(k);
            buffers.add(
                activity.isActiveVar(leaf)
                    ? new Expr.Ref(adjoint(leaf))
                    : new Expr.ZerosLike(new Expr.Ref(leaf)));
          }
        }
      } else if (p.var().type().isArray()) {
        buffers.add(activity.isActive(arg) ? adjointArray(arg) : new Expr.ZerosLike(arg));
      }
    }
    out.add(new Stmt.Raw("$N.rebind($L)", List.of(w, new ArgList(buffers)), Pos.NONE));
    List<Object> callArgs = new ArrayList<>(c.args());
    callArgs.add(g);
    callArgs.add(new Expr.Ref(w));
    out.add(
        new Stmt.Raw(
            "$T.$N($L)",
            List.of(callee.owner().companion(), callee.name(), new ArgList(callArgs)),
            Pos.NONE));
    for (int i = 0; i < c.args().size(); i++) {
      Param p = callee.params().get(i);
      if (!p.differentiable()) {
        continue;
      }
      Expr arg = c.args().get(i);
      if (p.isRecord()) {
        scalarLeaves(p.record(), ((Expr.RecordRef) arg).node(), w, p.name() + "()", out);
      } else if (!p.var().type().isArray() && activity.isActive(arg)) {
        propagate(arg, new Expr.Raw(Type.DOUBLE, "$N.$N()", List.of(w, p.name())), out);
      }
    }
  }

  private void scalarLeaves(RecordNode param, RecordNode arg, Var w, String path, List<Stmt> out) {
    for (int k = 0; k < param.components().size(); k++) {
      RecordNode.Component pc = param.components().get(k);
      RecordNode.Component ac = arg.components().get(k);
      String p = path + "." + pc.name() + "()";
      if (pc.nested() != null) {
        scalarLeaves(pc.nested(), ac.nested(), w, p, out);
      } else if (pc.leaf().type().equals(Type.DOUBLE) && activity.isActiveVar(ac.leaf())) {
        propagate(new Expr.Ref(ac.leaf()), new Expr.Raw(Type.DOUBLE, "$N.$L", List.of(w, p)), out);
      }
    }
  }

  private String uniqueWorkspaceName(String base) {
    String name = base;
    int n = 2;
    while (true) {
      String candidate = name;
      if (workspaces.values().stream().noneMatch(w -> w.method().equals(candidate))
          && method.params().stream().noneMatch(p -> p.name().equals(candidate))) {
        return candidate;
      }
      name = base + n++;
    }
  }


  /** Binds {@code e} to a temporary unless it is cheap to evaluate again. */
  private Expr share(Expr e, List<Stmt> out) {
    if (isSimple(e)) {
      return e;
    }
    Expr known = shared.get(e);
    if (known != null) {
      return known;
    }
    // Calls inside get temporaries of their own, so that a later rule needing the same call
    // (exp(-z) in the derivative of 1 / (1 + exp(-z))) finds it instead of computing it again.
    Expr inner = shareCalls(e, out);
    if (isSimple(inner)) {
      shared.put(e, inner);
      return inner;
    }
    Var t = Var.of("t", e.type(), Var.Role.TEMP);
    out.add(new Stmt.Let(t, inner, Pos.NONE));
    Expr ref = new Expr.Ref(t);
    shared.put(e, ref);
    return ref;
  }

  private Expr shareCalls(Expr e, List<Stmt> out) {
    if (e instanceof Expr.Unary) {
      Expr.Unary u = (Expr.Unary) e;
      return new Expr.Unary(u.op(), shareCalls(u.operand(), out), u.type());
    }
    if (e instanceof Expr.Binary) {
      Expr.Binary b = (Expr.Binary) e;
      return new Expr.Binary(b.op(), shareCalls(b.left(), out), shareCalls(b.right(), out), b.type());
    }
    if (e instanceof Expr.Cast) {
      return new Expr.Cast(e.type(), shareCalls(((Expr.Cast) e).operand(), out));
    }
    if (e instanceof Expr.MathCall && e.type().isDifferentiable()) {
      Expr.MathCall m = (Expr.MathCall) e;
      Expr known = shared.get(m);
      if (known != null) {
        return known;
      }
      List<Expr> args = new ArrayList<>();
      for (Expr a : m.args()) {
        args.add(shareCalls(a, out));
      }
      Var t = Var.of("t", e.type(), Var.Role.TEMP);
      out.add(new Stmt.Let(t, new Expr.MathCall(m.owner(), m.fn(), args, m.type()), Pos.NONE));
      callOrigin.put(t, m);
      Expr ref = new Expr.Ref(t);
      shared.put(m, ref);
      return ref;
    }
    return e;
  }

  /** Runs {@code body} with the shared values known so far; what it shares stays inside it. */
  private void scoped(Runnable body) {
    Map<Expr, Expr> saved = new LinkedHashMap<>(shared);
    body.run();
    shared.clear();
    shared.putAll(saved);
  }

  /** Starts the adjoint code of one statement: nothing is shared yet but what the tape holds. */
  private void propagateStatement(Expr e, Expr g, List<Stmt> out) {
    shared.clear();
    shared.putAll(preset);
    propagate(e, g, out);
  }

  private static boolean isSimple(Expr e) {
    if (e instanceof Expr.Literal || e instanceof Expr.Ref) {
      return true;
    }
    if (e instanceof Expr.Index) {
      return isSimple(((Expr.Index) e).array()) && isSimple(((Expr.Index) e).index());
    }
    if (e instanceof Expr.Unary && ((Expr.Unary) e).op() == Expr.UnaryOp.NEG) {
      return isSimple(((Expr.Unary) e).operand());
    }
    return false;
  }
}
