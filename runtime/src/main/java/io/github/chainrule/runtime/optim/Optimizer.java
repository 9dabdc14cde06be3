package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * A dense optimizer bound to a view of the parameters and a view of their gradients, updating every
 * parameter element once per {@link #step()}.
 *
 * <p>The gradient view is read, never written, by {@code step()}; call {@link #zeroGrad()} (or the
 * holder's {@code zero()}) before accumulating the next batch, since generated companions add into
 * their holders. Subclasses allocate their per-element state once, in segment layout ({@link
 * Parameters#newSegmentBuffers()}), and their step is a loop over primitive arrays.
 *
 * <p>The views are passed in the order <em>parameters, gradients</em>. Both have the same shape and
 * type, so the constructor cannot tell them apart; the first {@link #step()} can: if the parameter
 * view was written since the optimizer was built and the gradient view was not (the pattern of a
 * swapped binding, whose {@code zeroGrad()} would clear the model), it throws an {@link
 * IllegalStateException} that says so, before the update.
 *
 * <p>Not thread-safe: one thread steps an optimizer.
 */
public abstract class Optimizer {

  /** The parameters, updated in place. */
  protected final Parameters parameters;

  /** The gradients, read by {@link #step()}. */
  protected final Parameters gradients;

  private final SwapGuard guard;
  private double learningRate;
  private long stepCount;

  /**
   * Binds the optimizer.
   *
   * @throws IllegalArgumentException if the views' shapes differ (the message names both), an
   *     array is in both views, or the learning rate is negative or not finite
   */
  protected Optimizer(Parameters parameters, Parameters gradients, double learningRate) {
    parameters.requireSameShape(gradients);
    this.parameters = parameters;
    this.gradients = gradients;
    this.guard = new SwapGuard(segments(parameters), segments(gradients), "parameters", "gradients");
    // not setLearningRate: an overridable call would let `this` escape before a subclass is built
    this.learningRate = Checks.nonNegative("learning rate", learningRate);
  }

  private static double[][] segments(Parameters view) {
    double[][] out = new double[view.segmentCount()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = view.segment(k);
    }
    return out;
  }

  /**
   * Applies one update from the current gradients, with the current learning rate.
   *
   * @throws IllegalStateException at the first step, if the parameter and gradient views were
   *     passed the wrong way round (see the class comment)
   */
  public final void step() {
    guard.beforeStep();
    stepCount++;
    update(stepCount);
  }

  /**
   * The update itself.
   *
   * @param step the 1-based number of this step (PyTorch's {@code state['step']} after increment)
   */
  protected abstract void update(long step);

  /** Sets every gradient to zero. */
  public void zeroGrad() {
    gradients.zero();
    guard.gradientsCleared();
  }

  /** The learning rate the next {@link #step()} uses. */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate for the following steps (what a PyTorch scheduler writes into {@code
   * param_group['lr']}); see {@link LearningRateSchedule}.
   *
   * @throws IllegalArgumentException if negative or not finite
   */
  public void setLearningRate(double learningRate) {
    Checks.nonNegative("learning rate", learningRate);
    this.learningRate = learningRate;
  }

  /** Number of steps taken so far. */
  public long stepCount() {
    return stepCount;
  }

  /** The parameter view this optimizer updates. */
  public Parameters parameters() {
    return parameters;
  }

  /** The gradient view this optimizer reads. */
  public Parameters gradients() {
    return gradients;
  }
}
