package io.github.chainrule.runtime.optim;

import java.util.Arrays;

/**
 * The set of rows of an embedding matrix that a batch touched, without duplicates, in first-seen
 * order; reused from batch to batch.
 *
 * <p>Adding is O(1) and allocation-free in the steady state: membership is a stamp per row (an
 * {@code int[rowCount]} allocated once) compared with the current generation, so {@link #clear()}
 * is O(1) too, and the list of distinct rows is a buffer that grows (by doubling) only when a batch
 * touches more distinct rows than any batch before it.
 *
 * <pre>{@code
 * RowSet touched = new RowSet(vocabularySize);
 * // per batch:
 * touched.clear();
 * touched.addAll(wordIds);        // duplicates are fine
 * sparseAdam.step(touched);       // O(touched.size() * dim)
 * touched.zeroRows(embeddingGrad);
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class RowSet {

  private final int rowCount;
  private final int[] stamp;
  private int generation = 1;
  private int[] rows;
  private int size;

  /** An empty set over rows {@code 0 .. rowCount-1}. */
  public RowSet(int rowCount) {
    this(rowCount, 64);
  }

  /** An empty set with room for {@code capacity} distinct rows before its buffer grows. */
  public RowSet(int rowCount, int capacity) {
    if (rowCount < 0 || capacity < 0) {
      throw new IllegalArgumentException(
          "row count and capacity must be >= 0, got " + rowCount + " and " + capacity);
    }
    this.rowCount = rowCount;
    this.stamp = new int[rowCount];
    this.rows = new int[Math.max(1, Math.min(capacity, Math.max(rowCount, 1)))];
  }

  /** Removes every row, in O(1). */
  public void clear() {
    size = 0;
    generation++;
    if (generation == 0) { // wrapped after 2^32 clears: old stamps could collide
      Arrays.fill(stamp, 0);
      generation = 1;
    }
  }

  /**
   * Adds {@code row}; a row already present is ignored.
   *
   * @return whether the row was new
   * @throws IndexOutOfBoundsException if {@code row} is outside {@code 0 .. rowCount-1}
   */
  public boolean add(int row) {
    if (row < 0 || row >= rowCount) {
      throw new IndexOutOfBoundsException(
          "row " + row + " is outside a matrix of " + rowCount + " rows");
    }
    if (stamp[row] == generation) {
      return false;
    }
    stamp[row] = generation;
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, Math.min(Math.max(1, rowCount), 2 * rows.length));
    }
    rows[size++] = row;
    return true;
  }

  /** Adds every row of {@code rows} (duplicates allowed). */
  public RowSet addAll(int[] rows) {
    return addAll(rows, 0, rows.length);
  }

  /** Adds {@code rows[from .. to-1]} (duplicates allowed). */
  public RowSet addAll(int[] rows, int from, int to) {
    for (int i = from; i < to; i++) {
      add(rows[i]);
    }
    return this;
  }

  /** Whether {@code row} is in the set. */
  public boolean contains(int row) {
    return row >= 0 && row < rowCount && stamp[row] == generation;
  }

  /** Number of distinct rows. */
  public int size() {
    return size;
  }

  /** The {@code i}-th distinct row, in first-added order. */
  public int get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("index " + i + " of a set of " + size + " rows");
    }
    return rows[i];
  }

  /** Number of rows of the matrices this set indexes. */
  public int rowCount() {
    return rowCount;
  }

  /**
   * Sets the rows in this set of {@code matrix} to zero, leaving the others alone: clears an
   * embedding gradient in O(size * dim) instead of O(vocabulary * dim).
   *
   * @throws IllegalArgumentException if the matrix does not have {@link #rowCount()} rows
   */
  public void zeroRows(double[][] matrix) {
    requireRows(matrix, "matrix");
    for (int i = 0; i < size; i++) {
      Arrays.fill(matrix[rows[i]], 0.0);
    }
  }

  void requireRows(double[][] matrix, String what) {
    if (matrix.length != rowCount) {
      throw new IllegalArgumentException(
          what + " has " + matrix.length + " rows but the row set indexes " + rowCount);
    }
  }

  /** Direct access to the distinct rows, {@code [0, size())}; for the sparse optimizers' loops. */
  int[] buffer() {
    return rows;
  }
}
