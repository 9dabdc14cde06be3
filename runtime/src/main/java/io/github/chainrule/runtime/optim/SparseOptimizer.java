package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.parallel.OpThreads;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;

/**
 * An optimizer for one embedding matrix that updates only the rows a batch touched, so that a step
 * costs {@code O(rows touched * dim)} whatever the vocabulary size.
 *
 * <p>Two ways to give it the gradient:
 *
 * <ul>
 *   <li>Row-sparse, the way chainrule trains embeddings: the gradient of an {@link IndexedRows}
 *       compact table, whose row {@code u} belongs to the embedding's row {@code rows.row(u)}:
 *       {@link #step(IndexedRows, double[][])}. No gradient as large as the embedding exists.
 *   <li>Dense: a gradient matrix shaped like the embedding, bound at construction, read at the rows
 *       a step is given as a {@link RowSet} or as raw ids ({@code int[]}, duplicates allowed, which
 *       it deduplicates into a reused internal {@code RowSet}). Afterwards clear just those
 *       gradient rows with {@link #zeroGrad(RowSet)} or {@link RowSet#zeroRows(double[][])}.
 * </ul>
 *
 * <p>For dense steps the matrices are passed in the order <em>embedding, gradient</em>; as for
 * {@link Optimizer}, the first dense step throws an {@link IllegalStateException} if the embedding
 * was written since the optimizer was built and the gradient was not, the pattern of the two
 * passed the wrong way round.
 *
 * <p>Not thread-safe.
 */
public abstract class SparseOptimizer {

  /** The embedding matrix, updated in place. */
  protected final double[][] weights;

  /** Its dense gradient, read at the touched rows; null for an optimizer stepped row-sparsely. */
  protected final double[][] gradients;

  private final RowSet scratch;
  private final SwapGuard guard;
  private int[] rowScratch = new int[0];
  private double[][] gradientScratch = new double[0][];
  private double learningRate;
  private long stepCount;

  /**
   * Binds the optimizer to an embedding and, for dense steps, its gradient.
   *
   * @param gradients the dense gradient, or null for an optimizer stepped with {@link
   *     #step(IndexedRows, double[][])} only
   * @throws IllegalArgumentException if the matrices' shapes differ (the message names both)
   */
  protected SparseOptimizer(double[][] weights, double[][] gradients, double learningRate) {
    if (gradients != null) {
      Parameters.of(weights).requireSameShape(Parameters.of(gradients));
      if (weights == gradients) {
        throw new IllegalArgumentException("the embedding and its gradient are the same matrix");
      }
      this.guard = new SwapGuard(weights, gradients, "embedding", "gradient");
    } else {
      this.guard = null;
    }
    this.weights = weights;
    this.gradients = gradients;
    this.scratch = gradients == null ? null : new RowSet(weights.length);
    // not setLearningRate: an overridable call would let `this` escape before a subclass is built
    this.learningRate = Checks.nonNegative("learning rate", learningRate);
  }

  /**
   * One row-sparse step: row {@code rows.row(u)} of the embedding is updated from {@code
   * gradient[u]}, for {@code u < rows.size()}; no other row is read or written. The step counter
   * advances even if no row was touched, as PyTorch's does for an empty sparse gradient.
   *
   * @throws IllegalArgumentException if {@code rows} belongs to another embedding or the gradient
   *     is not shaped like its compact table
   */
  public final void step(IndexedRows rows, double[][] gradient) {
    if (rows.table() != weights) {
      throw new IllegalArgumentException("the IndexedRows belong to another embedding than this optimizer's");
    }
    if (gradient == weights) {
      throw new IllegalArgumentException(
          "the gradient passed to step is the embedding itself; pass the gradient of the compact table");
    }
    rows.requireGradient(gradient);
    int count = rows.size();
    int[] ids = rowBuffer(count);
    for (int u = 0; u < count; u++) {
      ids[u] = rows.row(u);
    }
    stepCount++;
    update(ids, gradient, count, stepCount);
  }

  /**
   * One step over the distinct rows of {@code rows}, reading the bound dense gradient. The step
   * counter advances even if the set is empty, as PyTorch's does for a parameter whose sparse
   * gradient has no entries.
   *
   * @throws IllegalArgumentException if the set indexes a different number of rows
   * @throws IllegalStateException if the optimizer has no dense gradient, or, at the first dense
   *     step, if the embedding and its gradient look swapped (see the class comment)
   */
  public final void step(RowSet rows) {
    requireDense();
    rows.requireRows(weights, "the embedding");
    guard.beforeStep();
    int count = rows.size();
    int[] ids = rows.buffer();
    if (gradientScratch.length < count) {
      gradientScratch = new double[Math.max(count, 2 * gradientScratch.length)][];
    }
    for (int i = 0; i < count; i++) {
      gradientScratch[i] = gradients[ids[i]];
    }
    stepCount++;
    update(ids, gradientScratch, count, stepCount);
  }

  /** One step over the rows in {@code rows} (duplicates allowed, updated once each). */
  public final void step(int[] rows) {
    step(rows, 0, rows.length);
  }

  /** One step over the rows in {@code rows[from .. to-1]} (duplicates allowed). */
  public final void step(int[] rows, int from, int to) {
    requireDense();
    scratch.clear();
    scratch.addAll(rows, from, to);
    step(scratch);
  }

  /**
   * The update.
   *
   * @param rows distinct row indices of the embedding, the first {@code count} of which are valid
   * @param gradient {@code gradient[i]} is the gradient of row {@code rows[i]}
   * @param step the 1-based number of this step
   */
  protected abstract void update(int[] rows, double[][] gradient, int count, long step);

  /** The update of the rows {@code rows[from .. to-1]}, which {@link #updateSplit} hands out. */
  @FunctionalInterface
  interface RowUpdate {
    void update(int[] rows, double[][] gradient, int from, int to, long step);
  }

  /**
   * Runs {@code body} over the first {@code count} rows, split over the {@link OpThreads} when the
   * step touches enough of them. Each row is updated on its own (the rows are distinct, and so is
   * their state), so any split gives the same bits; on one thread nothing is allocated.
   *
   * @param workPerElement an element's update in {@link OpThreads} work units (multiply-adds)
   */
  final void updateSplit(int[] rows, double[][] gradient, int count, long step, long workPerElement, RowUpdate body) {
    long work = count == 0 ? 0 : workPerElement * count * weights[rows[0]].length;
    if (!OpThreads.splits(count, work)) {
      body.update(rows, gradient, 0, count, step);
      return;
    }
    OpThreads.forRange(count, work, (from, to) -> body.update(rows, gradient, from, to, step));
  }

  /** Zeroes the dense gradient rows in {@code rows}. */
  public void zeroGrad(RowSet rows) {
    requireDense();
    rows.zeroRows(gradients);
    guard.gradientsCleared();
  }

  private void requireDense() {
    if (gradients == null) {
      throw new IllegalStateException(
          "this optimizer was made without a dense gradient; step it with step(IndexedRows, double[][])");
    }
  }

  private int[] rowBuffer(int count) {
    if (rowScratch.length < count) {
      rowScratch = new int[Math.max(count, 2 * rowScratch.length)];
    }
    return rowScratch;
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

  /** The dense gradient matrix, or null for an optimizer stepped row-sparsely. */
  public double[][] gradients() {
    return gradients;
  }
}
