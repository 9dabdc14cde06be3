package io.github.chainrule.processor.reverse;

import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.UserAdjoint;
import io.github.chainrule.processor.ir.Var;
import java.util.List;
import java.util.Map;

/**
 * The gradient program of one method: the forward sweep (the original body, plus the values and
 * control decisions it saves) and the backward sweep (the adjoint statements in reverse order).
 *
 * @param method the differentiated method
 * @param forward the forward sweep
 * @param backward the backward sweep; it starts with the result's adjoint equal to {@code seed}
 * @param adjoints the adjoint of every active variable, in the order they were created
 * @param holder the variable naming the gradient holder argument
 * @param seed the variable naming the seed argument (the upstream gradient of the result)
 * @param workspaces the differentiable callees, each of which needs a holder of its own
 * @param usesTape whether the sweeps save and restore values
 * @param zeroCaches the types of the adjoint arrays the holder keeps between calls, by slot
 * @param userAdjoint the hand-written adjoint that replaces both sweeps, or null
 */
public record AdjointProgram(
    Method method,
    Stmt.Block forward,
    Stmt.Block backward,
    Map<Var, Var> adjoints,
    Var holder,
    Var seed,
    List<Workspace> workspaces,
    boolean usesTape,
    List<Type> zeroCaches,
    UserAdjoint userAdjoint) {

  /** The program of a method whose gradient a hand-written {@code @Derivative} computes. */
  public static AdjointProgram ofUserAdjoint(Method method, UserAdjoint adjoint) {
    Stmt.Block empty = Stmt.Block.of(List.of());
    return new AdjointProgram(
        method,
        empty,
        empty,
        Map.of(),
        Var.of("into", Type.RECORD, Var.Role.TEMP),
        Var.of(method.result().type().isArray() ? "upstream" : "seed", method.result().type(), Var.Role.TEMP),
        List.of(),
        false,
        List.of(),
        adjoint);
  }

  /** A holder kept for a callee's backward sweep, reached through {@code holder.<method>()}. */
  public record Workspace(Callee callee, String method) {}
}
