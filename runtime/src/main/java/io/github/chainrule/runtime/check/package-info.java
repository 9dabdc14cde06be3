/**
 * Gradient checking for users: compares the gradient a chainrule companion computed with two-sided
 * differences {@code (f(x + h) - f(x - h)) / 2h} of the original function, coordinate by
 * coordinate.
 *
 * <p>Start from {@link io.github.chainrule.runtime.check.GradientCheck} for a {@link
 * io.github.chainrule.runtime.check.GradientReport report}, or from {@link
 * io.github.chainrule.runtime.check.GradientSubject} in a test:
 *
 * <pre>{@code
 * Model_Grad.Score grad = Model_Grad.score(params, x, c, k);
 * assertThatGradient(grad.p())
 *     .matchesNumericalGradientOf(q -> Model.score(q, x, c, k))
 *     .atPoint(params);
 * }</pre>
 *
 * <p>Points and gradients are the values of the chainrule contract: {@code double}, {@code
 * double[]}, {@code double[][]} and records of these (records nest).
 */
package io.github.chainrule.runtime.check;
