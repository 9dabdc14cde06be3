package io.github.chainrule.runtime.optim;

/**
 * A learning rate as a function of the number of scheduler steps taken, PyTorch's {@code
 * last_epoch}: {@code at(0)} is the rate of the first optimizer step. The factories match {@code
 * torch.optim.lr_scheduler} (PyTorch 1.13) in closed form; {@link #then(long,
 * LearningRateSchedule)} chains schedules as {@code SequentialLR} does, e.g. a linear warm-up
 * followed by cosine annealing:
 *
 * <pre>{@code
 * LearningRateSchedule lr = LearningRateSchedule.linearWarmup(0.1, 0.01, 5)
 *     .then(5, LearningRateSchedule.cosine(0.1, 50, 0.0));
 * for (long t = 0; t < steps; t++) {
 *   optimizer.setLearningRate(lr.at(t));  // or lr.applyTo(optimizer, t)
 *   ... accumulate gradients; optimizer.step();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate after {@code step} scheduler steps (0 for the first optimizer step). */
  double at(long step);

  /** Sets {@code optimizer}'s learning rate to {@code at(step)}. */
  default void applyTo(Optimizer optimizer, long step) {
    optimizer.setLearningRate(at(step));
  }

  /** Sets {@code optimizer}'s learning rate to {@code at(step)}. */
  default void applyTo(SparseOptimizer optimizer, long step) {
    optimizer.setLearningRate(at(step));
  }

  /**
   * This schedule for steps {@code 0 .. milestone-1}, then {@code next} restarted at its step 0:
   * {@code SequentialLR([this, next], milestones=[milestone])}.
   */
  default LearningRateSchedule then(long milestone, LearningRateSchedule next) {
    if (milestone < 0) {
      throw new IllegalArgumentException("milestone must be >= 0, got " + milestone);
    }
    LearningRateSchedule first = this;
    return step -> step < milestone ? first.at(step) : next.at(step - milestone);
  }

  /** The same rate at every step. */
  static LearningRateSchedule constant(double lr) {
    Checks.nonNegative("learning rate", lr);
    return step -> lr;
  }

  /**
   * {@code StepLR}: {@code lr * gamma^floor(step / stepSize)}, decaying by {@code gamma} every
   * {@code stepSize} steps.
   */
  static LearningRateSchedule step(double lr, long stepSize, double gamma) {
    Checks.nonNegative("learning rate", lr);
    if (stepSize <= 0) {
      throw new IllegalArgumentException("step size must be > 0, got " + stepSize);
    }
    return step -> lr * Math.pow(gamma, (double) (step / stepSize));
  }

  /** {@code ExponentialLR}: {@code lr * gamma^step}. */
  static LearningRateSchedule exponential(double lr, double gamma) {
    Checks.nonNegative("learning rate", lr);
    return step -> lr * Math.pow(gamma, (double) step);
  }

  /**
   * {@code CosineAnnealingLR}: {@code etaMin + (lr - etaMin) * (1 + cos(pi * step / tMax)) / 2}.
   * Past {@code tMax} the rate follows the same cosine back up (period {@code 2 tMax}), as
   * PyTorch's does; chain with {@link #then} or stop at {@code tMax} for a single annealing.
   */
  static LearningRateSchedule cosine(double lr, long tMax, double etaMin) {
    Checks.nonNegative("learning rate", lr);
    if (tMax <= 0) {
      throw new IllegalArgumentException("T_max must be > 0, got " + tMax);
    }
    return step -> etaMin + (lr - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
  }

  /**
   * {@code LinearLR}: the factor moves linearly from {@code startFactor} to {@code endFactor} over
   * {@code totalSteps} steps and then stays at {@code endFactor}: {@code lr * (startFactor +
   * (endFactor - startFactor) * min(step, totalSteps) / totalSteps)}.
   */
  static LearningRateSchedule linear(
      double lr, double startFactor, double endFactor, long totalSteps) {
    Checks.nonNegative("learning rate", lr);
    if (!(startFactor > 0.0 && startFactor <= 1.0) || !(endFactor >= 0.0 && endFactor <= 1.0)) {
      throw new IllegalArgumentException(
          "start factor must be in (0, 1] and end factor in [0, 1], got "
              + startFactor
              + " and "
              + endFactor);
    }
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("total steps must be > 0, got " + totalSteps);
    }
    return step ->
        lr
            * (startFactor
                + (endFactor - startFactor) * Math.min(step, totalSteps) / (double) totalSteps);
  }

  /**
   * Linear warm-up from {@code lr * startFactor} to {@code lr} over {@code warmupSteps} steps, then
   * {@code lr}: {@code linear(lr, startFactor, 1.0, warmupSteps)}. Chain another schedule after it
   * with {@code .then(warmupSteps, other)}.
   */
  static LearningRateSchedule linearWarmup(double lr, double startFactor, long warmupSteps) {
    return linear(lr, startFactor, 1.0, warmupSteps);
  }
}
