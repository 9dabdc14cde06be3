package io.github.chainrule.example.ner.train;

import io.github.chainrule.example.ner.features.FeatureConfig;
import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.LectureNetwork_Grad;
import io.github.chainrule.example.ner.model.ModelConfig;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.model.NerNetwork;
import io.github.chainrule.example.ner.model.NerNetwork_Grad;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;
import java.util.HashMap;
import java.util.Map;

/**
 * The gradient of a window NER model's loss on one batch, row-sparse in the feature tables: the
 * first half of a training step, which data-parallel trainers run on each worker's share of a batch.
 *
 * <p>Each feature table is read through an {@link IndexedRows}: the batch's ids are mapped to rows
 * of a compact table that shares the table's own row arrays, the network runs on the compact
 * tables, and the generated gradient holder's table gradients are compact too ({@code capacity x
 * d}). After {@link #add}, the gradient is {@link #denseGradient()} (the layers) and, per used table
 * {@code k}, {@link #tableGradient(int)} at the rows {@link #tables()}{@code [k]} lists. {@link
 * #clear()} zeroes it, touching the batch's rows only.
 *
 * <p>One batch at a time: {@code add}, read the gradient, {@code clear}. Not thread-safe.
 */
public final class BatchGradient {
  private final ModelConfig config;
  private final NerParams params;
  private final IndexedRows words;
  private final IndexedRows casing;
  private final IndexedRows shapes;
  private final IndexedRows affixes;
  private final IndexedRows[] used;
  private final Map<Integer, WindowBatch> local = new HashMap<>();
  private final NerNetwork_Grad.Loss networkHolder;
  private final LectureNetwork_Grad.Loss lectureHolder;
  private Parameters denseGradient;

  /** For a model, whose parameters it reads, and batches of at most {@code maxBatch} windows. */
  public BatchGradient(NerModel model, int maxBatch) {
    this(model.config(), model.params(), maxBatch);
  }

  /**
   * For a model of shape {@code config} with parameters {@code params}, which it reads (a worker's
   * copy of a batch's rows: the feature tables may hold just the rows its batches read), and
   * batches of at most {@code maxBatch} windows.
   */
  public BatchGradient(ModelConfig config, NerParams params, int maxBatch) {
    this.config = config;
    this.params = params;
    NerParams p = params;
    FeatureConfig f = config.features();
    int w = f.windowSize();
    this.words = rows(p.words(), (long) maxBatch * w);
    this.casing = rows(p.casing(), (long) maxBatch * w);
    this.shapes = rows(p.shapes(), (long) maxBatch * w);
    this.affixes = rows(p.affixes(), 2L * maxBatch * f.affixIdsPerWindow());
    java.util.List<IndexedRows> tables = new java.util.ArrayList<>();
    for (IndexedRows t : new IndexedRows[] {words, casing, shapes, affixes}) {
      if (t.capacity() > 0 && t.width() > 0) {
        tables.add(t);
      }
    }
    this.used = tables.toArray(new IndexedRows[0]);
    boolean binary = config.objective() == ModelConfig.Objective.BINARY;
    this.networkHolder = binary ? null : new NerNetwork_Grad.Loss();
    this.lectureHolder = binary ? new LectureNetwork_Grad.Loss() : null;
  }

  private static IndexedRows rows(double[][] table, long ids) {
    return new IndexedRows(table, (int) Math.min(table.length, ids));
  }

  /**
   * Adds {@code scale} times the gradient of the batch's mean loss (with the given dropout masks;
   * 0-row masks for none) and returns the mean loss. The scale lets workers that each hold a share
   * of a batch weigh their share: {@code scale = share / batch}.
   */
  public double add(
      WindowBatch batch, int[] sentenceStarts, double[][] inputMask, double[][] hiddenMask, double scale) {
    WindowBatch ids = localize(batch);
    NerParams compact = params.withTables(words.rows(), casing.rows(), shapes.rows(), affixes.rows());
    int activation = config.activation().ordinal();
    if (lectureHolder != null) {
      return LectureNetwork_Grad.loss(compact, ids.words(), batch.labels(), activation, scale, lectureHolder);
    }
    int objective = config.objective() == ModelConfig.Objective.CRF ? NerNetwork.CRF : NerNetwork.SOFTMAX;
    return NerNetwork_Grad.loss(
        compact,
        ids.words(),
        ids.casing(),
        ids.shapes(),
        ids.prefixes(),
        ids.suffixes(),
        inputMask,
        hiddenMask,
        activation,
        objective,
        batch.labels(),
        sentenceStarts,
        scale,
        networkHolder);
  }

  /**
   * The batch's ids as positions in the compact tables, which {@link #tables()} then list, in
   * order of first appearance (window by window: words, casing, shapes, prefixes, suffixes). The
   * returned arrays are reused by the next call with a batch of the same size; labels are not
   * copied. {@link #add} calls it; a data-parallel trainer's driver calls it to learn which rows a
   * batch reads.
   */
  public WindowBatch localize(WindowBatch batch) {
    words.clear();
    casing.clear();
    shapes.clear();
    affixes.clear();
    WindowBatch out = local.computeIfAbsent(batch.size(), n -> new WindowBatch(config.features(), n));
    for (int r = 0; r < batch.size(); r++) {
      words.localize(batch.words()[r], out.words()[r]);
      casing.localize(batch.casing()[r], out.casing()[r]);
      shapes.localize(batch.shapes()[r], out.shapes()[r]);
      affixes.localize(batch.prefixes()[r], out.prefixes()[r]);
      affixes.localize(batch.suffixes()[r], out.suffixes()[r]);
    }
    return out;
  }

  /** The holder's gradient, as a record: compact tables and the layers. Valid after the first add. */
  public NerParams gradient() {
    return lectureHolder != null ? lectureHolder.p() : networkHolder.p();
  }

  /**
   * The gradient of the dense layers ({@code W, b, U, c, transitions, start, end}), the same view
   * from call to call.
   */
  public Parameters denseGradient() {
    if (denseGradient == null) {
      NerParams g = gradient();
      denseGradient = Parameters.of(g.W(), g.b(), g.U(), g.c(), g.transitions(), g.start(), g.end());
    }
    return denseGradient;
  }

  /** The feature tables the model uses, each with the rows the last batch read. */
  public IndexedRows[] tables() {
    return used;
  }

  /** The compact gradient of {@code tables()[k]}: row {@code u} belongs to its row {@code row(u)}. */
  public double[][] tableGradient(int k) {
    IndexedRows t = used[k];
    NerParams g = gradient();
    return t == words ? g.words() : t == casing ? g.casing() : t == shapes ? g.shapes() : g.affixes();
  }

  /** Zeroes the gradient: the layers and the rows the last batch read. */
  public void clear() {
    denseGradient().zero();
    for (int k = 0; k < used.length; k++) {
      used[k].zeroGradient(tableGradient(k));
    }
  }
}
