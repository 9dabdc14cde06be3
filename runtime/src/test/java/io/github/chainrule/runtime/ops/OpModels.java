package io.github.chainrule.runtime.ops;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;

/**
 * User-side {@code @Differentiable} methods that call each op, as a user's model would: the tests
 * take gradients through the processor's call path (this class's companion {@code OpModels_Grad}
 * pulls back through each op's companion). Array results are reduced to a number by a weighted sum
 * with fixed random weights {@code w}, so that every output element carries its own upstream
 * gradient.
 */
final class OpModels {

  private OpModels() {}

  @Differentiable
  static double project(double[] y, @NoGrad double[] w) {
    double s = 0.0;
    for (int i = 0; i < y.length; i++) {
      s += w[i] * y[i];
    }
    return s;
  }

  @Differentiable
  static double project2(double[][] Y, @NoGrad double[][] w) {
    double s = 0.0;
    for (int i = 0; i < Y.length; i++) {
      for (int j = 0; j < Y[i].length; j++) {
        s += w[i][j] * Y[i][j];
      }
    }
    return s;
  }

  // ---------------------------------------------------------------- Linalg

  @Differentiable
  static double matmul(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmul(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matmulTN(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmulTN(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matmulNT(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmulNT(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matvec(double[][] A, double[] x, @NoGrad double[] w) {
    double[] y = Linalg.matvec(A, x);
    return project(y, w);
  }

  @Differentiable
  static double matvecT(double[][] A, double[] x, @NoGrad double[] w) {
    double[] y = Linalg.matvecT(A, x);
    return project(y, w);
  }

  @Differentiable
  static double affine(double[][] W, double[] x, double[] b, @NoGrad double[] w) {
    double[] y = Linalg.affine(W, x, b);
    return project(y, w);
  }

  @Differentiable
  static double linear(double[][] X, double[][] W, double[] b, @NoGrad double[][] w) {
    double[][] Y = Linalg.linear(X, W, b);
    return project2(Y, w);
  }

  @Differentiable
  static double dot(double[] a, double[] b) {
    return 1.5 * Linalg.dot(a, b);
  }

  @Differentiable
  static double outer(double[] a, double[] b, @NoGrad double[][] w) {
    double[][] M = Linalg.outer(a, b);
    return project2(M, w);
  }

  // ---------------------------------------------------------------- Vectors

  @Differentiable
  static double add(double[] a, double[] b, @NoGrad double[] w) {
    double[] y = Vectors.add(a, b);
    return project(y, w);
  }

  @Differentiable
  static double subtract(double[] a, double[] b, @NoGrad double[] w) {
    double[] y = Vectors.subtract(a, b);
    return project(y, w);
  }

  @Differentiable
  static double scale(double[] x, double c, @NoGrad double[] w) {
    double[] y = Vectors.scale(x, c);
    return project(y, w);
  }

  @Differentiable
  static double hadamard(double[] a, double[] b, @NoGrad double[] w) {
    double[] y = Vectors.hadamard(a, b);
    return project(y, w);
  }

  @Differentiable
  static double sum(double[] x) {
    return Vectors.sum(x) * Vectors.sum(x);
  }

  @Differentiable
  static double mean(double[] x) {
    return Math.exp(Vectors.mean(x));
  }

  @Differentiable
  static double concat(double[] a, double[] b, @NoGrad double[] w) {
    double[] y = Vectors.concat(a, b);
    return project(y, w);
  }

  @Differentiable
  static double slice(double[] x, int from, int to, @NoGrad double[] w) {
    double[] y = Vectors.slice(x, from, to);
    return project(y, w);
  }

  // ---------------------------------------------------------------- Matrices

  @Differentiable
  static double matrixAdd(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] Y = Matrices.add(A, B);
    return project2(Y, w);
  }

  @Differentiable
  static double matrixSubtract(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] Y = Matrices.subtract(A, B);
    return project2(Y, w);
  }

  @Differentiable
  static double matrixScale(double[][] A, double c, @NoGrad double[][] w) {
    double[][] Y = Matrices.scale(A, c);
    return project2(Y, w);
  }

  @Differentiable
  static double matrixHadamard(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] Y = Matrices.hadamard(A, B);
    return project2(Y, w);
  }

  @Differentiable
  static double matrixSum(double[][] A) {
    double s = Matrices.sum(A);
    return s * s;
  }

  @Differentiable
  static double matrixMean(double[][] A) {
    return Math.exp(Matrices.mean(A));
  }

  @Differentiable
  static double addRowVector(double[][] A, double[] b, @NoGrad double[][] w) {
    double[][] Y = Matrices.addRowVector(A, b);
    return project2(Y, w);
  }

  // ---------------------------------------------------------------- Activations

  @Differentiable
  static double sigmoid(double[] x, @NoGrad double[] w) {
    double[] y = Activations.sigmoid(x);
    return project(y, w);
  }

  @Differentiable
  static double sigmoidMatrix(double[][] X, @NoGrad double[][] w) {
    double[][] Y = Activations.sigmoidMatrix(X);
    return project2(Y, w);
  }

  @Differentiable
  static double tanh(double[] x, @NoGrad double[] w) {
    double[] y = Activations.tanh(x);
    return project(y, w);
  }

  @Differentiable
  static double tanhMatrix(double[][] X, @NoGrad double[][] w) {
    double[][] Y = Activations.tanhMatrix(X);
    return project2(Y, w);
  }

  @Differentiable
  static double relu(double[] x, @NoGrad double[] w) {
    double[] y = Activations.relu(x);
    return project(y, w);
  }

  @Differentiable
  static double reluMatrix(double[][] X, @NoGrad double[][] w) {
    double[][] Y = Activations.reluMatrix(X);
    return project2(Y, w);
  }

  @Differentiable
  static double softmax(double[] x, @NoGrad double[] w) {
    double[] y = Activations.softmax(x);
    return project(y, w);
  }

  @Differentiable
  static double logSoftmax(double[] x, @NoGrad double[] w) {
    double[] y = Activations.logSoftmax(x);
    return project(y, w);
  }

  @Differentiable
  static double logSumExp(double[] x) {
    return 2.0 * Activations.logSumExp(x);
  }

  @Differentiable
  static double softmaxRows(double[][] X, @NoGrad double[][] w) {
    double[][] Y = Activations.softmaxRows(X);
    return project2(Y, w);
  }

  @Differentiable
  static double logSoftmaxRows(double[][] X, @NoGrad double[][] w) {
    double[][] Y = Activations.logSoftmaxRows(X);
    return project2(Y, w);
  }

  // ---------------------------------------------------------------- Losses

  @Differentiable
  static double crossEntropy(double[] logits, int label) {
    return Losses.crossEntropy(logits, label);
  }

  @Differentiable
  static double crossEntropyBatch(double[][] logits, int[] labels) {
    return Losses.crossEntropyBatch(logits, labels);
  }

  @Differentiable
  static double squaredError(double[] y, double[] target) {
    return Losses.squaredError(y, target);
  }

  // ---------------------------------------------------------------- Embeddings and dropout

  @Differentiable
  static double windows(double[][] E, int[][] ids, @NoGrad double[][] w) {
    double[][] X = Embeddings.windows(E, ids);
    return project2(X, w);
  }

  @Differentiable
  static double concatColumns(double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] Y = Matrices.concatColumns(A, B);
    return project2(Y, w);
  }

  @Differentiable
  static double logistic(double[] s, int[] labels) {
    double total = 0.0;
    for (int i = 0; i < s.length; i++) {
      total += Losses.logistic(s[i] * s[i] - 1.0, labels[i]);
    }
    return total;
  }

  @Differentiable
  static double gather(double[][] E, int[] ids, @NoGrad double[][] w) {
    double[][] X = Embeddings.gather(E, ids);
    return project2(X, w);
  }

  @Differentiable
  static double window(double[][] E, int[] ids, @NoGrad double[] w) {
    double[] x = Embeddings.window(E, ids);
    return project(x, w);
  }

  @Differentiable
  static double dropout(double[] x, @NoGrad double[] mask, @NoGrad double[] w) {
    double[] y = Dropout.apply(x, mask);
    return project(y, w);
  }

  @Differentiable
  static double dropoutMatrix(double[][] X, @NoGrad double[][] mask, @NoGrad double[][] w) {
    double[][] Y = Dropout.applyMatrix(X, mask);
    return project2(Y, w);
  }

  @Differentiable
  static double dropoutKept(double[] x, boolean[] keep, @NoGrad double p, @NoGrad double[] w) {
    double[] y = Dropout.applyKept(x, keep, p);
    return project(y, w);
  }

  // ---------------------------------------------------------------- composed

  /**
   * The lecture's window classifier with a softmax output: embeddings of a window of word ids,
   * concatenated, a tanh hidden layer with dropout, then cross-entropy against the label.
   */
  @Differentiable
  static double windowClassifier(
      double[][] E, double[][] W, double[] b, double[][] U, double[] c, int[] ids, @NoGrad double[] mask, int label) {
    double[] x = Embeddings.window(E, ids);
    double[] z = Linalg.affine(W, x, b);
    double[] h = Activations.tanh(z);
    double[] hd = Dropout.apply(h, mask);
    double[] logits = Linalg.affine(U, hd, c);
    return Losses.crossEntropy(logits, label);
  }

  /** A batched two-layer network: X W1^T + b1, relu, then W2 and mean cross-entropy. */
  @Differentiable
  static double batchedNetwork(double[][] X, double[][] W1, double[] b1, double[][] W2, double[] b2, int[] labels) {
    double[][] Z = Linalg.linear(X, W1, b1);
    double[][] H = Activations.sigmoidMatrix(Z);
    double[][] logits = Linalg.linear(H, W2, b2);
    return Losses.crossEntropyBatch(logits, labels);
  }
}
