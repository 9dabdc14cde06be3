/**
 * Data-parallel minibatch gradients: one call spreads a batch's per-example gradient computations
 * over a fixed thread pool, one gradient holder per chunk of the batch, and reduces the holders in
 * a fixed order, so the summed gradient is bit-for-bit the same for any number of threads. See
 * {@link io.github.chainrule.runtime.parallel.DataParallel}.
 */
package io.github.chainrule.runtime.parallel;
