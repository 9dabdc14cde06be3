package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * Adam, {@code torch.optim.Adam} update for update (PyTorch 1.13), with optional L2 weight decay
 * (added to the gradient; for decoupled decay use {@link AdamW}) and AMSGrad.
 *
 * <p>Per element, at step {@code t} (1-based):
 *
 * <pre>
 * d     = g + weightDecay * theta                     (if weightDecay != 0)
 * m     = beta1 * m + (1 - beta1) * d
 * v     = beta2 * v + (1 - beta2) * d * d
 * vhat  = max(vhat, v)                                (AMSGrad; otherwise vhat = v)
 * theta = theta - (lr / (1 - beta1^t)) * m / (sqrt(vhat) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Note where {@code eps} sits: added to the bias-corrected root, as PyTorch does. Defaults as
 * PyTorch: lr 0.001, betas (0.9, 0.999), eps 1e-8, weightDecay 0, no AMSGrad.
 */
public final class Adam extends Optimizer {

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double[][] exp;
  private final double[][] expSq;
  private final double[][] maxSq;

  private Adam(Builder b, Parameters parameters, Parameters gradients) {
    super(parameters, gradients, b.learningRate);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.eps = b.eps;
    this.weightDecay = b.weightDecay;
    this.exp = parameters.newSegmentBuffers();
    this.expSq = parameters.newSegmentBuffers();
    this.maxSq = b.amsgrad ? parameters.newSegmentBuffers() : null;
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void update(long step) {
    AdamKernel.step(
        parameters,
        gradients,
        exp,
        expSq,
        maxSq,
        step,
        learningRate(),
        beta1,
        beta2,
        eps,
        weightDecay,
        0.0);
  }

  /** Hyper-parameters for {@link Adam}; PyTorch's names and defaults. */
  public static final class Builder {
    private double learningRate = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay;
    private boolean amsgrad;

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

    /** L2 penalty added to the gradient, default 0. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = Checks.nonNegative("weight decay", weightDecay);
      return this;
    }

    /** Use the maximum of past second moments (AMSGrad), default false. */
    public Builder amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return this;
    }

    /** The optimizer, bound to the views; throws if their shapes differ. */
    public Adam build(Parameters parameters, Parameters gradients) {
      return new Adam(this, parameters, gradients);
    }
  }
}
