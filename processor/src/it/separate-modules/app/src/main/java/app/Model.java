package app;

import io.github.chainrule.Differentiable;
import lib.Layers;

/** A model built from lib's layers, which this module sees only as class files in lib's jar. */
public final class Model {
  private Model() {}

  /** s = u . tanh(W x + b) + logSumExp(tanh(W x + b)). */
  @Differentiable
  public static double score(Layers.Dense layer, double[] u, double[] x) {
    double[] z = Layers.affine(layer, x);
    double[] h = Layers.tanh(z);
    return Layers.dot(u, h) + Layers.logSumExp(h);
  }
}
