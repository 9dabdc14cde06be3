package io.github.chainrule.runtime.ops;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/**
 * Differentiable losses: cross-entropy of logits against an integer class label (one example, or
 * the mean over a batch) and the squared error.
 *
 * <p>Cross-entropy is computed from the log-softmax, {@code -log softmax(z)[y] = logSumExp(z) -
 * z[y]}, with the maximum subtracted inside the log-sum-exp, so logits of magnitude 1e3 and more
 * give finite values; its gradient is {@code softmax(z) - onehot(y)}.
 *
 * <p>The adjoints are public, so that a {@code @Differentiable} method in any package calls them
 * directly from its backward sweep; a null gradient buffer means the caller needs no gradient for
 * that argument, and the adjoint then does nothing.
 */
public final class Losses {

  private Losses() {}

  /**
   * The cross-entropy {@code -log softmax(logits)[label]} of one example.
   *
   * @throws IllegalArgumentException if {@code label} is not an index of {@code logits}
   */
  public static double crossEntropy(double[] logits, int label) {
    checkLabel("crossEntropy", logits, label, -1);
    return Activations.logSumExp(logits) - logits[label];
  }

  /** dz += seed (softmax(z) - onehot(label)). A null gradient buffer means the caller needs no gradient for that argument. */
  @Derivative(of = "crossEntropy")
  public static void crossEntropyAdjoint(double[] logits, int label, double seed, double[] dLogits) {
    if (dLogits == null) {
      return;
    }
    crossEntropyRowAdjoint(logits, label, seed, dLogits);
  }

  /**
   * The mean over the batch of {@link #crossEntropy}: {@code (1/B) sum_r crossEntropy(logits[r],
   * labels[r])} for B rows of logits.
   *
   * @throws IllegalArgumentException if there are not as many labels as rows, or a label is out of
   *     range
   */
  public static double crossEntropyBatch(double[][] logits, int[] labels) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(
          "crossEntropyBatch: logits is " + Shapes.of(logits) + " but labels has length " + labels.length);
    }
    double total = 0.0;
    for (int r = 0; r < logits.length; r++) {
      checkLabel("crossEntropyBatch", logits[r], labels[r], r);
      total += Activations.logSumExp(logits[r]) - logits[r][labels[r]];
    }
    return total / logits.length;
  }

  /**
   * Row r: dz_r += seed (softmax(z_r) - onehot(labels[r])) / B. A null gradient buffer means the
   * caller needs no gradient for that argument.
   */
  @Derivative(of = "crossEntropyBatch")
  public static void crossEntropyBatchAdjoint(
      double[][] logits, int[] labels, double seed, double[][] dLogits) {
    if (dLogits == null) {
      return;
    }
    double scale = seed / logits.length;
    for (int r = 0; r < logits.length; r++) {
      crossEntropyRowAdjoint(logits[r], labels[r], scale, dLogits[r]);
    }
  }

  /**
   * The logistic loss of one score s for a binary label: {@code -log sigmoid(s)} when {@code label
   * == 1}, {@code -log (1 - sigmoid(s))} when it is 0 (the cross-entropy of the lecture's
   * {@code J = sigmoid(s)}), computed as {@code softplus(-s)} or {@code softplus(s)} so that no
   * score overflows.
   *
   * @throws IllegalArgumentException if the label is not 0 or 1
   */
  public static double logistic(double s, int label) {
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("logistic: label must be 0 or 1, got " + label);
    }
    double m = label == 1 ? -s : s;
    return Math.max(m, 0.0) + Math.log1p(Math.exp(-Math.abs(m)));
  }

  /** d/ds logistic(s, y) = sigmoid(s) - y, times seed. */
  @Derivative(of = "logistic")
  public static double logisticAdjoint(double s, int label, double seed) {
    double sigmoid = s >= 0 ? 1.0 / (1.0 + Math.exp(-s)) : Math.exp(s) / (1.0 + Math.exp(s));
    return seed * (sigmoid - label);
  }

  /** The squared error {@code sum_i (y_i - target_i)^2} (a sum, not a mean). */
  @Differentiable
  public static double squaredError(double[] y, double[] target) {
    int n = Shapes.sameLength(Shapes.SQUARED_ERROR, y, target);
    double s = 0.0;
    for (int i = 0; i < n; i++) {
      double d = y[i] - target[i];
      s += d * d;
    }
    return s;
  }

  private static void crossEntropyRowAdjoint(double[] z, int label, double seed, double[] dz) {
    double m = Activations.max(z);
    double scale = seed / Activations.sumExp(z, m);
    for (int i = 0; i < z.length; i++) {
      dz[i] += scale * Math.exp(z[i] - m);
    }
    dz[label] -= seed;
  }

  private static void checkLabel(String op, double[] logits, int label, int row) {
    if (label < 0 || label >= logits.length) {
      throw new IllegalArgumentException(
          op + ": label " + label + (row >= 0 ? " of row " + row : "") + " is out of range for logits of "
              + Shapes.of(logits));
    }
  }
}
