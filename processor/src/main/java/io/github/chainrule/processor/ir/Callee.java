package io.github.chainrule.processor.ir;

import java.util.List;

/**
 * A static method called from a differentiable method.
 *
 * @param owner the class declaring it
 * @param differentiable whether it is {@code @Differentiable}, so gradients flow through its
 *     companion; otherwise its result is a constant
 * @param params the callee's parameters (for a differentiable callee: which take gradients)
 * @param adjoint the name of its hand-written {@code @Derivative} adjoint in {@code owner} when
 *     the caller may call it directly, or null
 * @param adjointTakesResult whether that adjoint takes the callee's result after its parameters
 */
public record Callee(
    ClassRef owner,
    String name,
    List<Param> params,
    Type result,
    boolean differentiable,
    String adjoint,
    boolean adjointTakesResult) {
  public Callee {
    params = List.copyOf(params);
  }

  /** A callee whose result is only a constant. */
  public static Callee constant(ClassRef owner, String name, Type result) {
    return new Callee(owner, name, List.of(), result, false, null, false);
  }

  /** The callee's holder class simple name inside its companion. */
  public String holderName() {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  @Override
  public String toString() {
    return owner + "." + name;
  }
}
