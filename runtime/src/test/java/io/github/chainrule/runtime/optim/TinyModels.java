package io.github.chainrule.runtime.optim;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;

/** Small models differentiated by the chainrule processor while the tests compile. */
public final class TinyModels {
  private TinyModels() {}

  /** Linear regression's parameters. */
  public record Linear(double[] w, double[] b) {}

  /** Squared error of a linear model, {@code 0.5 (w . x + b - y)^2}. */
  @Differentiable
  public static double squaredError(Linear p, @NoGrad double[] x, @NoGrad double y) {
    double s = p.b()[0];
    for (int j = 0; j < x.length; j++) {
      s += p.w()[j] * x[j];
    }
    double diff = s - y;
    return 0.5 * diff * diff;
  }

  /** A bag-of-embeddings regressor: an embedding table and a read-out vector. */
  public record Bag(double[][] embedding, double[] readout) {}

  /** {@code 0.5 (sum over words of E[word] . u - y)^2}. */
  @Differentiable
  public static double bagError(Bag p, int[] words, @NoGrad double y) {
    double s = 0.0;
    for (int i = 0; i < words.length; i++) {
      double[] row = p.embedding()[words[i]];
      for (int j = 0; j < row.length; j++) {
        s += row[j] * p.readout()[j];
      }
    }
    double diff = s - y;
    return 0.5 * diff * diff;
  }

  /** A one-hidden-layer network. */
  public record Mlp(double[][] W, double[] b, double[] u) {}

  /** Logistic loss of {@code u . tanh(W x + b)} against a label in {0, 1}. */
  @Differentiable
  public static double mlpLoss(Mlp p, @NoGrad double[] x, @NoGrad double label) {
    double s = 0.0;
    for (int i = 0; i < p.b().length; i++) {
      double[] row = p.W()[i];
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += row[j] * x[j];
      }
      s += p.u()[i] * Math.tanh(z);
    }
    // log(1 + exp(-s)) for label 1, log(1 + exp(s)) for label 0, in a stable form
    double m = label > 0.5 ? -s : s;
    return Math.max(m, 0.0) + Math.log1p(Math.exp(-Math.abs(m)));
  }
}
