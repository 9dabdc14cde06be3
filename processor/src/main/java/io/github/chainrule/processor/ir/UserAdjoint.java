package io.github.chainrule.processor.ir;

/**
 * A hand-written adjoint ({@code @Derivative(of = "f")}) that the companion calls instead of
 * differentiating {@code f}'s body.
 *
 * @param owner the class declaring the adjoint
 * @param name the adjoint method's name
 * @param scalarGradients how many scalar gradients it returns: 0 ({@code void}), 1 ({@code
 *     double}) or more (a {@code double[]} in parameter order)
 * @param takesResult whether it takes the method's result after the method's parameters ({@code
 *     @Derivative(takesResult = true)})
 */
public record UserAdjoint(ClassRef owner, String name, int scalarGradients, boolean takesResult) {}
