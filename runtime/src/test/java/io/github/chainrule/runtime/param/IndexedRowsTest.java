package io.github.chainrule.runtime.param;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.runtime.ops.CentralDifferences;
import io.github.chainrule.runtime.optim.SparseAdam;
import io.github.chainrule.runtime.optim.SparseSgd;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexedRowsTest {

  @Test
  void positionsAreFirstSeenOrderAndRowsAreTheTablesOwn() {
    double[][] E = table(new Random(1), 10, 3);
    IndexedRows rows = new IndexedRows(E, 4);
    assertThat(rows.localize(new int[] {7, 2, 7, 9})).asList().containsExactly(0, 1, 0, 2).inOrder();
    assertThat(rows.size()).isEqualTo(3);
    assertThat(rows.row(0)).isEqualTo(7);
    assertThat(rows.row(2)).isEqualTo(9);
    assertThat(rows.rows()[0]).isSameInstanceAs(E[7]);
    assertThat(rows.rows()[1]).isSameInstanceAs(E[2]);
    // the unused position holds a zero row of its own
    assertThat(rows.rows()[3]).usingExactEquality().containsExactly(0.0, 0.0, 0.0);
    assertThat(rows.rows()).hasLength(4);
    rows.clear();
    assertThat(rows.size()).isEqualTo(0);
    assertThat(rows.rows()[0]).isNotSameInstanceAs(E[7]);
    assertThat(rows.localize(new int[] {9})).asList().containsExactly(0);
  }

  @Test
  void theIndexAgreesWithAHashMapUnderCollisions() {
    Random random = new Random(2);
    double[][] E = table(random, 100_000, 1);
    IndexedRows rows = new IndexedRows(E, 500);
    for (int round = 0; round < 50; round++) {
      rows.clear();
      Map<Integer, Integer> expected = new HashMap<>();
      int n = random.nextInt(500);
      while (expected.size() < n) {
        // multiples of a power of two collide in weak hashes
        int id = random.nextBoolean() ? random.nextInt(100_000) : 1024 * random.nextInt(97);
        int u = rows.add(id);
        Integer was = expected.putIfAbsent(id, expected.size());
        assertThat(u).isEqualTo(was == null ? expected.size() - 1 : was);
      }
      for (Map.Entry<Integer, Integer> e : expected.entrySet()) {
        assertThat(rows.add(e.getKey())).isEqualTo(e.getValue());
        assertThat(rows.row(e.getValue())).isEqualTo(e.getKey());
      }
      assertThat(rows.size()).isEqualTo(n);
    }
  }

  @Test
  void refusals() {
    double[][] E = table(new Random(3), 5, 2);
    IndexedRows rows = new IndexedRows(E, 2);
    rows.add(0);
    rows.add(1);
    assertThat(rows.add(1)).isEqualTo(1);
    IllegalStateException full = assertThrows(IllegalStateException.class, () -> rows.add(2));
    assertThat(full).hasMessageThat().contains("more than 2 distinct rows");
    assertThrows(IndexOutOfBoundsException.class, () -> rows.add(5));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.add(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.row(2));
    assertThrows(IllegalArgumentException.class, () -> new IndexedRows(new double[][] {{1, 2}, {3}}, 2));
    assertThrows(IllegalArgumentException.class, () -> rows.zeroGradient(new double[3][2]));
  }

  /** The compact gradient, scattered back, is the dense gradient bit for bit (same summation order). */
  @Test
  void sparseGradientIsTheDenseGradientToTheLastBit() {
    Random random = new Random(4);
    WindowModels.Params p = params(random, 50, 4, 6, 3);
    int[][] windows = {{3, 7, 3, 0, 49}, {7, 7, 12, 3, 5}, {1, 2, 3, 4, 5}};
    int[] labels = {0, 2, 1};

    WindowModels_Grad.Batch dense = WindowModels_Grad.batch(p, windows, labels);

    IndexedRows rows = new IndexedRows(p.E(), 15);
    int[][] local = rows.localize(windows);
    WindowModels.Params compact = new WindowModels.Params(rows.rows(), p.W(), p.b(), p.U(), p.c());
    WindowModels_Grad.Batch sparse = WindowModels_Grad.batch(compact, local, labels);
    assertThat(sparse.p().E()).hasLength(15);
    assertThat(sparse.value()).isEqualTo(dense.value());

    double[][] scattered = new double[50][4];
    rows.scatterInto(sparse.p().E(), scattered);
    for (int r = 0; r < 50; r++) {
      assertThat(scattered[r]).usingExactEquality().containsExactly(dense.p().E()[r]).inOrder();
    }
    for (int i = 0; i < p.W().length; i++) {
      assertThat(sparse.p().W()[i]).usingExactEquality().containsExactly(dense.p().W()[i]).inOrder();
    }
    assertThat(sparse.p().c()).usingExactEquality().containsExactly(dense.p().c()).inOrder();

    // The same holds per window, through the per-example loss.
    rows.clear();
    int[] one = rows.localize(windows[1]);
    WindowModels_Grad.Window perWindow = WindowModels_Grad.window(compact, one, 2);
    WindowModels_Grad.Window denseWindow = WindowModels_Grad.window(p, windows[1], 2);
    double[][] back = new double[50][4];
    rows.scatterInto(perWindow.p().E(), back);
    for (int r = 0; r < 50; r++) {
      assertThat(back[r]).usingExactEquality().containsExactly(denseWindow.p().E()[r]).inOrder();
    }
  }

  /** A repeated id accumulates every contribution: checked against central differences of E's rows. */
  @Test
  void repeatedIdsAccumulateEveryContribution() {
    Random random = new Random(5);
    WindowModels.Params p = params(random, 20, 3, 5, 4);
    int[][] windows = {{4, 4, 4, 9, 4}, {9, 4, 0, 0, 1}};
    int[] labels = {3, 1};
    IndexedRows rows = new IndexedRows(p.E(), 10);
    int[][] local = rows.localize(windows);
    WindowModels.Params compact = new WindowModels.Params(rows.rows(), p.W(), p.b(), p.U(), p.c());
    double[][] g = WindowModels_Grad.batch(compact, local, labels).p().E();
    for (int u = 0; u < rows.size(); u++) {
      int row = rows.row(u);
      CentralDifferences.check(
          "dE[" + row + "]", () -> WindowModels.batch(p, windows, labels), p.E()[row], g[u]);
    }
    // row 4 is read 6 times: its gradient is not one window's
    double[] single = WindowModels_Grad.batch(p, new int[][] {windows[0]}, new int[] {3}).p().E()[4];
    assertThat(g[rows.add(4)]).isNotEqualTo(single);
  }

  /** The optimizers read and write only the rows of the batch: the others are not even there. */
  @Test
  void sparseOptimizersNeverTouchOtherRows() {
    Random random = new Random(6);
    WindowModels.Params p = params(random, 30, 3, 5, 2);
    int[][] windows = {{1, 2, 3, 2, 1}, {28, 1, 0, 5, 5}};
    int[] labels = {0, 1};
    IndexedRows rows = new IndexedRows(p.E(), 10);
    int[][] local = rows.localize(windows);
    WindowModels.Params compact = new WindowModels.Params(rows.rows(), p.W(), p.b(), p.U(), p.c());
    WindowModels_Grad.Batch holder = WindowModels_Grad.batch(compact, local, labels);
    double[][] expected = new double[30][];
    for (int u = 0; u < rows.size(); u++) {
      int r = rows.row(u);
      expected[r] = p.E()[r].clone();
      for (int j = 0; j < 3; j++) {
        expected[r][j] -= 0.5 * holder.p().E()[u][j];
      }
    }
    // Every row the batch did not read is removed: reading or writing one would throw.
    for (int r = 0; r < 30; r++) {
      if (expected[r] == null) {
        p.E()[r] = null;
      }
    }
    new SparseSgd(p.E(), 0.5).step(rows, holder.p().E());
    SparseAdam adam = SparseAdam.builder().learningRate(0.1).build(p.E());
    adam.step(rows, holder.p().E());
    adam.step(rows, holder.p().E());
    assertThat(adam.stepCount()).isEqualTo(2);
    for (int r = 0; r < 30; r++) {
      if (expected[r] == null) {
        assertThat(p.E()[r]).isNull();
      }
    }
    // SGD's step is theta -= lr * g exactly; Adam moved each touched row further.
    rows.zeroGradient(holder.p().E());
    for (int u = 0; u < rows.size(); u++) {
      assertThat(holder.p().E()[u]).usingExactEquality().containsExactly(0.0, 0.0, 0.0);
    }
    IndexedRows other = new IndexedRows(table(random, 30, 3), 10);
    assertThrows(IllegalArgumentException.class, () -> adam.step(other, holder.p().E()));
  }

  @Test
  void sgdStepIsThetaMinusLearningRateTimesTheRowGradient() {
    double[][] E = {{1, 2}, {3, 4}, {5, 6}};
    IndexedRows rows = new IndexedRows(E, 2);
    rows.localize(new int[] {2, 0});
    double[][] g = {{0.5, -1}, {2, 4}};
    new SparseSgd(E, 0.1).step(rows, g);
    assertThat(E[2]).usingExactEquality().containsExactly(5 - 0.1 * 0.5, 6 + 0.1).inOrder();
    assertThat(E[0]).usingExactEquality().containsExactly(1 - 0.1 * 2, 2 - 0.1 * 4).inOrder();
    assertThat(E[1]).usingExactEquality().containsExactly(3.0, 4.0).inOrder();
  }

  static WindowModels.Params params(Random random, int vocab, int d, int hidden, int classes) {
    return new WindowModels.Params(
        table(random, vocab, d),
        table(random, hidden, 5 * d),
        table(random, 1, hidden)[0],
        table(random, classes, hidden),
        table(random, 1, classes)[0]);
  }

  static double[][] table(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = 0.5 * random.nextGaussian();
      }
    }
    return m;
  }
}
