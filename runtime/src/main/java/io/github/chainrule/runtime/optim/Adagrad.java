package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;
import java.util.Arrays;

/**
 * AdaGrad, {@code torch.optim.Adagrad} update for update (PyTorch 1.13, dense gradients).
 *
 * <p>Per element, at step {@code t} (1-based):
 *
 * <pre>
 * d     = g + weightDecay * theta                  (if weightDecay != 0)
 * clr   = lr / (1 + (t - 1) * lrDecay)
 * sum   = sum + d * d                              (starts at initialAccumulatorValue)
 * theta = theta - clr * d / (sqrt(sum) + eps)
 * </pre>
 *
 * Defaults as PyTorch: lr 0.01, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 */
public final class Adagrad extends Optimizer {

  private final double lrDecay;
  private final double weightDecay;
  private final double eps;
  private final double[][] sums;

  private Adagrad(Builder b, Parameters parameters, Parameters gradients) {
    super(parameters, gradients, b.learningRate);
    this.lrDecay = b.lrDecay;
    this.weightDecay = b.weightDecay;
    this.eps = b.eps;
    this.sums = parameters.newSegmentBuffers();
    if (b.initialAccumulatorValue != 0.0) {
      for (double[] s : sums) {
        Arrays.fill(s, b.initialAccumulatorValue);
      }
    }
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void update(long step) {
    double clr = learningRate() / (1 + (step - 1) * lrDecay);
    double negClr = -clr;
    int n = parameters.segmentCount();
    for (int k = 0; k < n; k++) {
      double[] p = parameters.segment(k);
      double[] g = gradients.segment(k);
      double[] sum = sums[k];
      for (int j = 0; j < p.length; j++) {
        double d = weightDecay != 0.0 ? g[j] + weightDecay * p[j] : g[j];
        double s = sum[j] + d * d;
        sum[j] = s;
        // addcdiv_ order: theta + (value * d) / std
        p[j] += negClr * d / (Math.sqrt(s) + eps);
      }
    }
  }

  /** Hyper-parameters for {@link Adagrad}; PyTorch's names and defaults. */
  public static final class Builder {
    private double learningRate = 1e-2;
    private double lrDecay;
    private double weightDecay;
    private double initialAccumulatorValue;
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

    /** L2 penalty added to the gradient, default 0. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = Checks.nonNegative("weight decay", weightDecay);
      return this;
    }

    /** Starting value of the squared-gradient sums, default 0. */
    public Builder initialAccumulatorValue(double value) {
      this.initialAccumulatorValue = Checks.nonNegative("initial accumulator value", value);
      return this;
    }

    /** Term added to the denominator, default 1e-10. */
    public Builder eps(double eps) {
      this.eps = Checks.nonNegative("eps", eps);
      return this;
    }

    /** The optimizer, bound to the views; throws if their shapes differ. */
    public Adagrad build(Parameters parameters, Parameters gradients) {
      return new Adagrad(this, parameters, gradients);
    }
  }
}
