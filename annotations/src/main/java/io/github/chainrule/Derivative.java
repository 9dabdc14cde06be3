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
}
