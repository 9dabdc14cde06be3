package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * Stochastic gradient descent, {@code theta = theta - lr * grad}, with PyTorch's optional weight
 * decay, momentum (with dampening) and Nesterov momentum; {@code torch.optim.SGD} update for
 * update.
 *
 * <p>Per element, as in PyTorch 1.13's {@code _single_tensor_sgd}:
 *
 * <pre>
 * d = g + weightDecay * theta                      (if weightDecay != 0)
 * b = d                                            (first step, if momentum != 0)
 * b = momentum * b + (1 - dampening) * d           (later steps)
 * d = nesterov ? d + momentum * b : b              (if momentum != 0)
 * theta = theta - lr * d
 * </pre>
 *
 * With the defaults (no weight decay, no momentum) a step is exactly {@code theta -= lr * g}.
 */
public final class Sgd extends Optimizer {

  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;

  /** Momentum buffers in segment layout; null without momentum. */
  private final double[][] buffers;

  private Sgd(Builder b, Parameters parameters, Parameters gradients) {
    super(parameters, gradients, b.learningRate);
    this.momentum = b.momentum;
    this.dampening = b.dampening;
    this.weightDecay = b.weightDecay;
    this.nesterov = b.nesterov;
    this.buffers = momentum != 0.0 ? parameters.newSegmentBuffers() : null;
  }

  /** A builder; the learning rate must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Plain SGD with learning rate {@code lr}: {@code theta -= lr * grad}. */
  public static Sgd plain(double lr, Parameters parameters, Parameters gradients) {
    return builder().learningRate(lr).build(parameters, gradients);
  }

  @Override
  protected void update(long step) {
    double lr = learningRate();
    int n = parameters.segmentCount();
    if (buffers == null && weightDecay == 0.0) {
      for (int k = 0; k < n; k++) {
        double[] p = parameters.segment(k);
        double[] g = gradients.segment(k);
        for (int j = 0; j < p.length; j++) {
          p[j] -= lr * g[j];
        }
      }
      return;
    }
    boolean first = step == 1;
    for (int k = 0; k < n; k++) {
      double[] p = parameters.segment(k);
      double[] g = gradients.segment(k);
      double[] buf = buffers == null ? null : buffers[k];
      for (int j = 0; j < p.length; j++) {
        double d = g[j];
        if (weightDecay != 0.0) {
          d = d + weightDecay * p[j];
        }
        if (buf != null) {
          double b = first ? d : buf[j] * momentum + (1 - dampening) * d;
          buf[j] = b;
          d = nesterov ? d + momentum * b : b;
        }
        p[j] -= lr * d;
      }
    }
  }

  /** Hyper-parameters for {@link Sgd}; PyTorch's names and defaults. */
  public static final class Builder {
    private double learningRate = Double.NaN;
    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;

    private Builder() {}

    /** The learning rate (required). */
    public Builder learningRate(double lr) {
      this.learningRate = Checks.nonNegative("learning rate", lr);
      return this;
    }

    /** Momentum factor, default 0 (none). */
    public Builder momentum(double momentum) {
      this.momentum = Checks.nonNegative("momentum", momentum);
      return this;
    }

    /** Dampening for momentum, default 0. */
    public Builder dampening(double dampening) {
      this.dampening = dampening;
      return this;
    }

    /** L2 penalty added to the gradient, default 0. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = Checks.nonNegative("weight decay", weightDecay);
      return this;
    }

    /** Nesterov momentum, default false; needs momentum &gt; 0 and zero dampening. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /**
     * The optimizer, bound to the views.
     *
     * @throws IllegalArgumentException if the shapes differ, or Nesterov is asked for without
     *     momentum or with dampening
     * @throws IllegalStateException if no learning rate was set
     */
    public Sgd build(Parameters parameters, Parameters gradients) {
      if (Double.isNaN(learningRate)) {
        throw new IllegalStateException("SGD needs a learning rate");
      }
      if (nesterov && (momentum <= 0.0 || dampening != 0.0)) {
        throw new IllegalArgumentException(
            "Nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                + momentum
                + " and dampening "
                + dampening);
      }
      return new Sgd(this, parameters, gradients);
    }
  }
}
