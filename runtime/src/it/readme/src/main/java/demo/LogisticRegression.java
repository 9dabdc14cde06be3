package demo;

import io.github.chainrule.Differentiable;

/** Logistic regression: p(y = 1 | x) = sigmoid(w . x + b). */
public final class LogisticRegression {
  private LogisticRegression() {}

  /** The model. The bias is a double[] of length 1, so that an optimizer can update it in place. */
  public record Params(double[] w, double[] b) {}

  /** The loss of one example, -log p(y | x), differentiated with respect to p alone. */
  @Differentiable(wrt = "p")
  public static double loss(Params p, double[] x, int y) {
    double z = p.b()[0];
    for (int j = 0; j < x.length; j++) {
      z += p.w()[j] * x[j];
    }
    double m = y == 1 ? -z : z; // log(1 + exp(m)), computed without overflow
    return Math.max(m, 0.0) + Math.log1p(Math.exp(-Math.abs(m)));
  }
}
