package io.github.chainrule.example.ner.features;

/**
 * The windows of one batch as table rows: row {@code r} of each array is window {@code r}, one
 * entry per position (per position and affix length for the affix tables). Allocated once per
 * batch size and refilled batch after batch. Arrays of features the model does not use have rows
 * of length 0.
 */
public final class WindowBatch {
  final int[][] words;
  final int[][] casing;
  final int[][] shapes;
  final int[][] prefixes;
  final int[][] suffixes;
  final int[] labels;

  /** A batch of {@code capacity} windows of the given features. */
  public WindowBatch(FeatureConfig config, int capacity) {
    int w = config.windowSize();
    words = new int[capacity][w];
    casing = new int[capacity][config.casingDim() > 0 ? w : 0];
    shapes = new int[capacity][config.shapeDim() > 0 ? w : 0];
    prefixes = new int[capacity][config.affixIdsPerWindow()];
    suffixes = new int[capacity][config.affixIdsPerWindow()];
    labels = new int[capacity];
  }

  /** Number of windows. */
  public int size() {
    return labels.length;
  }

  /** Word rows, window by window. */
  public int[][] words() {
    return words;
  }

  /** Casing rows. */
  public int[][] casing() {
    return casing;
  }

  /** Shape rows. */
  public int[][] shapes() {
    return shapes;
  }

  /** Prefix rows, per position the lengths in {@link FeatureConfig#AFFIX_LENGTHS} order. */
  public int[][] prefixes() {
    return prefixes;
  }

  /** Suffix rows, as {@link #prefixes()}. */
  public int[][] suffixes() {
    return suffixes;
  }

  /** The label of each window (a tag index, or 0/1 for the binary model). */
  public int[] labels() {
    return labels;
  }
}
