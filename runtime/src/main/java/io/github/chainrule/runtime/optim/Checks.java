package io.github.chainrule.runtime.optim;

/** Hyper-parameter checks shared by the optimizers; messages name the offending value. */
final class Checks {
  private Checks() {}

  static double nonNegative(String what, double value) {
    if (!(value >= 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  static double unitInterval(String what, double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
    }
    return value;
  }

  static double closedUnitInterval(String what, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + value);
    }
    return value;
  }
}
