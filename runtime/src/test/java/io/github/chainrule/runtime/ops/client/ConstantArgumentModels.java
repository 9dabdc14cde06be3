package io.github.chainrule.runtime.ops.client;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import io.github.chainrule.runtime.ops.Activations;
import io.github.chainrule.runtime.ops.Dropout;
import io.github.chainrule.runtime.ops.Embeddings;
import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.ops.Losses;
import io.github.chainrule.runtime.ops.Matrices;
import io.github.chainrule.runtime.ops.Vectors;

/**
 * A user's model in a package of its own that calls each op with one argument constant: a
 * {@code @NoGrad} parameter, or a local computed from {@code @NoGrad} data only. Since the ops'
 * adjoints are public, the companion {@code ConstantArgumentModels_Grad} calls them directly and
 * passes {@code null} for the gradient of the constant argument. Array results are reduced to a
 * number by a weighted sum with fixed weights {@code w}.
 */
final class ConstantArgumentModels {

  private ConstantArgumentModels() {}

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

  /** A data matrix times weights: dX must not be computed. */
  @Differentiable
  static double matmulConstantLeft(@NoGrad double[][] X, double[][] W, @NoGrad double[][] w) {
    double[][] C = Linalg.matmul(X, W);
    return project2(C, w);
  }

  @Differentiable
  static double matmulConstantRight(double[][] A, @NoGrad double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmul(A, B);
    return project2(C, w);
  }

  /** The constant is a local made from {@code @NoGrad} data only (each element doubled). */
  @Differentiable
  static double matmulConstantLocal(@NoGrad double[][] X, double[][] W, @NoGrad double[][] w) {
    double[][] X2 = new double[X.length][X[0].length];
    for (int i = 0; i < X.length; i++) {
      for (int j = 0; j < X[i].length; j++) {
        X2[i][j] = 2.0 * X[i][j];
      }
    }
    double[][] C = Linalg.matmul(X2, W);
    return project2(C, w);
  }

