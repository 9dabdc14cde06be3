package io.github.chainrule.runtime.ops;

import static io.github.chainrule.runtime.ops.CentralDifferences.matrix;
import static io.github.chainrule.runtime.ops.CentralDifferences.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.Derivative;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written adjoints called as a generated backward sweep calls them: a null gradient
 * buffer means that argument needs no gradient. Each buffer that is given must get exactly what it
 * gets when every buffer is given, and a null one must be skipped (no exception).
 */
class NullGradientBuffersTest {

  private static final Class<?>[] OPS = {
    Linalg.class, Activations.class, Losses.class, Embeddings.class, Vectors.class, Matrices.class, Dropout.class
  };

  @Test
  void everyAdjointIsPublicSoThatCallersInAnyPackageCallItDirectly() {
    List<String> adjoints = new ArrayList<>();
    for (Class<?> op : OPS) {
      assertTrue(Modifier.isPublic(op.getModifiers()), op + " is not public");
      for (Method m : op.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Derivative.class)) {
          adjoints.add(op.getSimpleName() + "." + m.getName());
          assertTrue(Modifier.isPublic(m.getModifiers()), m + " is not public");
          assertTrue(Modifier.isStatic(m.getModifiers()), m + " is not static");
        }
      }
    }
    // Linalg 9, Activations 11, Losses 3, Embeddings 3, Matrices 1, Dropout 3.
    assertEquals(30, adjoints.size(), adjoints.toString());
  }

  static double[][] zeros(double[][] like) {
    double[][] z = new double[like.length][];
    for (int i = 0; i < like.length; i++) {
      z[i] = new double[like[i].length];
    }
    return z;
  }

  static void assertSame2(String what, double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 0.0, what + " row " + i);
    }
  }

  /** An adjoint of two matrix arguments: (A, B, G, dA, dB). */
  interface MatrixAdjoint {
    void apply(double[][] A, double[][] B, double[][] G, double[][] dA, double[][] dB);
  }

  private static void checkBothWays(String name, MatrixAdjoint adjoint, double[][] A, double[][] B, double[][] G) {
    double[][] dA = zeros(A);
    double[][] dB = zeros(B);
    adjoint.apply(A, B, G, dA, dB);
    double[][] onlyA = zeros(A);
    adjoint.apply(A, B, G, onlyA, null);
    assertSame2(name + " dA with dB null", dA, onlyA);
    double[][] onlyB = zeros(B);
    adjoint.apply(A, B, G, null, onlyB);
    assertSame2(name + " dB with dA null", dB, onlyB);
    adjoint.apply(A, B, G, null, null);
  }

  @Test
  void matrixProductsSkipTheProductOfANullBuffer() {
    Random random = new Random(51);
    double[][] A = matrix(random, 6, 9);
    double[][] B = matrix(random, 9, 5);
    checkBothWays("matmul", Linalg::matmulAdjoint, A, B, matrix(random, 6, 5));
    checkBothWays("matmulTN", Linalg::matmulTNAdjoint, matrix(random, 9, 6), B, matrix(random, 6, 5));
    checkBothWays("matmulNT", Linalg::matmulNTAdjoint, A, matrix(random, 5, 9), matrix(random, 6, 5));
  }

  @Test
  void matrixVectorProductsAffineAndLinearSkipNullBuffers() {
    Random random = new Random(52);
    double[][] W = matrix(random, 4, 7);
    double[] x = vector(random, 7);
    double[] u = vector(random, 4);
    double[] b = vector(random, 4);
    double[] g4 = vector(random, 4);
    double[] g7 = vector(random, 7);

    double[][] dW = zeros(W);
    double[] dx = new double[7];
    Linalg.matvecAdjoint(W, x, g4, dW, dx);
    double[][] dW1 = zeros(W);
    Linalg.matvecAdjoint(W, x, g4, dW1, null);
    assertSame2("matvec dA", dW, dW1);
    double[] dx1 = new double[7];
    Linalg.matvecAdjoint(W, x, g4, null, dx1);
    assertArrayEquals(dx, dx1, 0.0, "matvec dx");

    double[][] dWT = zeros(W);
    double[] du = new double[4];
    Linalg.matvecTAdjoint(W, u, g7, dWT, du);
    double[][] dWT1 = zeros(W);
    Linalg.matvecTAdjoint(W, u, g7, dWT1, null);
    assertSame2("matvecT dA", dWT, dWT1);
    double[] du1 = new double[4];
    Linalg.matvecTAdjoint(W, u, g7, null, du1);
    assertArrayEquals(du, du1, 0.0, "matvecT dx");

    double[][] aW = zeros(W);
    double[] ax = new double[7];
    double[] ab = new double[4];
    Linalg.affineAdjoint(W, x, b, g4, aW, ax, ab);
    double[][] aW1 = zeros(W);
    double[] ab1 = new double[4];
    Linalg.affineAdjoint(W, x, b, g4, aW1, null, ab1); // a layer on data
    assertSame2("affine dW", aW, aW1);
    assertArrayEquals(ab, ab1, 0.0, "affine db");
    double[] ax1 = new double[7];
    Linalg.affineAdjoint(W, x, b, g4, null, ax1, null); // frozen layer
    assertArrayEquals(ax, ax1, 0.0, "affine dx");

    double[][] X = matrix(random, 3, 7);
    double[][] G = matrix(random, 3, 4);
    double[][] lX = zeros(X);
    double[][] lW = zeros(W);
    double[] lb = new double[4];
    Linalg.linearAdjoint(X, W, b, G, lX, lW, lb);
    double[][] lW1 = zeros(W);
    double[] lb1 = new double[4];
    Linalg.linearAdjoint(X, W, b, G, null, lW1, lb1); // a batch of data
    assertSame2("linear dW", lW, lW1);
    assertArrayEquals(lb, lb1, 0.0, "linear db");
    double[][] lX1 = zeros(X);
    Linalg.linearAdjoint(X, W, b, G, lX1, null, null);
    assertSame2("linear dX", lX, lX1);
  }

  @Test
  void dotAndOuterSkipNullBuffers() {
    Random random = new Random(53);
    double[] a = vector(random, 6);
    double[] b = vector(random, 3);
    double[] c = vector(random, 6);
    double[] da = new double[6];
    double[] dc = new double[6];
    Linalg.dotAdjoint(a, c, 0.7, da, dc);
    double[] da1 = new double[6];
    Linalg.dotAdjoint(a, c, 0.7, da1, null);
    assertArrayEquals(da, da1, 0.0);
    double[] dc1 = new double[6];
    Linalg.dotAdjoint(a, c, 0.7, null, dc1);
    assertArrayEquals(dc, dc1, 0.0);

    double[][] G = matrix(random, 6, 3);
    double[] oa = new double[6];
    double[] ob = new double[3];
    Linalg.outerAdjoint(a, b, G, oa, ob);
    double[] oa1 = new double[6];
    Linalg.outerAdjoint(a, b, G, oa1, null);
    assertArrayEquals(oa, oa1, 0.0);
    double[] ob1 = new double[3];
    Linalg.outerAdjoint(a, b, G, null, ob1);
    assertArrayEquals(ob, ob1, 0.0);
  }

  @Test
  void singleBufferAdjointsDoNothingWithANullBuffer() {
    Random random = new Random(54);
    double[] x = vector(random, 5);
    double[] g = vector(random, 5);
    double[][] X = matrix(random, 3, 5);
    double[][] G = matrix(random, 3, 5);
    Activations.logSumExpAdjoint(x, 1.0, null);
    Activations.softmaxAdjoint(x, Activations.softmax(x), g, null);
    Activations.logSoftmaxAdjoint(x, Activations.logSoftmax(x), g, null);
    Activations.softmaxRowsAdjoint(X, Activations.softmaxRows(X), G, null);
    Activations.logSoftmaxRowsAdjoint(X, Activations.logSoftmaxRows(X), G, null);
    Activations.tanhAdjoint(x, Activations.tanh(x), g, null);
    Activations.sigmoidAdjoint(x, Activations.sigmoid(x), g, null);
    Activations.reluAdjoint(x, Activations.relu(x), g, null);
    Activations.tanhMatrixAdjoint(X, Activations.tanhMatrix(X), G, null);
    Activations.sigmoidMatrixAdjoint(X, Activations.sigmoidMatrix(X), G, null);
    Activations.reluMatrixAdjoint(X, Activations.reluMatrix(X), G, null);
    Dropout.applyAdjoint(x, g, g, null);
    Dropout.applyMatrixAdjoint(X, G, G, null);
    Dropout.applyKeptAdjoint(x, new boolean[5], 0.5, g, null);
    Losses.crossEntropyAdjoint(x, 2, 1.0, null);
    Losses.crossEntropyBatchAdjoint(X, new int[] {0, 4, 1}, 1.0, null);
    double[][] E = matrix(random, 6, 5);
    Embeddings.gatherAdjoint(E, new int[] {1, 3, 1}, G, null);
    Embeddings.windowAdjoint(E, new int[] {2, 0}, vector(random, 10), null);
  }
}
