package io.github.chainrule.processor.lower;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code break}, {@code continue} and {@code return} into boolean flags, so that the body
 * becomes structured code made of assignments, {@code if} and loops only. The reverse stage then
 * reverses every construct by a fixed rule: a sequence backwards, a branch by the direction it
 * took, a loop by its trip count.
 *
 * <p>A jump sets its flag; the statements after it in the same block run under {@code if (!flag)};
 * a loop's condition also tests the flags that leave it; a {@code continue} flag is cleared at
 * the end of the body, before the update. Flags that nothing reads are dropped again.
 */
public final class JumpLowering {

  private final Var result;
  private final Map<Stmt.LoopId, Var> breakFlags = new IdentityHashMap<>();
  private final Map<Stmt.LoopId, Var> continueFlags = new IdentityHashMap<>();
  private Var returnFlag;
  /** The method's last statement when it is a return: it needs no flag, nothing follows it. */
  private Stmt finalReturn;

  private JumpLowering(Var result) {
    this.result = result;
  }

  /** Lowers the body of {@code method}. */
  public static Stmt.Block lower(Method method) {
    JumpLowering lowering = new JumpLowering(method.result());
    List<Stmt> stmts = method.body().stmts();
    if (!stmts.isEmpty() && stmts.get(stmts.size() - 1) instanceof Stmt.Return) {
      lowering.finalReturn = stmts.get(stmts.size() - 1);
    }
    Lowered body = lowering.list(stmts);
    Stmt.Block block = new Stmt.Block(body.stmts, method.body().pos());
    Set<Var> read = Collections.newSetFromMap(new IdentityHashMap<>());
    FlagReads.collect(block, read);
    return (Stmt.Block) DeadFlags.remove(block, read);
  }

  private record Lowered(List<Stmt> stmts, Set<Var> pending) {}

  private Lowered list(List<Stmt> in) {
    List<Stmt> out = new ArrayList<>();
    Set<Var> pending = new LinkedHashSet<>();
    for (int i = 0; i < in.size(); i++) {
      Lowered s = stmt(in.get(i));
      out.addAll(s.stmts);
      if (!s.pending.isEmpty()) {
        pending.addAll(s.pending);
        Lowered rest = list(in.subList(i + 1, in.size()));
        if (!rest.stmts.isEmpty()) {
          out.add(
              new Stmt.If(
                  noneOf(s.pending),
                  new Stmt.Block(rest.stmts, Pos.NONE),
                  Stmt.Block.of(List.of()),
                  Pos.NONE));
        }
        pending.addAll(rest.pending);
        break;
      }
    }
    return new Lowered(out, pending);
  }

  private Lowered stmt(Stmt s) {
    if (s instanceof Stmt.Break) {
      Var flag = breakFlags.computeIfAbsent(((Stmt.Break) s).target(), k -> flag("broke"));
      return set(flag, s.pos());
    }
    if (s instanceof Stmt.Continue) {
      Var flag = continueFlags.computeIfAbsent(((Stmt.Continue) s).target(), k -> flag("continued"));
      return set(flag, s.pos());
    }
    if (s == finalReturn) {
      return new Lowered(
          List.of(new Stmt.Assign(new Expr.Ref(result), ((Stmt.Return) s).value(), s.pos())), Set.of());
    }
    if (s instanceof Stmt.Return) {
      if (returnFlag == null) {
        returnFlag = flag("returned");
      }
      List<Stmt> out = new ArrayList<>();
      out.add(new Stmt.Assign(new Expr.Ref(result), ((Stmt.Return) s).value(), s.pos()));
      out.add(new Stmt.Assign(new Expr.Ref(returnFlag), Expr.Literal.TRUE, s.pos()));
      return new Lowered(out, Set.of(returnFlag));
    }
    if (s instanceof Stmt.Block) {
      Lowered l = list(((Stmt.Block) s).stmts());
      return new Lowered(List.of(new Stmt.Block(l.stmts, s.pos())), l.pending);
    }
    if (s instanceof Stmt.If) {
      Stmt.If f = (Stmt.If) s;
      Lowered a = list(f.then().stmts());
      Lowered b = list(f.otherwise().stmts());
      Set<Var> pending = new LinkedHashSet<>(a.pending);
      pending.addAll(b.pending);
      return new Lowered(
          List.of(
              new Stmt.If(
                  f.cond(),
                  new Stmt.Block(a.stmts, f.then().pos()),
                  new Stmt.Block(b.stmts, f.otherwise().pos()),
                  f.pos())),
          pending);
    }
    if (s instanceof Stmt.Loop) {
      return loop((Stmt.Loop) s);
    }
    return new Lowered(List.of(s), Set.of());
  }

