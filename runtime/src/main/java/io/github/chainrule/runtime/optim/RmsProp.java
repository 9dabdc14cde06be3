package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * RMSProp, {@code torch.optim.RMSprop} update for update (PyTorch 1.13).
 *
 * <p>Per element:
 *
 * <pre>
 * d     = g + weightDecay * theta                         (if weightDecay != 0)
 * v     = alpha * v + (1 - alpha) * d * d
 * a     = alpha * a + (1 - alpha) * d                     (centered only)
 * avg   = sqrt(v - a * a) + eps    if centered, else sqrt(v) + eps
 * b     = momentum * b + d / avg;  theta = theta - lr * b (if momentum &gt; 0)
 * theta = theta - lr * d / avg                            (otherwise)
 * </pre>
 *
 * Note that {@code eps} is added <em>outside</em> the square root, as in PyTorch. Defaults as
 * PyTorch: lr 0.01, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, not centered.
 */
public final class RmsProp extends Optimizer {

  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final double[][] squareAvg;

  /** Null unless centered. */
  private final double[][] gradAvg;

  /** Null unless momentum &gt; 0. */
  private final double[][] buffers;

  private RmsProp(Builder b, Parameters parameters, Parameters gradients) {
    super(parameters, gradients, b.learningRate);
    this.alpha = b.alpha;
    this.eps = b.eps;
    this.weightDecay = b.weightDecay;
    this.momentum = b.momentum;
    this.squareAvg = parameters.newSegmentBuffers();
    this.gradAvg = b.centered ? parameters.newSegmentBuffers() : null;
    this.buffers = momentum > 0.0 ? parameters.newSegmentBuffers() : null;
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void update(long step) {
    double lr = learningRate();
    double negLr = -lr;
    double oneMinusAlpha = 1 - alpha;
    int n = parameters.segmentCount();
    for (int k = 0; k < n; k++) {
      double[] p = parameters.segment(k);
      double[] g = gradients.segment(k);
      double[] sq = squareAvg[k];
      double[] ga = gradAvg == null ? null : gradAvg[k];
      double[] buf = buffers == null ? null : buffers[k];
      for (int j = 0; j < p.length; j++) {
        double d = weightDecay != 0.0 ? g[j] + weightDecay * p[j] : g[j];
        double v = sq[j] * alpha + oneMinusAlpha * d * d;
        sq[j] = v;
        double avg;
        if (ga != null) {
          double a = ga[j] * alpha + oneMinusAlpha * d;
          ga[j] = a;
          avg = Math.sqrt(v + -1.0 * a * a) + eps;
        } else {
          avg = Math.sqrt(v) + eps;
        }
        if (buf != null) {
          double b = buf[j] * momentum + d / avg;
          buf[j] = b;
          p[j] += negLr * b;
        } else {
          p[j] += negLr * d / avg;
        }
      }
    }
  }

  /** Hyper-parameters for {@link RmsProp}; PyTorch's names and defaults. */
  public static final class Builder {
    private double learningRate = 1e-2;
    private double alpha = 0.99;
    private double eps = 1e-8;
    private double weightDecay;
    private double momentum;
    private boolean centered;

    private Builder() {}

    /** Learning rate, default 0.01. */
    public Builder learningRate(double lr) {
      this.learningRate = Checks.nonNegative("learning rate", lr);
      return this;
    }

    /** Smoothing constant of the squared-gradient average, default 0.99. */
    public Builder alpha(double alpha) {
      this.alpha = Checks.closedUnitInterval("alpha", alpha);
      return this;
    }

    /** Term added to the denominator (outside the square root), default 1e-8. */
    public Builder eps(double eps) {
      this.eps = Checks.nonNegative("eps", eps);
      return this;
    }

    /** L2 penalty added to the gradient, default 0. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = Checks.nonNegative("weight decay", weightDecay);
      return this;
    }

    /** Momentum factor, default 0. */
    public Builder momentum(double momentum) {
      this.momentum = Checks.nonNegative("momentum", momentum);
      return this;
    }

    /** Normalise by the estimated variance of the gradient instead of its second moment. */
    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    /** The optimizer, bound to the views; throws if their shapes differ. */
    public RmsProp build(Parameters parameters, Parameters gradients) {
      return new RmsProp(this, parameters, gradients);
    }
  }
}
