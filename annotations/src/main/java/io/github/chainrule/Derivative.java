package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hand-written adjoint for a method of the same class, used instead of differentiating
 * that method's body: for speed, for numerical stability, or for a method whose body chainrule
 * cannot read. The processor checks the adjoint's signature and reports a wrong one with the
 * signature it expected.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Derivative {
  /** The name of the method this adjoint differentiates. */
  String of();

  /**
   * Whether the adjoint takes the method's result, right after the method's own parameters: {@code
   * static void tanhAdjoint(double[] x, double[] value, double[] upstream, double[] dx)}. Callers
   * then pass the value their forward sweep computed instead of making the adjoint compute it
   * again; use it where the derivative is written with the result ({@code tanh' = 1 - tanh^2},
   * {@code sigmoid' = s (1 - s)}). Only for methods whose result is an array. Default false.
   */
  boolean takesResult() default false;
}
