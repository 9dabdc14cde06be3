package io.github.chainrule.runtime.optim;

/**
 * Lazy Adam for embedding matrices, {@code torch.optim.SparseAdam} update for update (PyTorch
 * 1.13): only the rows a batch touched have their moments and values updated; the other rows'
 * moments are left as they were (not decayed), which is what makes the step cost the batch, not the
 * vocabulary. Bias correction uses the global step count (steps taken by this optimizer), as
 * SparseAdam does, not a per-row count. A row's moments are allocated when a step first touches
 * it (zero, as PyTorch's are at the start).
 *
 * <p>For each touched row, per element, at step {@code t} (1-based):
 *
 * <pre>
 * m     = m + (1 - beta1) * (g - m)
 * v     = v + (1 - beta2) * (g * g - v)
 * theta = theta - (lr * sqrt(1 - beta2^t) / (1 - beta1^t)) * (m / (sqrt(v) + eps))
 * </pre>
 *
 * Note that {@code eps} is added to the <em>uncorrected</em> root here, unlike {@link Adam}: that
 * is PyTorch's SparseAdam. Defaults as PyTorch: lr 0.001, betas (0.9, 0.999), eps 1e-8.
 */
public final class SparseAdam extends SparseOptimizer {
  /** A row element's update in {@code OpThreads} work units (a square root and a division). */
  private static final long WORK_PER_ELEMENT = 4;

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[][] exp;
  private final double[][] expSq;
  private final RowUpdate rowUpdate = this::updateRows;

  private SparseAdam(Builder b, double[][] weights, double[][] gradients) {
    super(weights, gradients, b.learningRate);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.eps = b.eps;
    // Moments are made for a row when a step first touches it: a row never touched costs a
    // reference, so the state grows with the rows training has seen, not with the vocabulary.
    this.exp = new double[weights.length][];
    this.expSq = new double[weights.length][];
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void update(int[] rows, double[][] gradient, int count, long step) {
    // The threads split the rows (see updateSplit); a row first touched gets its moments there.
    updateSplit(rows, gradient, count, step, WORK_PER_ELEMENT, rowUpdate);
  }

  /** {@link #update} for the rows {@code rows[from .. to-1]}. */
  private void updateRows(int[] rows, double[][] gradient, int from, int to, long step) {
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    double negStepSize = -(learningRate() * Math.sqrt(bc2) / bc1);
    double oneMinusBeta1 = 1 - beta1;
    double oneMinusBeta2 = 1 - beta2;
    for (int i = from; i < to; i++) {
      int r = rows[i];
      double[] p = weights[r];
      double[] g = gradient[i];
      double[] m = exp[r];
      double[] v = expSq[r];
      if (m == null) {
        m = exp[r] = new double[p.length];
        v = expSq[r] = new double[p.length];
      }
      for (int j = 0; j < p.length; j++) {
        // PyTorch's order: old += (1 - b) * (new - old), then numer = update + old.
        double gj = g[j];
        double oldM = m[j];
        double oldV = v[j];
        double mj = (gj - oldM) * oneMinusBeta1 + oldM;
        double vj = (gj * gj - oldV) * oneMinusBeta2 + oldV;
        m[j] = mj;
        v[j] = vj;
        p[j] += negStepSize * (mj / (Math.sqrt(vj) + eps));
      }
    }
  }

  /** Hyper-parameters for {@link SparseAdam}; PyTorch's names and defaults. */
  public static final class Builder {
    private double learningRate = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;

    private Builder() {}

    /** Learning rate, default 0.001. */
    public Builder learningRate(double lr) {
      this.learningRate = Checks.nonNegative("learning rate", lr);
      return this;
    }

    /** Decay rates of the moment averages, default (0.9, 0.999). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = Checks.unitInterval("beta1", beta1);
      this.beta2 = Checks.unitInterval("beta2", beta2);
      return this;
    }

    /** Term added to the denominator, default 1e-8. */
    public Builder eps(double eps) {
      this.eps = Checks.nonNegative("eps", eps);
      return this;
    }

    /** The optimizer, bound to an embedding matrix and its gradient; throws if shapes differ. */
    public SparseAdam build(double[][] weights, double[][] gradients) {
      return new SparseAdam(this, weights, gradients);
    }

    /**
     * The optimizer, bound to an embedding matrix and stepped with the gradients of {@link
     * io.github.chainrule.runtime.param.IndexedRows} compact tables.
     */
    public SparseAdam build(double[][] weights) {
      return new SparseAdam(this, weights, null);
    }
  }
}
