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
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Differentiable {}
