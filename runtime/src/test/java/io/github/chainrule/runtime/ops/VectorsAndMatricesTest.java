package io.github.chainrule.runtime.ops;

import static io.github.chainrule.runtime.ops.CentralDifferences.check;
import static io.github.chainrule.runtime.ops.CentralDifferences.checkScalar;
import static io.github.chainrule.runtime.ops.CentralDifferences.matrix;
import static io.github.chainrule.runtime.ops.CentralDifferences.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsAndMatricesTest {

  static final long[] SEEDS = {11, 12, 13};

  @Test
  void values() {
    double[] a = {1, 2, 3};
    double[] b = {4, -5, 6};
    assertArrayEquals(new double[] {5, -3, 9}, Vectors.add(a, b));
    assertArrayEquals(new double[] {-3, 7, -3}, Vectors.subtract(a, b));
    assertArrayEquals(new double[] {2, 4, 6}, Vectors.scale(a, 2));
    assertArrayEquals(new double[] {4, -10, 18}, Vectors.hadamard(a, b));
    assertEquals(6, Vectors.sum(a));
    assertEquals(2, Vectors.mean(a));
    assertArrayEquals(new double[] {1, 2, 3, 4, -5, 6}, Vectors.concat(a, b));
    assertArrayEquals(new double[] {2, 3}, Vectors.slice(a, 1, 3));
    assertArrayEquals(new double[] {}, Vectors.slice(a, 3, 3));
    double[][] A = {{1, 2}, {3, 4}};
    double[][] B = {{5, 6}, {7, 8}};
    assertArrayEquals(new double[] {10, 12}, Matrices.add(A, B)[1]);
    assertArrayEquals(new double[] {-4, -4}, Matrices.subtract(A, B)[1]);
    assertArrayEquals(new double[] {6, 8}, Matrices.scale(A, 2)[1]);
    assertArrayEquals(new double[] {21, 32}, Matrices.hadamard(A, B)[1]);
    assertEquals(10, Matrices.sum(A));
    assertEquals(2.5, Matrices.mean(A));
    assertArrayEquals(new double[] {13, 24}, Matrices.addRowVector(A, new double[] {10, 20})[1]);
  }

  @Test
  void gradientsOfVectorOps() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[] a = vector(random, 5);
      double[] b = vector(random, 5);
      double[] w = vector(random, 5);
      double c = random.nextGaussian();
      OpModels_Grad.Add add = OpModels_Grad.add(a, b, w);
      check("add da", () -> OpModels.add(a, b, w), a, add.a());
      check("add db", () -> OpModels.add(a, b, w), b, add.b());
      OpModels_Grad.Subtract sub = OpModels_Grad.subtract(a, b, w);
      check("subtract da", () -> OpModels.subtract(a, b, w), a, sub.a());
      check("subtract db", () -> OpModels.subtract(a, b, w), b, sub.b());
      OpModels_Grad.Scale sc = OpModels_Grad.scale(a, c, w);
      check("scale dx", () -> OpModels.scale(a, c, w), a, sc.x());
      checkScalar("scale dc", cc -> OpModels.scale(a, cc, w), c, sc.c());
      OpModels_Grad.Hadamard h = OpModels_Grad.hadamard(a, b, w);
      check("hadamard da", () -> OpModels.hadamard(a, b, w), a, h.a());
      check("hadamard db", () -> OpModels.hadamard(a, b, w), b, h.b());
      check("sum", () -> OpModels.sum(a), a, OpModels_Grad.sum(a).x());
      check("mean", () -> OpModels.mean(a), a, OpModels_Grad.mean(a).x());
      double[] d = vector(random, 3);
      double[] w8 = vector(random, 8);
      OpModels_Grad.Concat cat = OpModels_Grad.concat(a, d, w8);
      check("concat da", () -> OpModels.concat(a, d, w8), a, cat.a());
      check("concat db", () -> OpModels.concat(a, d, w8), d, cat.b());
      double[] w2 = vector(random, 2);
      check("slice", () -> OpModels.slice(a, 2, 4, w2), a, OpModels_Grad.slice(a, 2, 4, w2).x());
    }
  }

  @Test
  void gradientsOfMatrixOps() {
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      double[][] A = matrix(random, 3, 4);
      double[][] B = matrix(random, 3, 4);
      double[][] w = matrix(random, 3, 4);
      double c = random.nextGaussian();
      OpModels_Grad.MatrixAdd add = OpModels_Grad.matrixAdd(A, B, w);
      check("Matrices.add dA", () -> OpModels.matrixAdd(A, B, w), A, add.A());
      check("Matrices.add dB", () -> OpModels.matrixAdd(A, B, w), B, add.B());
      OpModels_Grad.MatrixSubtract sub = OpModels_Grad.matrixSubtract(A, B, w);
      check("Matrices.subtract dA", () -> OpModels.matrixSubtract(A, B, w), A, sub.A());
      check("Matrices.subtract dB", () -> OpModels.matrixSubtract(A, B, w), B, sub.B());
      OpModels_Grad.MatrixScale sc = OpModels_Grad.matrixScale(A, c, w);
      check("Matrices.scale dA", () -> OpModels.matrixScale(A, c, w), A, sc.A());
      checkScalar("Matrices.scale dc", cc -> OpModels.matrixScale(A, cc, w), c, sc.c());
      OpModels_Grad.MatrixHadamard h = OpModels_Grad.matrixHadamard(A, B, w);
      check("Matrices.hadamard dA", () -> OpModels.matrixHadamard(A, B, w), A, h.A());
      check("Matrices.hadamard dB", () -> OpModels.matrixHadamard(A, B, w), B, h.B());
      check("Matrices.sum", () -> OpModels.matrixSum(A), A, OpModels_Grad.matrixSum(A).A());
      check("Matrices.mean", () -> OpModels.matrixMean(A), A, OpModels_Grad.matrixMean(A).A());
      double[] b = vector(random, 4);
      OpModels_Grad.AddRowVector ar = OpModels_Grad.addRowVector(A, b, w);
      check("addRowVector dA", () -> OpModels.addRowVector(A, b, w), A, ar.A());
      check("addRowVector db", () -> OpModels.addRowVector(A, b, w), b, ar.b());
    }
  }

  @Test
  void shapeMismatchesNameBothShapes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Vectors.add(new double[2], new double[3]));
    assertEquals("add: a has length 2 but b has length 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Vectors.subtract(new double[2], new double[3]));
    assertEquals("subtract: a has length 2 but b has length 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Vectors.hadamard(new double[2], new double[3]));
    assertEquals("hadamard: a has length 2 but b has length 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Vectors.slice(new double[2], 1, 3));
    assertEquals("slice: cannot take [1, 3) of a vector of length 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Matrices.add(new double[2][3], new double[3][2]));
    assertEquals("Matrices.add: A is 2x3 but B is 3x2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Matrices.hadamard(new double[2][3], new double[2][2]));
    assertEquals("Matrices.hadamard: A is 2x3 but B is 2x2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Matrices.addRowVector(new double[2][3], new double[2]));
    assertEquals("addRowVector: A is 2x3 but b has length 2", e.getMessage());
    // Through the companions of a user's method: the op's check fires in the forward sweep.
    e = assertThrows(
        IllegalArgumentException.class, () -> OpModels_Grad.add(new double[2], new double[3], new double[2]));
    assertEquals("add: a has length 2 but b has length 3", e.getMessage());
  }
}
