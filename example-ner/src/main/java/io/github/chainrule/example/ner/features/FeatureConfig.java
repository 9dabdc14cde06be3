package io.github.chainrule.example.ner.features;

/**
 * Which features a window carries and how wide each one's vectors are. A width of 0 leaves a
 * feature out.
 *
 * @param halfWindow words on each side of the centre word (2 gives the lecture's window of 5)
 * @param wordDim width of a word vector
 * @param casingDim width of a casing vector ({@link WordFeatures.Casing}), 0 for none
 * @param shapeDim width of a word-shape vector ({@link WordFeatures#shape}), 0 for none
 * @param affixDim width of each prefix and suffix vector (lengths 2, 3 and 4), 0 for none
 */
public record FeatureConfig(int halfWindow, int wordDim, int casingDim, int shapeDim, int affixDim) {
  /** The affix lengths used, for prefixes and suffixes alike. */
  public static final int[] AFFIX_LENGTHS = {2, 3, 4};

  /** Checks the values. */
  public FeatureConfig {
    if (halfWindow < 0) {
      throw new IllegalArgumentException("the window reaches -" + halfWindow + " words; it must be >= 0");
    }
    if (wordDim < 1 || casingDim < 0 || shapeDim < 0 || affixDim < 0) {
      throw new IllegalArgumentException(
          "feature widths must be >= 0 (words >= 1), got words "
              + wordDim
              + ", casing "
              + casingDim
              + ", shape "
              + shapeDim
              + ", affixes "
              + affixDim);
    }
  }

  /** Words in a window: {@code 2 halfWindow + 1}. */
  public int windowSize() {
    return 2 * halfWindow + 1;
  }

  /** The width of the window vector x: every feature of every position, concatenated. */
  public int inputDim() {
    return windowSize() * (wordDim + casingDim + shapeDim + 2 * AFFIX_LENGTHS.length * affixDim);
  }

  /** Ids per window for the prefix table (and for the suffix table): one per length per position. */
  public int affixIdsPerWindow() {
    return affixDim == 0 ? 0 : windowSize() * AFFIX_LENGTHS.length;
  }
}
