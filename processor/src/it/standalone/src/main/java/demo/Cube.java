package demo;

import io.github.chainrule.Differentiable;

/** The smallest user of chainrule: f(x) = x^3, so f'(x) = 3 x^2. */
public class Cube {
  private Cube() {}

  /** Returns x cubed. */
  @Differentiable
  public static double f(double x) {
    return x * x * x;
  }
}
