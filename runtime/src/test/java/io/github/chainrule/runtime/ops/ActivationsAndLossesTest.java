package io.github.chainrule.runtime.ops;

import static io.github.chainrule.runtime.ops.CentralDifferences.awayFromZero;
import static io.github.chainrule.runtime.ops.CentralDifferences.check;
import static io.github.chainrule.runtime.ops.CentralDifferences.matrix;
import static io.github.chainrule.runtime.ops.CentralDifferences.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationsAndLossesTest {

  static final long[] SEEDS = {21, 22, 23};

  static void assertFinite(double[] v) {
    for (double x : v) {
      assertTrue(Double.isFinite(x), () -> java.util.Arrays.toString(v));
    }
  }

  @Test
  void gradientsOfElementwiseActivations() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] x = vector(random, 6);
      for (int i = 0; i < x.length; i++) {
        x[i] *= 3; // both branches of the stable sigmoid
      }
      double[] w = vector(random, 6);
      check("sigmoid", () -> OpModels.sigmoid(x, w), x, OpModels_Grad.sigmoid(x, w).x());
      check("tanh", () -> OpModels.tanh(x, w), x, OpModels_Grad.tanh(x, w).x());
      double[] r = awayFromZero(random, 6);
      check("relu", () -> OpModels.relu(r, w), r, OpModels_Grad.relu(r, w).x());
      double[][] X = matrix(random, 3, 4);
      double[][] Xr = {awayFromZero(random, 4), awayFromZero(random, 4), awayFromZero(random, 4)};
      double[][] w2 = matrix(random, 3, 4);
      check("sigmoidMatrix", () -> OpModels.sigmoidMatrix(X, w2), X, OpModels_Grad.sigmoidMatrix(X, w2).X());
      check("tanhMatrix", () -> OpModels.tanhMatrix(X, w2), X, OpModels_Grad.tanhMatrix(X, w2).X());
      check("reluMatrix", () -> OpModels.reluMatrix(Xr, w2), Xr, OpModels_Grad.reluMatrix(Xr, w2).X());
    }
  }

  @Test
  void gradientsOfTheSoftmaxFamily() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] x = vector(random, 5);
      double[] w = vector(random, 5);
      check("softmax", () -> OpModels.softmax(x, w), x, OpModels_Grad.softmax(x, w).x());
      check("logSoftmax", () -> OpModels.logSoftmax(x, w), x, OpModels_Grad.logSoftmax(x, w).x());
      check("logSumExp", () -> OpModels.logSumExp(x), x, OpModels_Grad.logSumExp(x).x());
      double[][] X = matrix(random, 3, 5);
      double[][] w2 = matrix(random, 3, 5);
      check("softmaxRows", () -> OpModels.softmaxRows(X, w2), X, OpModels_Grad.softmaxRows(X, w2).X());
      check("logSoftmaxRows", () -> OpModels.logSoftmaxRows(X, w2), X, OpModels_Grad.logSoftmaxRows(X, w2).X());
    }
  }

  @Test
  void gradientsOfLosses() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] z = vector(random, 5);
      int label = random.nextInt(5);
      check("crossEntropy", () -> OpModels.crossEntropy(z, label), z, OpModels_Grad.crossEntropy(z, label).logits());
      double[][] Z = matrix(random, 4, 5);
      int[] labels = {random.nextInt(5), random.nextInt(5), random.nextInt(5), random.nextInt(5)};
      check(
          "crossEntropyBatch",
          () -> OpModels.crossEntropyBatch(Z, labels),
          Z,
          OpModels_Grad.crossEntropyBatch(Z, labels).logits());
      double[] t = vector(random, 5);
      OpModels_Grad.SquaredError se = OpModels_Grad.squaredError(z, t);
      check("squaredError dy", () -> OpModels.squaredError(z, t), z, se.y());
      check("squaredError dtarget", () -> OpModels.squaredError(z, t), t, se.target());
    }
  }

  @Test
  void valuesOfTheSoftmaxFamilyAndLosses() {
    double[] x = {1, 2, 3};
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, Activations.softmax(x), 1e-15);
    assertEquals(Math.log(z), Activations.logSumExp(x), 1e-15);
    assertArrayEquals(new double[] {1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z)}, Activations.logSoftmax(x), 1e-15);
    assertEquals(Math.log(z) - 2, Losses.crossEntropy(x, 1), 1e-15);
    assertEquals(
        (Math.log(z) - 2 + Math.log(z) - 3) / 2, Losses.crossEntropyBatch(new double[][] {x, x}, new int[] {1, 2}), 1e-15);
    assertEquals(1 + 4, Losses.squaredError(new double[] {1, 2}, new double[] {2, 4}));
    assertEquals(0.5, Activations.sigmoid(new double[] {0})[0]);
    assertArrayEquals(new double[] {0, 0, 2}, Activations.relu(new double[] {-1, 0, 2}));
    assertEquals(Double.NEGATIVE_INFINITY, Activations.logSumExp(new double[0]));
  }

  /** Inputs of magnitude 1e3 and beyond: finite values, and gradients equal to the closed forms. */
  @Test
  void largeInputsStayFiniteAndCorrect() {
    double[] big = {1000, 1001, 999, -1000};
    double[] sm = Activations.softmax(big);
    assertFinite(sm);
    double z = 1 + Math.exp(1) + Math.exp(-1) + Math.exp(-2000);
    assertArrayEquals(new double[] {1 / z, Math.exp(1) / z, Math.exp(-1) / z, 0}, sm, 1e-15);
    assertEquals(1000 + Math.log(z), Activations.logSumExp(big), 1e-12);
    double[] ls = Activations.logSoftmax(big);
    assertFinite(ls);
    assertEquals(-2000 - Math.log(z), ls[3], 1e-12);
    // crossEntropy(big, 3) = lse - (-1000), ~2001; gradient softmax - onehot.
    assertEquals(2001 + Math.log(z) - 1, Losses.crossEntropy(big, 3), 1e-12);
    double[] g = OpModels_Grad.crossEntropy(big, 3).logits();
    assertArrayEquals(new double[] {sm[0], sm[1], sm[2], sm[3] - 1}, g, 1e-15);
    double[] dl = OpModels_Grad.logSumExp(big).x();
    assertArrayEquals(new double[] {2 * sm[0], 2 * sm[1], 2 * sm[2], 2 * sm[3]}, dl, 1e-15);
    // The sigmoid at +-1e3 and +-1e308: 1 and 0 exactly, gradient 0 and finite.
    double[] s = {1e3, -1e3, 1e308, -1e308, 745, -745, 36, -36};
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
    double[] y = Activations.sigmoid(s);
    assertFinite(y);
    assertEquals(1.0, y[0]);
    assertEquals(0.0, y[1]);
    assertEquals(1.0, y[2]);
    assertEquals(0.0, y[3]);
    double[] ds = OpModels_Grad.sigmoid(s, ones).x();
    assertFinite(ds);
    // sigmoid' = s (1 - s) from the result, as PyTorch computes it: relative accuracy where s is
    // small, absolute accuracy (one rounding of s, 2^-53) where s rounds towards 1.
    for (int i = 0; i < s.length; i++) {
      double e = Math.exp(-Math.abs(s[i]));
      double expected = e / ((1 + e) * (1 + e));
      double tolerance = s[i] <= 0 ? 1e-14 * expected : 0x1p-53;
      assertEquals(expected, ds[i], tolerance, "sigmoid'(" + s[i] + ")");
      assertTrue(ds[i] >= 0, "sigmoid'(" + s[i] + ") >= 0");
    }
    double[] dt = OpModels_Grad.tanh(s, ones).x();
    assertFinite(dt);
    // Batched: rows of magnitude 1e4.
    double[][] Z = {{1e4, -1e4, 0}, {-5e3, -5e3 + 1, -5e3}};
    double ce = Losses.crossEntropyBatch(Z, new int[] {1, 1});
    // Row 0: 1e4 - (-1e4); row 1: log(1 + 2/e).
    assertEquals((2e4 + Math.log(1 + 2 * Math.exp(-1))) / 2, ce, 1e-9);
    double[][] dZ = OpModels_Grad.crossEntropyBatch(Z, new int[] {1, 1}).logits();
    for (double[] row : dZ) {
      assertFinite(row);
    }
    assertEquals((1.0 - 0.0) / 2, dZ[0][0], 1e-15);
    assertEquals(-0.5, dZ[0][1], 1e-15);
    double[][] sr = Activations.softmaxRows(Z);
    assertFinite(sr[0]);
    assertFinite(sr[1]);
    assertFinite(Activations.logSoftmaxRows(Z)[0]);
  }

  @Test
  void badLabelsAndShapesAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(new double[3], 3));
    assertEquals("crossEntropy: label 3 is out of range for logits of length 3", e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Losses.crossEntropyBatch(new double[2][3], new int[] {0, 1, 2}));
    assertEquals("crossEntropyBatch: logits is 2x3 but labels has length 3", e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Losses.crossEntropyBatch(new double[2][3], new int[] {0, -1}));
    assertEquals("crossEntropyBatch: label -1 of row 1 is out of range for logits of length 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Losses.squaredError(new double[2], new double[3]));
    assertEquals("squaredError: a has length 2 but b has length 3", e.getMessage());
  }
}
