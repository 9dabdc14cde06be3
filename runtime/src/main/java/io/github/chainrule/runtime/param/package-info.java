/**
 * Parameter views: a model's parameters, or a gradient holder's gradients, seen as one ordered list
 * of {@code double[]} and {@code double[][]} arrays.
 *
 * <p>A {@link io.github.chainrule.runtime.param.Parameters} view is built once (from arrays, or
 * from a record by reflection over its components) and then read in training steps through plain
 * index loops, with no reflection, boxing or allocation. Optimizers ({@code runtime.optim}) and the
 * data-parallel gradient reduction ({@code runtime.parallel}) work on these views.
 */
package io.github.chainrule.runtime.param;
