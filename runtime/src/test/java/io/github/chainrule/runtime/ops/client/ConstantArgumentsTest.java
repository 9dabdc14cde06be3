package io.github.chainrule.runtime.ops.client;

import static io.github.chainrule.runtime.ops.CentralDifferences.check;
import static io.github.chainrule.runtime.ops.CentralDifferences.checkScalar;
import static io.github.chainrule.runtime.ops.CentralDifferences.matrix;
import static io.github.chainrule.runtime.ops.CentralDifferences.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Ops called from a user's model in another package with one argument constant: the gradients of
 * the active arguments agree with central differences, and the companion calls the ops' public
 * adjoints directly with a null buffer for the constant argument.
 */
class ConstantArgumentsTest {

  static final long[] SEEDS = {41, 42, 43};

  @Test
  void matrixProductsWithAConstantOperand() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] X = matrix(random, 6, 9);
      double[][] W = matrix(random, 9, 5);
      double[][] w = matrix(random, 6, 5);

      var left = ConstantArgumentModels_Grad.matmulConstantLeft(X, W, w);
      assertEquals(ConstantArgumentModels.matmulConstantLeft(X, W, w), left.value(), 1e-12);
      check("matmul(X const) dW", () -> ConstantArgumentModels.matmulConstantLeft(X, W, w), W, left.W());
      var right = ConstantArgumentModels_Grad.matmulConstantRight(X, W, w);
      check("matmul(B const) dA", () -> ConstantArgumentModels.matmulConstantRight(X, W, w), X, right.A());
      var local = ConstantArgumentModels_Grad.matmulConstantLocal(X, W, w);
      assertEquals(ConstantArgumentModels.matmulConstantLocal(X, W, w), local.value(), 1e-12);
      check("matmul(local const) dW", () -> ConstantArgumentModels.matmulConstantLocal(X, W, w), W, local.W());

      double[][] At = matrix(random, 9, 6);
      var tnLeft = ConstantArgumentModels_Grad.matmulTNConstantLeft(At, W, w);
      check("matmulTN(A const) dB", () -> ConstantArgumentModels.matmulTNConstantLeft(At, W, w), W, tnLeft.B());
      var tnRight = ConstantArgumentModels_Grad.matmulTNConstantRight(At, W, w);
      check("matmulTN(B const) dA", () -> ConstantArgumentModels.matmulTNConstantRight(At, W, w), At, tnRight.A());

      double[][] Wt = matrix(random, 5, 9);
      var ntLeft = ConstantArgumentModels_Grad.matmulNTConstantLeft(X, Wt, w);
      check("matmulNT(A const) dB", () -> ConstantArgumentModels.matmulNTConstantLeft(X, Wt, w), Wt, ntLeft.B());
      var ntRight = ConstantArgumentModels_Grad.matmulNTConstantRight(X, Wt, w);
      check("matmulNT(B const) dA", () -> ConstantArgumentModels.matmulNTConstantRight(X, Wt, w), X, ntRight.A());
    }
  }

  @Test
  void matrixVectorProductsWithAConstantOperand() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] A = matrix(random, 4, 7);
      double[] x = vector(random, 7);
      double[] u = vector(random, 4);
      double[] b = vector(random, 4);
      double[] w4 = vector(random, 4);
      double[] w7 = vector(random, 7);

      var mvA = ConstantArgumentModels_Grad.matvecConstantMatrix(A, x, w4);
      check("matvec(A const) dx", () -> ConstantArgumentModels.matvecConstantMatrix(A, x, w4), x, mvA.x());
      var mvX = ConstantArgumentModels_Grad.matvecConstantVector(A, x, w4);
      check("matvec(x const) dA", () -> ConstantArgumentModels.matvecConstantVector(A, x, w4), A, mvX.A());
      var mtA = ConstantArgumentModels_Grad.matvecTConstantMatrix(A, u, w7);
      check("matvecT(A const) dx", () -> ConstantArgumentModels.matvecTConstantMatrix(A, u, w7), u, mtA.x());
      var mtX = ConstantArgumentModels_Grad.matvecTConstantVector(A, u, w7);
      check("matvecT(x const) dA", () -> ConstantArgumentModels.matvecTConstantVector(A, u, w7), A, mtX.A());

      var afX = ConstantArgumentModels_Grad.affineConstantInput(A, x, b, w4);
      assertEquals(ConstantArgumentModels.affineConstantInput(A, x, b, w4), afX.value(), 1e-12);
      check("affine(x const) dW", () -> ConstantArgumentModels.affineConstantInput(A, x, b, w4), A, afX.W());
      check("affine(x const) db", () -> ConstantArgumentModels.affineConstantInput(A, x, b, w4), b, afX.b());
      var afW = ConstantArgumentModels_Grad.affineConstantWeights(A, x, b, w4);
      check("affine(W, b const) dx", () -> ConstantArgumentModels.affineConstantWeights(A, x, b, w4), x, afW.x());

      double[][] X = matrix(random, 3, 7);
      double[][] w34 = matrix(random, 3, 4);
      var liX = ConstantArgumentModels_Grad.linearConstantBatch(X, A, b, w34);
      check("linear(X const) dW", () -> ConstantArgumentModels.linearConstantBatch(X, A, b, w34), A, liX.W());
      check("linear(X const) db", () -> ConstantArgumentModels.linearConstantBatch(X, A, b, w34), b, liX.b());
      var liW = ConstantArgumentModels_Grad.linearConstantWeights(X, A, b, w34);
      check("linear(W const) dX", () -> ConstantArgumentModels.linearConstantWeights(X, A, b, w34), X, liW.X());
      check("linear(W const) db", () -> ConstantArgumentModels.linearConstantWeights(X, A, b, w34), b, liW.b());
    }
  }

  @Test
  void dotAndOuterWithAConstantOperand() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] a = vector(random, 6);
      double[] b = vector(random, 6);
      double[] c = vector(random, 3);
      var d = ConstantArgumentModels_Grad.dotConstantLeft(a, b);
      check("dot(a const) db", () -> ConstantArgumentModels.dotConstantLeft(a, b), b, d.b());
      double[][] w = matrix(random, 6, 3);
      var oa = ConstantArgumentModels_Grad.outerConstantLeft(a, c, w);
      check("outer(a const) db", () -> ConstantArgumentModels.outerConstantLeft(a, c, w), c, oa.b());
      var ob = ConstantArgumentModels_Grad.outerConstantRight(a, c, w);
      check("outer(b const) da", () -> ConstantArgumentModels.outerConstantRight(a, c, w), a, ob.a());
    }
  }

  @Test
  void activationsAndLossesWithConstantInputs() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] z = vector(random, 5);
      double[] x = vector(random, 5);
      var sm = ConstantArgumentModels_Grad.softmaxOfConstant(z, x);
      assertEquals(ConstantArgumentModels.softmaxOfConstant(z, x), sm.value(), 1e-12);
      check("softmax(const) . logSoftmax(x) dx", () -> ConstantArgumentModels.softmaxOfConstant(z, x), x, sm.x());

      double[][] Z = matrix(random, 3, 4);
      double[][] X = matrix(random, 3, 4);
      double[][] w = matrix(random, 3, 4);
      var rows = ConstantArgumentModels_Grad.softmaxRowsOfConstant(Z, X, w);
      check("softmaxRows(const) dX", () -> ConstantArgumentModels.softmaxRowsOfConstant(Z, X, w), X, rows.X());

      double[][] data = matrix(random, 5, 7);
      double[][] W = matrix(random, 3, 7);
      double[] b = vector(random, 3);
      int[] labels = {0, 2, 1, 2, 0};
      var ce = ConstantArgumentModels_Grad.crossEntropyOnData(data, W, b, labels);
      assertEquals(ConstantArgumentModels.crossEntropyOnData(data, W, b, labels), ce.value(), 1e-12);
      check("crossEntropyBatch(X const) dW", () -> ConstantArgumentModels.crossEntropyOnData(data, W, b, labels), W, ce.W());
      check("crossEntropyBatch(X const) db", () -> ConstantArgumentModels.crossEntropyOnData(data, W, b, labels), b, ce.b());

      double[] input = vector(random, 7);
      var one = ConstantArgumentModels_Grad.crossEntropyOfExample(W, input, b, 1);
      check("crossEntropy(x const) dW", () -> ConstantArgumentModels.crossEntropyOfExample(W, input, b, 1), W, one.W());
      check("crossEntropy(x const) db", () -> ConstantArgumentModels.crossEntropyOfExample(W, input, b, 1), b, one.b());

      double[] target = vector(random, 5);
      var se = ConstantArgumentModels_Grad.squaredErrorToTarget(x, target);
      check("squaredError(target const) dy", () -> ConstantArgumentModels.squaredErrorToTarget(x, target), x, se.y());
    }
  }

  @Test
  void frozenEmbeddingsAndDropoutOnData() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] E = matrix(random, 6, 3);
      int[] ids = {4, 1, 4};
      double[][] W = matrix(random, 3, 9);
      double[][] W2 = matrix(random, 3, 9);
      double[] b = vector(random, 3);
      double[] w = vector(random, 3);
      // The window of 3 ids is 9 long (W x + b); the gathered rows are 3x3 (times W, 3x9).
      var fe = ConstantArgumentModels_Grad.frozenEmbeddings(E, ids, W, b, w);
      assertEquals(ConstantArgumentModels.frozenEmbeddings(E, ids, W, b, w), fe.value(), 1e-12);
      check("frozen embeddings dW", () -> ConstantArgumentModels.frozenEmbeddings(E, ids, W, b, w), W, fe.W());
      check("frozen embeddings db", () -> ConstantArgumentModels.frozenEmbeddings(E, ids, W, b, w), b, fe.b());

      double[] x = vector(random, 9);
      double[] mask = io.github.chainrule.runtime.ops.Dropout.mask(3, 0.5, seed);
      double[][] M = io.github.chainrule.runtime.ops.Dropout.maskMatrix(3, 9, 0.5, seed + 1);
      var dr = ConstantArgumentModels_Grad.dropoutOnData(W2, x, mask, M, w);
      check("dropout on data dW", () -> ConstantArgumentModels.dropoutOnData(W2, x, mask, M, w), W2, dr.W());
    }
  }

  @Test
  void vectorAndMatrixOpsWithConstants() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] a = vector(random, 4);
      double[] c = vector(random, 4);
      double[] w = vector(random, 4);
      double s = random.nextGaussian();
      var v = ConstantArgumentModels_Grad.vectorsWithConstant(a, c, s, w);
      assertEquals(ConstantArgumentModels.vectorsWithConstant(a, c, s, w), v.value(), 1e-12);
      check("vectors da", () -> ConstantArgumentModels.vectorsWithConstant(a, c, s, w), a, v.a());
      checkScalar("vectors ds", t -> ConstantArgumentModels.vectorsWithConstant(a, c, t, w), s, v.s());

      double[][] A = matrix(random, 3, 4);
      double[][] C = matrix(random, 3, 4);
      double[] b = vector(random, 4);
      double[][] w2 = matrix(random, 3, 4);
      var m = ConstantArgumentModels_Grad.matricesWithConstant(A, C, c, b, s, w2);
      assertEquals(ConstantArgumentModels.matricesWithConstant(A, C, c, b, s, w2), m.value(), 1e-12);
      check("matrices dA", () -> ConstantArgumentModels.matricesWithConstant(A, C, c, b, s, w2), A, m.A());
      check("matrices db", () -> ConstantArgumentModels.matricesWithConstant(A, C, c, b, s, w2), b, m.b());
      checkScalar("matrices ds", t -> ConstantArgumentModels.matricesWithConstant(A, C, c, b, t, w2), s, m.s());
    }
  }

  /**
   * The companion of the models above, as the processor wrote it: every Linalg op is reversed by a
   * direct call of its public adjoint with null in the constant argument's slot, never through
   * {@code Linalg_Grad}.
   */
  @Test
  void theCompanionCallsThePublicAdjointsDirectlyWithNullForConstants() throws IOException {
    Path file =
        Path.of(
            System.getProperty("basedir", "."),
            "target/generated-test-sources/test-annotations/io/github/chainrule/runtime/ops/client",
            "ConstantArgumentModels_Grad.java");
    assertTrue(Files.isRegularFile(file), "generated companion not found at " + file.toAbsolutePath());
    String source = Files.readString(file);
    String g = "\\w+"; // the upstream gradient, named by the processor
    String[] calls = {
      "Linalg\\.matmulAdjoint\\(X, W, " + g + ", null, dW\\)",
      "Linalg\\.matmulAdjoint\\(A, B, " + g + ", dA, null\\)",
      "Linalg\\.matmulAdjoint\\(X2, W, " + g + ", null, dW\\)",
      "Linalg\\.matmulTNAdjoint\\(A, B, " + g + ", null, dB\\)",
      "Linalg\\.matmulTNAdjoint\\(A, B, " + g + ", dA, null\\)",
      "Linalg\\.matmulNTAdjoint\\(A, B, " + g + ", null, dB\\)",
      "Linalg\\.matmulNTAdjoint\\(A, B, " + g + ", dA, null\\)",
      "Linalg\\.matvecAdjoint\\(A, x, " + g + ", null, dx\\)",
      "Linalg\\.matvecAdjoint\\(A, x, " + g + ", dA, null\\)",
      "Linalg\\.matvecTAdjoint\\(A, x, " + g + ", null, dx\\)",
      "Linalg\\.matvecTAdjoint\\(A, x, " + g + ", dA, null\\)",
      "Linalg\\.affineAdjoint\\(W, x, b, " + g + ", dW, null, db\\)",
      "Linalg\\.affineAdjoint\\(W, x, b, " + g + ", null, dx, null\\)",
      "Linalg\\.linearAdjoint\\(X, W, b, " + g + ", null, dW, db\\)",
      "Linalg\\.linearAdjoint\\(X, W, b, " + g + ", dX, null, db\\)",
      "Linalg\\.dotAdjoint\\(a, b, " + g + ", null, db\\)",
      "Linalg\\.outerAdjoint\\(a, b, " + g + ", null, db\\)",
      "Linalg\\.outerAdjoint\\(a, b, " + g + ", da, null\\)",
      "Activations\\.logSoftmaxAdjoint\\(x, " + g + ", " + g + ", dx\\)",
      "Activations\\.logSoftmaxRowsAdjoint\\(X, " + g + ", " + g + ", dX\\)",
      "Losses\\.crossEntropyBatchAdjoint\\(logits, labels, " + g + ", " + g + "\\)",
      "Losses\\.crossEntropyAdjoint\\(logits, label, " + g + ", " + g + "\\)",
    };
    for (String call : calls) {
      assertTrue(Pattern.compile(call).matcher(source).find(), "no call matching " + call + " in " + file);
    }
    // No second forward evaluation through the ops' companions, and the constant-only calls
    // (softmax of constant logits, frozen embeddings) are not reversed at all.
    for (String absent : new String[] {
      "Linalg_Grad", "Embeddings_Grad", "Embeddings.gatherAdjoint", "Embeddings.windowAdjoint",
      "Activations.softmaxAdjoint", "Activations.softmaxRowsAdjoint", "Activations_Grad", "Losses_Grad.crossEntropy"
    }) {
      assertFalse(source.contains(absent), absent + " appears in " + file);
    }
  }
}
