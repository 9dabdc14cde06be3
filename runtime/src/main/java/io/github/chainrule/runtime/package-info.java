/**
 * The chainrule runtime: differentiable operations over {@code double[]} and {@code double[][]}
 * (matrix products, activations, losses), optimizers, gradient checking by central differences,
 * initializers and parameter files in the safetensors layout.
 *
 * <p>The runtime's own operations are ordinary {@code @Differentiable} Java methods; the chainrule
 * processor writes their companions while this module compiles, so user code that calls them is
 * differentiable through them like through any other differentiable method.
 */
package io.github.chainrule.runtime;
