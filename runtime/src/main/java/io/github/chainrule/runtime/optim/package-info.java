/**
 * Optimizers, gradient clipping and learning-rate schedules that update a model's parameter arrays
 * in place from a gradient holder's arrays, matching {@code torch.optim} (PyTorch 1.13) update for
 * update.
 *
 * <p>Dense optimizers ({@link io.github.chainrule.runtime.optim.Sgd}, {@link
 * io.github.chainrule.runtime.optim.Adagrad}, {@link io.github.chainrule.runtime.optim.RmsProp},
 * {@link io.github.chainrule.runtime.optim.Adam}, {@link io.github.chainrule.runtime.optim.AdamW})
 * are bound at construction to a {@link io.github.chainrule.runtime.param.Parameters} view of the
 * parameters and one of the gradients; they allocate their state once, and a {@link
 * io.github.chainrule.runtime.optim.Optimizer#step()} is loops over primitive arrays, with no
 * reflection, boxing or allocation. Embedding matrices are updated row-sparsely by {@link
 * io.github.chainrule.runtime.optim.SparseAdam} and {@link
 * io.github.chainrule.runtime.optim.SparseSgd}: a step touches only the rows of a {@link
 * io.github.chainrule.runtime.optim.RowSet}, so it costs the batch, not the vocabulary.
 *
 * <p>A training loop:
 *
 * <pre>{@code
 * Parameters params = Parameters.ofRecord(model);
 * Model_Grad.Loss holder = Model_Grad.Loss.zerosLike(model);   // loss is @Differentiable(wrt = "p")
 * Adam adam = Adam.builder().learningRate(1e-3).build(params, Parameters.ofRecord(holder.p()));
 * LearningRateSchedule lr = LearningRateSchedule.linearWarmup(1e-3, 0.1, 100)
 *     .then(100, LearningRateSchedule.cosine(1e-3, 10_000, 0.0));
 * for (int t = 0; t < steps; t++) {
 *   adam.zeroGrad();
 *   for (int i : batch(t)) Model_Grad.loss(model, x[i], y[i], holder);   // += into the holder
 *   GradientClipping.clipGlobalNorm(adam.gradients(), 5.0);
 *   adam.setLearningRate(lr.at(t));
 *   adam.step();
 * }
 * }</pre>
 *
 * <p>The views go in the order <em>parameters, gradients</em>. Passed the other way round, the
 * optimizer would clear the model in {@code zeroGrad()} and train at a constant loss; the first
 * {@code step()} notices (the "parameters" were written since binding, the "gradients" were not)
 * and throws an {@link java.lang.IllegalStateException} that says so.
 */
package io.github.chainrule.runtime.optim;
