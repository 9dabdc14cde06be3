package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * An optimizer for one embedding matrix that updates only the rows a batch touched, so that a step
 * costs {@code O(rows touched * dim)} whatever the vocabulary size.
 *
 * <p>It reads a dense gradient matrix (the gradient holder's buffer for the embedding, where only
 * the touched rows are non-zero) at the rows it is given. Give it the distinct rows as a {@link
 * RowSet}, or the raw row ids of a batch (duplicates allowed) as an {@code int[]}, which it
 * deduplicates into a reused internal {@code RowSet}. Afterwards clear just those gradient rows
 * with {@link #zeroGrad(RowSet)} or {@link RowSet#zeroRows(double[][])}.
 *
 * <p>Not thread-safe.
 */
public abstract class SparseOptimizer {

  /** The embedding matrix, updated in place. */
  protected final double[][] weights;

  /** Its gradient, read at the touched rows. */
  protected final double[][] gradients;

  private final RowSet scratch;
  private double learningRate;
  private long stepCount;

  /**
   * Binds the optimizer.
   *
   * @throws IllegalArgumentException if the matrices' shapes differ (the message names both)
   */
  protected SparseOptimizer(double[][] weights, double[][] gradients, double learningRate) {
    Parameters.of(weights).requireSameShape(Parameters.of(gradients));
    this.weights = weights;
    this.gradients = gradients;
    this.scratch = new RowSet(weights.length);
    // not setLearningRate: an overridable call would let `this` escape before a subclass is built
    this.learningRate = Checks.nonNegative("learning rate", learningRate);
  }

  /**
   * One step over the distinct rows of {@code rows}. The step counter advances even if the set is
   * empty, as PyTorch's does for a parameter whose sparse gradient has no entries.
   *
   * @throws IllegalArgumentException if the set indexes a different number of rows
   */
  public final void step(RowSet rows) {
    rows.requireRows(weights, "the embedding");
    stepCount++;
    update(rows.buffer(), rows.size(), stepCount);
  }

  /** One step over the rows in {@code rows} (duplicates allowed, updated once each). */
  public final void step(int[] rows) {
    step(rows, 0, rows.length);
  }

  /** One step over the rows in {@code rows[from .. to-1]} (duplicates allowed). */
  public final void step(int[] rows, int from, int to) {
    scratch.clear();
    scratch.addAll(rows, from, to);
    step(scratch);
  }

  /**
   * The update.
   *
   * @param rows distinct row indices, the first {@code count} of which are valid
   * @param step the 1-based number of this step
   */
  protected abstract void update(int[] rows, int count, long step);

  /** Zeroes the gradient rows in {@code rows}. */
  public void zeroGrad(RowSet rows) {
    rows.zeroRows(gradients);
  }

  /** The learning rate the next step uses. */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate for the following steps.
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

  /** The embedding matrix. */
  public double[][] weights() {
    return weights;
  }

  /** The gradient matrix. */
  public double[][] gradients() {
    return gradients;
  }
}
