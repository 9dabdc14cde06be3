package io.github.chainrule.runtime.param;

import io.github.chainrule.Differentiable;
import io.github.chainrule.runtime.ops.Activations;
import io.github.chainrule.runtime.ops.Embeddings;
import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.ops.Losses;

/**
 * The lecture's window classifier as a user writes it, per window and per batch: the embedding
 * rows of a window concatenated, {@code tanh(W x + b)}, a softmax read-out and cross-entropy. The
 * same code takes the full embedding or an {@link IndexedRows} compact table.
 */
final class WindowModels {
  private WindowModels() {}

  record Params(double[][] E, double[][] W, double[] b, double[][] U, double[] c) {}

  @Differentiable
  static double window(Params p, int[] ids, int label) {
    double[] x = Embeddings.window(p.E(), ids);
    double[] h = Activations.tanh(Linalg.affine(p.W(), x, p.b()));
    double[] z = Linalg.affine(p.U(), h, p.c());
    return Losses.crossEntropy(z, label);
  }

  @Differentiable
  static double batch(Params p, int[][] ids, int[] labels) {
    double[][] X = Embeddings.windows(p.E(), ids);
    double[][] H = Activations.tanhMatrix(Linalg.linear(X, p.W(), p.b()));
    double[][] Z = Linalg.linear(H, p.U(), p.c());
    return Losses.crossEntropyBatch(Z, labels);
  }
}
