package io.github.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter of a {@link Differentiable} method as a constant: no gradient is computed for
 * it and its gradient holder has no accessor for it. Parameters whose type cannot carry a
 * gradient ({@code int}, {@code boolean}, {@code int[]}, ...) are constants without this mark.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface NoGrad {}
