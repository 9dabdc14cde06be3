package io.github.chainrule.runtime.optim;

/**
 * Lazy Adam for embedding matrices, {@code torch.optim.SparseAdam} update for update (PyTorch
 * 1.13): only the rows a batch touched have their moments and values updated; the other rows'
 * moments are left as they were (not decayed), which is what makes the step cost the batch, not the
 * vocabulary. Bias correction uses the global step count (steps taken by this optimizer), as
 * SparseAdam does, not a per-row count.
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

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[][] exp;
  private final double[][] expSq;

  private SparseAdam(Builder b, double[][] weights, double[][] gradients) {
    super(weights, gradients, b.learningRate);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.eps = b.eps;
    this.exp = new double[weights.length][];
    this.expSq = new double[weights.length][];
    for (int r = 0; r < weights.length; r++) {
      exp[r] = new double[weights[r].length];
      expSq[r] = new double[weights[r].length];
    }
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void update(int[] rows, int count, long step) {
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    double negStepSize = -(learningRate() * Math.sqrt(bc2) / bc1);
    double oneMinusBeta1 = 1 - beta1;
    double oneMinusBeta2 = 1 - beta2;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      double[] p = weights[r];
      double[] g = gradients[r];
      double[] m = exp[r];
      double[] v = expSq[r];
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
  }
}
