package io.github.chainrule.example.spark;

import io.github.chainrule.example.ner.features.WindowBatch;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.example.ner.train.BatchGradient;
import io.github.chainrule.example.ner.train.BatchStep;
import io.github.chainrule.example.ner.train.ModelUpdate;
import io.github.chainrule.example.ner.train.OptimizerSettings;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous data-parallel step, as MLlib trains its linear models: the driver broadcasts what
 * the step reads, every share of the batch gets its gradient on an executor, {@code treeAggregate}
 * adds them up, and the driver updates the model with the example's own {@link ModelUpdate}.
 *
 * <p>The driver localizes the batch with {@link BatchGradient#localize}, so it knows the rows the
 * batch reads; the plan carries those rows and the dense layers ({@link StepPlan}), the executors
 * answer with gradient rows at the same positions ({@link ShareGradient}), and the positions are
 * the driver's {@link IndexedRows}, which {@link ModelUpdate#apply} steps the tables from.
 */
final class SparkStep implements BatchStep {
  private final JavaSparkContext spark;
  private final JavaRDD<Integer> shares;
  private final int depth;
  private final Broadcast<RunContext> run;
  private final NerModel model;
  private final BatchGradient planner;
  private final ModelUpdate update;
  private StepCosts costs;

  /** The dense layers' gradient, the one view {@link ModelUpdate} is bound to. */
  private final Parameters denseGradient;

  /** Per used table, the compact gradient {@link ModelUpdate} reads, by the planner's positions. */
  private final double[][][] tableGradients;

  /** Per used table, its index in the plan's tables (words, casing, shapes, affixes). */
  private final int[] kinds;

  private long steps;

  SparkStep(
      JavaSparkContext spark,
      JavaRDD<Integer> shares,
      int depth,
      Broadcast<RunContext> run,
      NerModel model,
      OptimizerSettings settings,
      int maxBatch,
      StepCosts costs) {
    this.spark = spark;
    this.shares = shares;
    this.depth = depth;
    this.run = run;
    this.model = model;
    this.planner = new BatchGradient(model, maxBatch);
    this.update = new ModelUpdate(model.params(), settings);
    this.costs = costs;
    NerParams p = model.params();
    this.denseGradient =
        Parameters.of(
            zeros(p.W()),
            new double[p.b().length],
            zeros(p.U()),
            new double[p.c().length],
            zeros(p.transitions()),
            new double[p.start().length],
            new double[p.end().length]);
    IndexedRows[] tables = planner.tables();
    double[][][] all = {p.words(), p.casing(), p.shapes(), p.affixes()};
    this.tableGradients = new double[tables.length][][];
    this.kinds = new int[tables.length];
    for (int k = 0; k < tables.length; k++) {
      tableGradients[k] = new double[tables[k].capacity()][tables[k].width()];
      kinds[k] = -1;
      for (int j = 0; j < all.length; j++) {
        if (all[j] == tables[k].table()) {
          kinds[k] = j;
        }
      }
    }
  }

  private static double[][] zeros(double[][] like) {
    double[][] out = new double[like.length][];
    for (int i = 0; i < like.length; i++) {
      out[i] = new double[like[i].length];
    }
    return out;
  }

  /** Sums the next steps' costs into {@code c}. */
  void costs(StepCosts c) {
    this.costs = c;
  }

  @Override
  public double step(WindowBatch batch, int[] sentenceStarts, long seed) {
    long t0 = System.nanoTime();
    StepPlan plan = plan(batch, sentenceStarts, seed);
    long t1 = System.nanoTime();
    Broadcast<StepPlan> broadcast = spark.broadcast(plan);
    long t2 = System.nanoTime();
    Broadcast<RunContext> context = run;
    ShareGradient sum =
        shares.treeAggregate(
            ShareGradient.empty(),
            (g, share) -> g.plus(ShareWork.compute(context.value(), broadcast.value(), share)),
            ShareGradient::plus,
            depth);
    long t3 = System.nanoTime();
    broadcast.destroy(false);
    apply(sum, plan);
    long t4 = System.nanoTime();
    costs.add(plan, sum, t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    steps++;
    return sum.loss();
  }

  /** The step's plan: the batch localized, the rows it reads, the dense layers, the shares. */
  private StepPlan plan(WindowBatch batch, int[] sentenceStarts, long seed) {
    WindowBatch positions = planner.localize(batch);
    NerParams p = model.params();
    double[][][] rows = {new double[0][], new double[0][], new double[0][], new double[0][]};
    IndexedRows[] tables = planner.tables();
    for (int k = 0; k < tables.length; k++) {
      rows[kinds[k]] = Arrays.copyOf(tables[k].rows(), tables[k].size());
    }
    NerParams read = p.withTables(rows[0], rows[1], rows[2], rows[3]);
    // labels are not localized: the planner's batch has none of its own
    System.arraycopy(batch.labels(), 0, positions.labels(), 0, batch.size());
    int[] shareStarts = shareStarts(batch.size(), sentenceStarts, shares.partitions().size());
    return new StepPlan(steps, seed, read, positions, sentenceStarts, shareStarts);
  }

  /**
   * Where each share starts: {@code parts} runs of windows as equal as whole windows allow, or
   * under the CRF as whole sentences allow (each share ends at the first sentence end at or past
   * its even cut); shares may be empty.
   */
  static int[] shareStarts(int windows, int[] sentenceStarts, int parts) {
    int[] out = new int[parts + 1];
    for (int s = 1; s < parts; s++) {
      int cut = (int) ((long) windows * s / parts);
      if (sentenceStarts.length > 0) {
        int k = Arrays.binarySearch(sentenceStarts, cut);
        cut = k >= 0 ? cut : sentenceStarts[Math.min(-k - 1, sentenceStarts.length - 1)];
      }
      out[s] = Math.max(out[s - 1], cut);
    }
    out[parts] = windows;
    return out;
  }

  /** The driver's half: the summed gradient into the update's views, then the update. */
  private void apply(ShareGradient sum, StepPlan plan) {
    if (sum.windows() != plan.batchSize()) {
      throw new IllegalStateException(
          "the shares' gradients cover " + sum.windows() + " of " + plan.batchSize() + " windows");
    }
    double[][] segments = sum.dense();
    if (segments.length != denseGradient.segmentCount()) {
      throw new IllegalStateException("the executors' dense gradient is not shaped like the model");
    }
    for (int s = 0; s < segments.length; s++) {
      System.arraycopy(segments[s], 0, denseGradient.segment(s), 0, segments[s].length);
    }
    IndexedRows[] tables = planner.tables();
    for (int k = 0; k < tables.length; k++) {
      int[] at = sum.positions(kinds[k]);
      double[][] rows = sum.rows(kinds[k]);
      // every row the batch read has a gradient row, as on one machine (a row dropout zeroed too)
      if (at.length != tables[k].size()) {
        throw new IllegalStateException(
            "the shares read "
                + at.length
                + " rows of a table the batch reads "
                + tables[k].size()
                + " of");
      }
      for (int i = 0; i < at.length; i++) {
        System.arraycopy(rows[i], 0, tableGradients[k][at[i]], 0, rows[i].length);
      }
    }
    update.apply(denseGradient, tables, tableGradients);
    for (int k = 0; k < tables.length; k++) {
      tables[k].zeroGradient(tableGradients[k]);
    }
  }
}
