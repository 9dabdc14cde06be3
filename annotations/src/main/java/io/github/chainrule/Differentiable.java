package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method whose gradient chainrule writes at compile time.
 *
 * <p>For a class {@code demo.Model}, the annotation processor writes a companion {@code
 * demo.Model_Grad} with, for each method {@code double m(T1 p1, ..., Tn pn)} marked with this
 * annotation, a method {@code M m(T1 p1, ..., Tn pn)} that returns a fresh gradient holder and a
 * method {@code double m(T1 p1, ..., Tn pn, M into)} that adds the gradient into {@code into}.
 * The body must stay inside the supported subset of Java described in the project's design
 * notes; anything outside it is a compile error at the offending expression.
 *
 * <p>By default every parameter whose type can carry a gradient ({@code double}, {@code double[]},
 * {@code double[][]}, records of these) gets one, unless it is marked {@link NoGrad}. {@link #wrt()}
 * names the parameters to differentiate instead, as JAX's {@code argnums} does: {@code
 * @Differentiable(wrt = "p")} differentiates with respect to {@code p} alone and treats every other
 * parameter (the data) as a constant.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * The names of the parameters to differentiate with respect to; the others are constants, as if
   * marked {@link NoGrad}, and get no gradient accessor. Each name must be a parameter of a type
   * that can carry a gradient. Empty (the default): every such parameter not marked {@code
   * NoGrad}.
   */
  String[] wrt() default {};
}