  private Lowered loop(Stmt.Loop loop) {
    Lowered body = list(loop.body().stmts());
    Var brk = breakFlags.get(loop.id());
    Var cont = continueFlags.get(loop.id());
    Set<Var> escaping = new LinkedHashSet<>(body.pending);
    escaping.remove(brk);
    escaping.remove(cont);
    Set<Var> leaving = new LinkedHashSet<>(escaping);
    if (brk != null && body.pending.contains(brk)) {
      leaving.add(brk);
    }
    List<Stmt> stmts = new ArrayList<>(body.stmts);
    if (cont != null && body.pending.contains(cont)) {
      stmts.add(new Stmt.Assign(new Expr.Ref(cont), Expr.Literal.FALSE, loop.pos()));
    }
    if (!loop.update().stmts().isEmpty()) {
      if (leaving.isEmpty()) {
        stmts.addAll(loop.update().stmts());
      } else {
        stmts.add(new Stmt.If(noneOf(leaving), loop.update(), Stmt.Block.of(List.of()), loop.update().pos()));
      }
    }
    Expr cond = loop.cond();
    if (!leaving.isEmpty()) {
      cond =
          cond.equals(Expr.Literal.TRUE)
              ? noneOf(leaving)
              : new Expr.Binary(Expr.BinaryOp.AND, noneOf(leaving), cond, Type.BOOLEAN);
    }
    List<Stmt> out = new ArrayList<>();
    if (brk != null) {
      out.add(new Stmt.Assign(new Expr.Ref(brk), Expr.Literal.FALSE, loop.pos()));
    }
    if (cont != null) {
      out.add(new Stmt.Assign(new Expr.Ref(cont), Expr.Literal.FALSE, loop.pos()));
    }
    out.add(
        new Stmt.Loop(
            loop.kind(), loop.id(), cond, new Stmt.Block(stmts, loop.body().pos()), Stmt.Block.of(List.of()), loop.pos()));
    return new Lowered(out, escaping);
  }

  private static Var flag(String name) {
    return Var.of(name, Type.BOOLEAN, Var.Role.FLAG);
  }

  private static Lowered set(Var flag, Pos pos) {
    return new Lowered(List.of(new Stmt.Assign(new Expr.Ref(flag), Expr.Literal.TRUE, pos)), Set.of(flag));
  }

  /** {@code !(f1 || f2 || ...)}. */
  private static Expr noneOf(Set<Var> flags) {
    Expr any = null;
    for (Var f : flags) {
      Expr ref = new Expr.Ref(f);
      any = any == null ? ref : new Expr.Binary(Expr.BinaryOp.OR, any, ref, Type.BOOLEAN);
    }
    return new Expr.Unary(Expr.UnaryOp.NOT, any, Type.BOOLEAN);
  }

  /** Finds the flags read by conditions. */
  private static final class FlagReads {
    static void collect(Stmt s, Set<Var> out) {
      if (s instanceof Stmt.Block) {
        for (Stmt c : ((Stmt.Block) s).stmts()) {
          collect(c, out);
        }
      } else if (s instanceof Stmt.If) {
        Stmt.If f = (Stmt.If) s;
        expr(f.cond(), out);
        collect(f.then(), out);
        collect(f.otherwise(), out);
      } else if (s instanceof Stmt.Loop) {
        Stmt.Loop l = (Stmt.Loop) s;
        expr(l.cond(), out);
        collect(l.body(), out);
        collect(l.update(), out);
      }
    }

    static void expr(Expr e, Set<Var> out) {
      if (e instanceof Expr.Ref) {
        if (((Expr.Ref) e).var().role() == Var.Role.FLAG) {
          out.add(((Expr.Ref) e).var());
        }
      } else if (e instanceof Expr.Unary) {
        expr(((Expr.Unary) e).operand(), out);
      } else if (e instanceof Expr.Binary) {
        expr(((Expr.Binary) e).left(), out);
        expr(((Expr.Binary) e).right(), out);
      }
    }
  }

  /** Drops assignments to flags that no condition reads. */
  private static final class DeadFlags {
    static Stmt remove(Stmt s, Set<Var> read) {
      if (s instanceof Stmt.Block) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt c : ((Stmt.Block) s).stmts()) {
          if (c instanceof Stmt.Assign
              && ((Stmt.Assign) c).target() instanceof Expr.Ref
              && ((Expr.Ref) ((Stmt.Assign) c).target()).var().role() == Var.Role.FLAG
              && !read.contains(((Expr.Ref) ((Stmt.Assign) c).target()).var())) {
            continue;
          }
          out.add(remove(c, read));
        }
        return new Stmt.Block(out, s.pos());
      }
      if (s instanceof Stmt.If) {
        Stmt.If f = (Stmt.If) s;
        return new Stmt.If(
            f.cond(), (Stmt.Block) remove(f.then(), read), (Stmt.Block) remove(f.otherwise(), read), f.pos());
      }
      if (s instanceof Stmt.Loop) {
        Stmt.Loop l = (Stmt.Loop) s;
        return new Stmt.Loop(
            l.kind(), l.id(), l.cond(), (Stmt.Block) remove(l.body(), read), (Stmt.Block) remove(l.update(), read), l.pos());
      }
      return s;
    }
  }
}
