package io.github.chainrule.runtime.optim;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SparseOptimizerTest {

  @Test
  void rowSetDeduplicatesInFirstSeenOrderAndClearsInConstantTime() {
    RowSet rows = new RowSet(100, 2);
    rows.addAll(new int[] {5, 7, 5, 99, 7, 0});
    assertThat(rows.size()).isEqualTo(4);
    assertThat(new int[] {rows.get(0), rows.get(1), rows.get(2), rows.get(3)})
        .asList()
        .containsExactly(5, 7, 99, 0)
        .inOrder();
    assertThat(rows.contains(99)).isTrue();
    assertThat(rows.contains(6)).isFalse();
    rows.clear();
    assertThat(rows.size()).isEqualTo(0);
    assertThat(rows.contains(5)).isFalse();
    assertThat(rows.add(5)).isTrue();
    assertThat(rows.add(5)).isFalse();
    assertThrows(IndexOutOfBoundsException.class, () -> rows.add(100));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.add(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.get(1));
  }

  @Test
  void zeroRowsClearsOnlyThoseRows() {
    double[][] g = {{1, 1}, {2, 2}, {3, 3}};
    RowSet rows = new RowSet(3);
    rows.add(2);
    rows.add(0);
    rows.zeroRows(g);
    assertThat(g[0]).usingExactEquality().containsExactly(0, 0);
    assertThat(g[1]).usingExactEquality().containsExactly(2, 2);
    assertThat(g[2]).usingExactEquality().containsExactly(0, 0);
    assertThrows(IllegalArgumentException.class, () -> rows.zeroRows(new double[4][2]));
  }

  @Test
  void untouchedRowsAndTheirMomentsStayPut() {
    double[][] emb = {{1, 2}, {3, 4}, {5, 6}};
    double[][] grad = new double[3][2];
    SparseAdam adam = SparseAdam.builder().learningRate(0.1).build(emb, grad);
    grad[1][0] = 0.5;
    grad[1][1] = -0.5;
    adam.step(new int[] {1, 1});
    assertThat(emb[0]).usingExactEquality().containsExactly(1, 2).inOrder();
    assertThat(emb[2]).usingExactEquality().containsExactly(5, 6).inOrder();
    // step 1 of Adam moves each touched element by lr against the gradient's sign (eps aside)
    assertThat(emb[1][0]).isWithin(1e-6).of(3 - 0.1);
    assertThat(emb[1][1]).isWithin(1e-6).of(4 + 0.1);
    assertThat(adam.stepCount()).isEqualTo(1);
  }

  @Test
  void duplicateRowsUpdateOnce() {
    double[][] a = {{1}, {2}};
    double[][] b = {{1}, {2}};
    double[][] g = {{0.5}, {0}};
    SparseSgd once = new SparseSgd(a, g, 0.1);
    SparseSgd dupes = new SparseSgd(b, g, 0.1);
    once.step(new int[] {0});
    dupes.step(new int[] {0, 0, 0}, 0, 3);
    assertThat(a[0][0]).isEqualTo(b[0][0]);
    assertThat(a[0][0]).isEqualTo(1 - 0.1 * 0.5);
  }

  @Test
  void mismatchedShapesAndRowSetsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparseAdam.builder().build(new double[3][2], new double[3][3]));
    assertThat(e).hasMessageThat().contains("double[3][2]");
    assertThat(e).hasMessageThat().contains("double[3][3]");
    SparseSgd sgd = new SparseSgd(new double[3][2], new double[3][2], 0.1);
    assertThrows(IllegalArgumentException.class, () -> sgd.step(new RowSet(4)));
    assertThrows(IndexOutOfBoundsException.class, () -> sgd.step(new int[] {3}));
  }
}
