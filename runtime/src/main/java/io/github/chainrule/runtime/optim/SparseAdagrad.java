package io.github.chainrule.runtime.optim;

/**
 * Row-sparse AdaGrad for embedding matrices, what {@code torch.optim.Adagrad} does with a sparse
 * gradient (PyTorch 1.13): only the rows a step touched have their squared-gradient sums and values
 * updated. Per element of a touched row, at step {@code t} (1-based, counted by this optimizer):
 *
 * <pre>
 * clr   = lr / (1 + (t - 1) * lrDecay)
 * sum   = sum + g * g
 * theta = theta - clr * g / (sqrt(sum) + eps)
 * </pre>
 *
 * Defaults as PyTorch: lr 0.01, lrDecay 0, eps 1e-10; no weight decay (PyTorch refuses it with
 * sparse gradients). A row's sums are allocated when a step first touches it.
 */
public final class SparseAdagrad extends SparseOptimizer {
  /** A row element's update in {@code OpThreads} work units (a square root and a division). */
  private static final long WORK_PER_ELEMENT = 4;

  private final double lrDecay;
  private final double eps;
  private final double[][] sums;
  private final RowUpdate rowUpdate = this::updateRows;

  private SparseAdagrad(Builder b, double[][] weights, double[][] gradients) {
    super(weights, gradients, b.learningRate);
    this.lrDecay = b.lrDecay;
    this.eps = b.eps;
    this.sums = new double[weights.length][];
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void update(int[] rows, double[][] gradient, int count, long step) {
    // The threads split the rows (see updateSplit); a row first touched gets its sums there.
    updateSplit(rows, gradient, count, step, WORK_PER_ELEMENT, rowUpdate);
  }

  /** {@link #update} for the rows {@code rows[from .. to-1]}. */
  private void updateRows(int[] rows, double[][] gradient, int from, int to, long step) {
    double negClr = -(learningRate() / (1 + (step - 1) * lrDecay));
    for (int i = from; i < to; i++) {
      int r = rows[i];
      double[] p = weights[r];
      double[] g = gradient[i];
      double[] sum = sums[r];
      if (sum == null) {
        sum = sums[r] = new double[p.length];
      }
      for (int j = 0; j < p.length; j++) {
        double s = sum[j] + g[j] * g[j];
        sum[j] = s;
        p[j] += negClr * g[j] / (Math.sqrt(s) + eps);
      }
    }
  }

  /** Hyper-parameters for {@link SparseAdagrad}; PyTorch's names and defaults. */
  public static final class Builder {
    private double learningRate = 1e-2;
    private double lrDecay;
    private double eps = 1e-10;

    private Builder() {}

    /** Learning rate, default 0.01. */
    public Builder learningRate(double lr) {
      this.learningRate = Checks.nonNegative("learning rate", lr);
      return this;
    }

    /** Learning-rate decay per step, default 0. */
    public Builder lrDecay(double lrDecay) {
      this.lrDecay = Checks.nonNegative("lr decay", lrDecay);
      return this;
    }

    /** Term added to the denominator, default 1e-10. */
    public Builder eps(double eps) {
      this.eps = Checks.nonNegative("eps", eps);
      return this;
    }

    /** The optimizer, bound to an embedding matrix and its dense gradient. */
    public SparseAdagrad build(double[][] weights, double[][] gradients) {
      return new SparseAdagrad(this, weights, gradients);
    }

    /** The optimizer, bound to an embedding matrix and stepped row-sparsely. */
    public SparseAdagrad build(double[][] weights) {
      return new SparseAdagrad(this, weights, null);
    }
  }
}