  @Differentiable
  static double matmulTNConstantLeft(@NoGrad double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmulTN(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matmulTNConstantRight(double[][] A, @NoGrad double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmulTN(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matmulNTConstantLeft(@NoGrad double[][] A, double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmulNT(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matmulNTConstantRight(double[][] A, @NoGrad double[][] B, @NoGrad double[][] w) {
    double[][] C = Linalg.matmulNT(A, B);
    return project2(C, w);
  }

  @Differentiable
  static double matvecConstantMatrix(@NoGrad double[][] A, double[] x, @NoGrad double[] w) {
    double[] y = Linalg.matvec(A, x);
    return project(y, w);
  }

  @Differentiable
  static double matvecConstantVector(double[][] A, @NoGrad double[] x, @NoGrad double[] w) {
    double[] y = Linalg.matvec(A, x);
    return project(y, w);
  }

  @Differentiable
  static double matvecTConstantMatrix(@NoGrad double[][] A, double[] x, @NoGrad double[] w) {
    double[] y = Linalg.matvecT(A, x);
    return project(y, w);
  }

  @Differentiable
  static double matvecTConstantVector(double[][] A, @NoGrad double[] x, @NoGrad double[] w) {
    double[] y = Linalg.matvecT(A, x);
    return project(y, w);
  }

  /** A layer on a data vector: dx must not be computed. */
  @Differentiable
  static double affineConstantInput(double[][] W, @NoGrad double[] x, double[] b, @NoGrad double[] w) {
    double[] y = Linalg.affine(W, x, b);
    return project(y, w);
  }

  /** Frozen weights and bias, trained input. */
  @Differentiable
  static double affineConstantWeights(
      @NoGrad double[][] W, double[] x, @NoGrad double[] b, @NoGrad double[] w) {
    double[] y = Linalg.affine(W, x, b);
    return project(y, w);
  }

  /** A batch of data through a layer: dX = G W must not be computed. */
  @Differentiable
  static double linearConstantBatch(@NoGrad double[][] X, double[][] W, double[] b, @NoGrad double[][] w) {
    double[][] Y = Linalg.linear(X, W, b);
    return project2(Y, w);
  }

  @Differentiable
  static double linearConstantWeights(double[][] X, @NoGrad double[][] W, double[] b, @NoGrad double[][] w) {
    double[][] Y = Linalg.linear(X, W, b);
    return project2(Y, w);
  }

  @Differentiable
  static double dotConstantLeft(@NoGrad double[] a, double[] b) {
    return 1.5 * Linalg.dot(a, b);
  }

  @Differentiable
  static double outerConstantLeft(@NoGrad double[] a, double[] b, @NoGrad double[][] w) {
    double[][] M = Linalg.outer(a, b);
    return project2(M, w);
  }

  @Differentiable
  static double outerConstantRight(double[] a, @NoGrad double[] b, @NoGrad double[][] w) {
    double[][] M = Linalg.outer(a, b);
    return project2(M, w);
  }

  // ---------------------------------------------------------------- Activations and losses

  /** A softmax of constant logits weights an active vector: the softmax itself needs no adjoint. */
  @Differentiable
  static double softmaxOfConstant(@NoGrad double[] z, double[] x) {
    double[] p = Activations.softmax(z);
    double[] q = Activations.logSoftmax(x);
    return Linalg.dot(p, q);
  }

  /** Row-wise softmax of a constant, times an active matrix. */
  @Differentiable
  static double softmaxRowsOfConstant(@NoGrad double[][] Z, double[][] X, @NoGrad double[][] w) {
    double[][] P = Activations.softmaxRows(Z);
    double[][] L = Activations.logSoftmaxRows(X);
    double[][] Y = Matrices.hadamard(P, L);
    return project2(Y, w) + Activations.logSumExp(Z[0]);
  }

  /** Cross-entropy of a classifier on a batch of constant data. */
  @Differentiable
  static double crossEntropyOnData(@NoGrad double[][] X, double[][] W, double[] b, int[] labels) {
    double[][] logits = Linalg.linear(X, W, b);
    return Losses.crossEntropyBatch(logits, labels);
  }

  /** Cross-entropy of one example whose input is constant data. */
  @Differentiable
  static double crossEntropyOfExample(double[][] W, @NoGrad double[] x, double[] b, int label) {
    double[] logits = Linalg.affine(W, x, b);
    return Losses.crossEntropy(logits, label) + Activations.logSumExp(logits);
  }

  @Differentiable
  static double squaredErrorToTarget(double[] y, @NoGrad double[] target) {
    return Losses.squaredError(y, target);
  }

  // ---------------------------------------------------------------- Embeddings and dropout

  /** Frozen embeddings (a constant E) feeding a trained layer. */
  @Differentiable
  static double frozenEmbeddings(@NoGrad double[][] E, int[] ids, double[][] W, double[] b, @NoGrad double[] w) {
    double[] x = Embeddings.window(E, ids);
    double[] y = Linalg.affine(W, x, b);
    double[][] R = Embeddings.gather(E, ids);
    double[][] S = Linalg.matmul(R, W);
    return project(y, w) + Matrices.sum(S);
  }

  /** Dropout of a layer on constant data. */
  @Differentiable
  static double dropoutOnData(
      double[][] W, @NoGrad double[] x, @NoGrad double[] mask, @NoGrad double[][] M, @NoGrad double[] w) {
    double[] h = Linalg.matvec(W, x);
    double[] hd = Dropout.apply(h, mask);
    double[][] H = Linalg.outer(hd, x);
    double[][] Hd = Dropout.applyMatrix(H, M);
    return project(hd, w) + Matrices.sum(Hd);
  }

  // ---------------------------------------------------------------- Vectors and matrices

  @Differentiable
  static double vectorsWithConstant(double[] a, @NoGrad double[] c, double s, @NoGrad double[] w) {
    double[] y1 = Vectors.add(a, c);
    double[] y2 = Vectors.subtract(c, a);
    double[] y3 = Vectors.hadamard(y1, c);
    double[] y4 = Vectors.scale(c, s);
    double[] y5 = Vectors.concat(c, y2);
    double[] y6 = Vectors.slice(y5, c.length, y5.length);
    return project(y3, w) + project(y4, w) + project(y6, w) * Vectors.sum(y1);
  }

  @Differentiable
  static double matricesWithConstant(
      double[][] A, @NoGrad double[][] C, @NoGrad double[] c, double[] b, double s, @NoGrad double[][] w) {
    double[][] Y1 = Matrices.add(A, C);
    double[][] Y2 = Matrices.subtract(C, A);
    double[][] Y3 = Matrices.hadamard(Y1, C);
    double[][] Y4 = Matrices.scale(C, s);
    double[][] Y5 = Matrices.addRowVector(C, b);
    double[][] Y6 = Matrices.addRowVector(A, c);
    return project2(Y2, w) + project2(Y3, w) + project2(Y4, w) + project2(Y5, w) * Matrices.mean(Y6);
  }
}
