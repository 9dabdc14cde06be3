package io.github.chainrule.runtime.optim;

/**
 * Row-sparse SGD: {@code theta[r] -= lr * grad[r]} for each touched row {@code r} only; what {@code
 * torch.optim.SGD} does with a sparse gradient (no momentum, no weight decay, which PyTorch does
 * not allow with sparse gradients either).
 */
public final class SparseSgd extends SparseOptimizer {
  private final RowUpdate rowUpdate = this::updateRows;

  /**
   * Binds plain row-sparse SGD to an embedding matrix and its gradient.
   *
   * @throws IllegalArgumentException if the shapes differ or the learning rate is negative
   */
  public SparseSgd(double[][] weights, double[][] gradients, double learningRate) {
    super(weights, gradients, learningRate);
  }

  /**
   * Binds row-sparse SGD to an embedding matrix, stepped with the gradients of {@link
   * io.github.chainrule.runtime.param.IndexedRows} compact tables.
   *
   * @throws IllegalArgumentException if the learning rate is negative
   */
  public SparseSgd(double[][] weights, double learningRate) {
    super(weights, null, learningRate);
  }

  @Override
  protected void update(int[] rows, double[][] gradient, int count, long step) {
    // The threads split the rows (see updateSplit): with a large table the rows come from memory,
    // and two cores wait for them side by side.
    updateSplit(rows, gradient, count, step, 1, rowUpdate);
  }

  /** {@link #update} for the rows {@code rows[from .. to-1]}. */
  private void updateRows(int[] rows, double[][] gradient, int from, int to, long step) {
    double lr = learningRate();
    for (int i = from; i < to; i++) {
      double[] p = weights[rows[i]];
      double[] g = gradient[i];
      for (int j = 0; j < p.length; j++) {
        p[j] -= lr * g[j];
      }
    }
  }
}
