package io.github.chainrule.runtime.param;

import java.util.Arrays;

/**
 * The rows of an embedding table that one batch reads, gathered into a compact table: the
 * row-sparse form in which chainrule trains embeddings, so that a training step costs the rows a
 * batch touched, not the vocabulary.
 *
 * <p>A loss reads an embedding {@code E} (V x d) only at the ids of the batch, so its gradient is
 * zero outside those rows, and on them it is the gradient of the loss with respect to the rows
 * themselves. Give the loss the compact table {@link #rows()} instead of {@code E}, and the ids
 * mapped to positions in it ({@link #localize(int[])}): the loss is the same plain Java, the
 * generated gradient holder gets a gradient table of {@link #capacity()} rows instead of V, and
 * row {@code u} of that gradient belongs to row {@link #row(int) row(u)} of {@code E}. The sparse
 * optimizers ({@code SparseSgd}, {@code SparseAdam}) step {@code E} from it, row by row.
 *
 * <p>The compact table holds {@code E}'s own row arrays, not copies: gathering costs one reference
 * per row, and an optimizer that updates a row of {@code E} updates what the next batch reads.
 * Positions beyond {@link #size()} hold zero rows of their own, which no id maps to.
 *
 * <pre>{@code
 * IndexedRows words = new IndexedRows(model.E(), batchSize * 5);     // once
 * Model_Grad.Loss holder = new Model_Grad.Loss();
 * SparseSgd embeddingSgd = new SparseSgd(model.E(), lr);
 * // per batch:
 * words.clear();
 * int[][] local = words.localize(windows);                           // global ids -> positions
 * Params p = new Params(words.rows(), model.W(), model.b());         // E replaced by its rows
 * Model_Grad.loss(p, local, labels, holder);
 * embeddingSgd.step(words, holder.p().E());                          // E[row(u)] -= lr * grad[u]
 * words.zeroGradient(holder.p().E());                                // O(size * d)
 * }</pre>
 *
 * <p>Memory is {@code O(capacity * d)} beside {@code E}: an open-addressing index sized by the
 * capacity, never by the vocabulary. Clearing costs {@code O(size)}. Not thread-safe.
 */
public final class IndexedRows {

  private final double[][] table;
  private final int capacity;
  private final int width;
  private final double[][] rows;
  private final double[][] spare;
  private final int[] global;

  /** Per position, the slot of {@link #slots} that holds it. */
  private final int[] slotOfPosition;

  private int size;

  /** Open addressing, linear probing: slot -> position + 1, 0 for empty. */
  private final int[] slots;

  private final int mask;
  private final int shift;

  /**
   * Binds to an embedding table.
   *
   * @param table the embedding, V rows of one length d
   * @param capacity the most distinct rows a batch may read (for a window model, at most the batch
   *     size times the window)
   * @throws IllegalArgumentException if the table is not rectangular or the capacity is negative
   */
  public IndexedRows(double[][] table, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.table = table;
    this.capacity = capacity;
    this.width = table.length == 0 ? 0 : table[0].length;
    for (int r = 0; r < table.length; r++) {
      if (table[r] == null || table[r].length != width) {
        throw new IllegalArgumentException(
            "the embedding must be rectangular, but row "
                + r
                + (table[r] == null ? " is null" : " has " + table[r].length + " columns, row 0 " + width));
      }
    }
    this.rows = new double[capacity][];
    this.spare = new double[capacity][];
    for (int u = 0; u < capacity; u++) {
      spare[u] = new double[width];
      rows[u] = spare[u];
    }
    this.global = new int[capacity];
    this.slotOfPosition = new int[capacity];
    int tableSize = Integer.highestOneBit(Math.max(1, 2 * capacity - 1)) << 1;
    this.slots = new int[tableSize];
    this.mask = tableSize - 1;
    this.shift = 32 - Integer.numberOfTrailingZeros(tableSize);
  }

  /** Forgets every row, in {@code O(size)}; the compact table's positions get zero rows back. */
  public void clear() {
    for (int u = 0; u < size; u++) {
      slots[slotOfPosition[u]] = 0;
      rows[u] = spare[u];
    }
    size = 0;
  }

