package io.github.chainrule.example.ner.features;

import java.util.List;

/**
 * Sentences as rows of the feature tables, token by token in flat arrays: the input the training
 * and prediction loops read windows from. Sentence {@code s} covers tokens {@code [start(s),
 * start(s + 1))}.
 */
public final class EncodedCorpus {
  private final FeatureSpace space;
  private final int[] sentenceStart;
  private final int[] sentenceOf;
  private final int[] words;
  private final int[] casing;
  private final int[] shapes;

  /** Per token, {@code AFFIX_LENGTHS.length} prefix rows, then as many suffix rows. */
  private final int[] affixes;

  private EncodedCorpus(FeatureSpace space, int[] sentenceStart, int tokens) {
    this.space = space;
    this.sentenceStart = sentenceStart;
    this.sentenceOf = new int[tokens];
    for (int s = 0; s + 1 < sentenceStart.length; s++) {
      java.util.Arrays.fill(sentenceOf, sentenceStart[s], sentenceStart[s + 1], s);
    }
    this.words = new int[tokens];
    this.casing = new int[tokens];
    this.shapes = new int[tokens];
    this.affixes = new int[tokens * 2 * FeatureConfig.AFFIX_LENGTHS.length];
  }

  static EncodedCorpus of(FeatureSpace space, List<List<String>> sentences) {
    int[] start = new int[sentences.size() + 1];
    for (int s = 0; s < sentences.size(); s++) {
      start[s + 1] = start[s] + sentences.get(s).size();
    }
    EncodedCorpus c = new EncodedCorpus(space, start, start[sentences.size()]);
    int a = FeatureConfig.AFFIX_LENGTHS.length;
    int t = 0;
    for (List<String> sentence : sentences) {
      for (String text : sentence) {
        String w = WordFeatures.normalize(text);
        c.words[t] = space.words().id(w);
        c.casing[t] = WordFeatures.casing(text).ordinal();
        c.shapes[t] = space.shapes().id(WordFeatures.shape(text));
        for (int k = 0; k < a; k++) {
          int n = FeatureConfig.AFFIX_LENGTHS[k];
          c.affixes[t * 2 * a + k] = space.affixes().id(FeatureSpace.prefixKey(w, n));
          c.affixes[t * 2 * a + a + k] = space.affixes().id(FeatureSpace.suffixKey(w, n));
        }
        t++;
      }
    }
    return c;
  }

  /** The feature space the rows belong to. */
  public FeatureSpace space() {
    return space;
  }

  /** Number of sentences. */
  public int sentences() {
    return sentenceStart.length - 1;
  }

  /** Number of tokens. */
  public int tokens() {
    return words.length;
  }

  /** The first token of sentence {@code s}; {@code start(sentences())} is {@link #tokens()}. */
  public int start(int s) {
    return sentenceStart[s];
  }

  /** The sentence of token {@code t}. */
  public int sentenceOf(int t) {
    return sentenceOf[t];
  }

  /** The word row of token {@code t}. */
  public int word(int t) {
    return words[t];
  }

  /**
   * Writes the window around token {@code t} of sentence {@code s} into row {@code r} of a batch:
   * the rows of every feature of every position, sentence edges as {@code <s>} / {@code </s>}.
   * Words whose entry in {@code dropWord} (indexed by window position) is true become {@code
   * <unk>}: word dropout.
   */
  public void window(int s, int t, WindowBatch batch, int r, boolean[] dropWord) {
    FeatureConfig config = space.config();
    int h = config.halfWindow();
    int from = sentenceStart[s];
    int to = sentenceStart[s + 1];
    int a = FeatureConfig.AFFIX_LENGTHS.length;
    int[] w = batch.words[r];
    int[] c = batch.casing[r];
    int[] sh = batch.shapes[r];
    int[] pre = batch.prefixes[r];
    int[] suf = batch.suffixes[r];
    boolean casing = config.casingDim() > 0;
    boolean shape = config.shapeDim() > 0;
    boolean affix = config.affixDim() > 0;
    for (int k = -h; k <= h; k++) {
      int p = t + k;
      int i = k + h;
      int edge = p < from ? Vocabulary.START_ID : p >= to ? Vocabulary.END_ID : -1;
      if (edge >= 0) {
        w[i] = edge;
        if (casing) {
          c[i] = WordFeatures.Casing.PAD.ordinal();
        }
        if (shape) {
          sh[i] = edge;
        }
        if (affix) {
          for (int j = 0; j < a; j++) {
            pre[i * a + j] = edge;
            suf[i * a + j] = edge;
          }
        }
        continue;
      }
      w[i] = dropWord != null && dropWord[i] ? Vocabulary.UNKNOWN_ID : words[p];
      if (casing) {
        c[i] = this.casing[p];
      }
      if (shape) {
        sh[i] = shapes[p];
      }
      if (affix) {
        for (int j = 0; j < a; j++) {
          pre[i * a + j] = affixes[p * 2 * a + j];
          suf[i * a + j] = affixes[p * 2 * a + a + j];
        }
      }
    }
  }
}
