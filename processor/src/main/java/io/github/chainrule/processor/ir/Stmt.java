package io.github.chainrule.processor.ir;

import java.util.List;

/** A statement. The parser produces all kinds but the backward-sweep ones; lowering removes jumps. */
public sealed interface Stmt {

  Pos pos();

  /** {@code target = value}, where the target is a {@link Expr.Ref} or an {@link Expr.Index}. */
  record Assign(Expr target, Expr value, Pos pos) implements Stmt {}

  /** {@code target += value}: adjoint accumulation in the backward sweep. */
  record Accumulate(Expr target, Expr value, Pos pos) implements Stmt {}

  /** A block-scoped temporary of the generated code: {@code double t = value;}. */
  record Let(Var var, Expr value, Pos pos) implements Stmt {}

  record Block(List<Stmt> stmts, Pos pos) implements Stmt {
    public Block {
      stmts = List.copyOf(stmts);
    }

    public static Block of(List<Stmt> stmts) {
      return new Block(stmts, Pos.NONE);
    }
  }

  record If(Expr cond, Block then, Block otherwise, Pos pos) implements Stmt {}

  /**
   * A loop. {@code WHILE} tests before the body, {@code DO} after it; {@code update} runs after
   * the body (and after a {@code continue}), as in a {@code for} statement.
   */
  record Loop(Kind kind, LoopId id, Expr cond, Block body, Block update, Pos pos) implements Stmt {
    public enum Kind {
      WHILE,
      DO
    }
  }

  /** {@code break} out of {@code target}. */
  record Break(LoopId target, Pos pos) implements Stmt {}

  /** {@code continue} with the next iteration of {@code target}. */
  record Continue(LoopId target, Pos pos) implements Stmt {}

  record Return(Expr value, Pos pos) implements Stmt {}

  /** The identity of a loop, which {@code break} and {@code continue} refer to. */
  final class LoopId {
    private final String label;

    public LoopId(String label) {
      this.label = label;
    }

    /** The source label, or null. */
    public String label() {
      return label;
    }
  }

  /** Saves {@code value} on the tape (forward sweep only). */
  record Push(Expr value, Pos pos) implements Stmt {}

  /** Replays a loop {@code count} times (backward sweep only), counting down. */
  record Repeat(Expr count, Block body, Pos pos) implements Stmt {}

  /** A comment line in the generated code. */
  record Comment(String text, Pos pos) implements Stmt {}

  /** A Java statement written by the reverse stage (holder access); printed verbatim. */
  record Raw(String javaFormat, List<Object> args, Pos pos) implements Stmt {
    public Raw {
      args = List.copyOf(args);
    }
  }
}