  /**
   * The position of table row {@code row} in the compact table, adding it if it is new.
   *
   * @throws IndexOutOfBoundsException if {@code row} is not a row of the table
   * @throws IllegalStateException if the batch reads more distinct rows than the capacity
   */
  public int add(int row) {
    if (row < 0 || row >= table.length) {
      throw new IndexOutOfBoundsException(
          "id " + row + " is not a row of the embedding, which has " + table.length + " rows");
    }
    int s = slotOf(row);
    int held = slots[s];
    if (held != 0) {
      return held - 1;
    }
    if (size == capacity) {
      throw new IllegalStateException(
          "the batch reads more than "
              + capacity
              + " distinct rows of the embedding; make the IndexedRows with a larger capacity");
    }
    int u = size++;
    global[u] = row;
    rows[u] = table[row];
    slots[s] = u + 1;
    slotOfPosition[u] = s;
    return u;
  }

  /** The slot that holds {@code row}, or the empty slot where it would go. */
  private int slotOf(int row) {
    int s = (row * 0x9E3779B9) >>> shift; // Fibonacci hashing: the top bits of the product
    while (slots[s] != 0 && global[slots[s] - 1] != row) {
      s = (s + 1) & mask;
    }
    return s;
  }

  /** The positions of {@code ids}, as a new array (adding rows that are new). */
  public int[] localize(int[] ids) {
    int[] out = new int[ids.length];
    localize(ids, out);
    return out;
  }

  /** Writes the positions of {@code ids} into {@code out} (adding rows that are new). */
  public void localize(int[] ids, int[] out) {
    for (int i = 0; i < ids.length; i++) {
      out[i] = add(ids[i]);
    }
  }

  /** The positions of every id of every window, as new arrays (adding rows that are new). */
  public int[][] localize(int[][] ids) {
    int[][] out = new int[ids.length][];
    for (int r = 0; r < ids.length; r++) {
      out[r] = localize(ids[r]);
    }
    return out;
  }

  /**
   * The compact table, {@link #capacity()} rows: position {@code u < size()} is the table's row
   * {@link #row(int) row(u)} itself, the others are zero rows. Pass it where the loss reads the
   * embedding. The array is reused by the next batch.
   */
  public double[][] rows() {
    return rows;
  }

  /** The table row at position {@code u}. */
  public int row(int u) {
    if (u < 0 || u >= size) {
      throw new IndexOutOfBoundsException("position " + u + " of " + size + " rows");
    }
    return global[u];
  }

  /** Number of distinct rows added since {@link #clear()}. */
  public int size() {
    return size;
  }

  /** The most distinct rows a batch may read. */
  public int capacity() {
    return capacity;
  }

  /** The embedding table. */
  public double[][] table() {
    return table;
  }

  /** Row length d of the table. */
  public int width() {
    return width;
  }

  /**
   * Sets rows {@code 0 .. size()-1} of a compact gradient to zero: clears an embedding gradient in
   * {@code O(size * d)}.
   *
   * @throws IllegalArgumentException if the gradient is not shaped like {@link #rows()}
   */
  public void zeroGradient(double[][] gradient) {
    requireGradient(gradient);
    for (int u = 0; u < size; u++) {
      Arrays.fill(gradient[u], 0.0);
    }
  }

  /**
   * Adds a compact gradient into a full one: {@code dense[row(u)] += gradient[u]} for {@code u <
   * size()}. The dense form, for tests and for code that wants it; training never needs it.
   */
  public void scatterInto(double[][] gradient, double[][] dense) {
    requireGradient(gradient);
    if (dense.length != table.length) {
      throw new IllegalArgumentException(
          "the dense gradient has " + dense.length + " rows but the embedding " + table.length);
    }
    for (int u = 0; u < size; u++) {
      double[] src = gradient[u];
      double[] dst = dense[global[u]];
      for (int j = 0; j < width; j++) {
        dst[j] += src[j];
      }
    }
  }

  /**
   * Checks that {@code gradient} is shaped like {@link #rows()}.
   *
   * @throws IllegalArgumentException naming both shapes otherwise
   */
  public void requireGradient(double[][] gradient) {
    boolean ok = gradient != null && gradient.length == capacity;
    for (int u = 0; ok && u < size; u++) {
      ok = gradient[u] != null && gradient[u].length == width;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "a gradient of the compact table must be double["
              + capacity
              + "]["
              + width
              + "], got "
              + (gradient == null ? "null" : "double[" + gradient.length + "][...]"));
    }
  }
}
