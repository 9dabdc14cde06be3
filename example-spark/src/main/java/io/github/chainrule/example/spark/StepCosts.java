package io.github.chainrule.example.spark;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Where the time of a run's steps went, and what they shipped, summed over the steps: the driver's
 * plan, the broadcast, the Spark job (which holds the executors' gradients, the aggregation and all
 * of Spark's scheduling and transport), the update; and inside the job, the time the executors
 * spent in the generated gradient and in adding gradients. With byte counting on, each plan is
 * serialized once more with Spark's serializer to count its bytes, and each summed gradient too
 * (one share's result is at most that large), which costs time: for measurements only.
 *
 * <p>Read it after training; not thread-safe.
 */
public final class StepCosts {
  private final boolean countBytes;
  private long steps;
  private long windows;
  private long planNanos;
  private long broadcastNanos;
  private long jobNanos;
  private long updateNanos;
  private long computeNanos;
  private long mergeNanos;
  private long planBytes;
  private long gradientBytes;
  private long tableRows;
  private long maxPlanBytes;

  /** Costs that count bytes only if {@code countBytes}. */
  public StepCosts(boolean countBytes) {
    this.countBytes = countBytes;
  }

  void add(StepPlan plan, ShareGradient sum, long planTime, long broadcast, long job, long update) {
    steps++;
    windows += plan.batchSize();
    planNanos += planTime;
    broadcastNanos += broadcast;
    jobNanos += job;
    updateNanos += update;
    computeNanos += sum.computeNanos();
    mergeNanos += sum.mergeNanos();
    tableRows += plan.words.length + plan.casing.length + plan.shapes.length + plan.affixes.length;
    if (countBytes) {
      long bytes = serializedSize(plan, StepPlan.class);
      planBytes += bytes;
      maxPlanBytes = Math.max(maxPlanBytes, bytes);
      gradientBytes += serializedSize(sum, ShareGradient.class);
    }
  }

  /** The bytes of {@code value} serialized with Spark's serializer. */
  static long sizeOf(Object value) {
    return serializedSize(value, Object.class);
  }

  private static <T> long serializedSize(T value, Class<T> type) {
    SerializerInstance serializer = SparkEnv.get().serializer().newInstance();
    ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
    ByteBuffer bytes = serializer.serialize(value, tag);
    return bytes.remaining();
  }

  /** Steps taken. */
  public long steps() {
    return steps;
  }

  /** Windows trained on. */
  public long windows() {
    return windows;
  }

  /** Driver time building plans (localizing batches, gathering rows), ns. */
  public long planNanos() {
    return planNanos;
  }

  /** Driver time creating the broadcasts (Spark serializes the plan then), ns. */
  public long broadcastNanos() {
    return broadcastNanos;
  }

  /** Wall time of the {@code treeAggregate} jobs, ns. */
  public long jobNanos() {
    return jobNanos;
  }

  /** Driver time applying the summed gradients with the optimizers, ns. */
  public long updateNanos() {
    return updateNanos;
  }

  /** Executor time inside the generated gradient, summed over shares, ns. */
  public long computeNanos() {
    return computeNanos;
  }

  /** Time adding gradients together, on executors and the driver, summed, ns. */
  public long mergeNanos() {
    return mergeNanos;
  }

  /** Serialized bytes of the plans, summed (0 unless counting bytes). */
  public long planBytes() {
    return planBytes;
  }

  /** The largest plan's serialized bytes (0 unless counting bytes). */
  public long maxPlanBytes() {
    return maxPlanBytes;
  }

  /** Serialized bytes of the summed gradients, summed over steps (0 unless counting bytes). */
  public long gradientBytes() {
    return gradientBytes;
  }

  /** Feature-table rows the plans carried, summed. */
  public long tableRows() {
    return tableRows;
  }

  @Override
  public String toString() {
    double n = Math.max(1, steps);
    String line =
        String.format(
            Locale.ROOT,
            "%d steps, %d windows; per step: plan %.2f ms, broadcast %.2f ms, job %.2f ms"
                + " (gradient %.2f ms summed over shares, adding %.2f ms), update %.2f ms;"
                + " %.0f table rows",
            steps,
            windows,
            planNanos / n / 1e6,
            broadcastNanos / n / 1e6,
            jobNanos / n / 1e6,
            computeNanos / n / 1e6,
            mergeNanos / n / 1e6,
            updateNanos / n / 1e6,
            tableRows / n);
    if (countBytes) {
      line +=
          String.format(
              Locale.ROOT,
              ", plan %.0f bytes, summed gradient %.0f bytes",
              planBytes / n,
              gradientBytes / n);
    }
    return line;
  }
}
