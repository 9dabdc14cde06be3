package io.github.chainrule.example.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Spark's own metrics of the tasks that ended, summed (Spark reports them on its listener bus). */
final class TaskTimes extends SparkListener {
  final AtomicLong tasks = new AtomicLong();
  final AtomicLong deserializeNanos = new AtomicLong();
  final AtomicLong runMillis = new AtomicLong();
  final AtomicLong runCpuNanos = new AtomicLong();
  final AtomicLong resultSerializeMillis = new AtomicLong();
  final AtomicLong resultBytes = new AtomicLong();
  final AtomicLong gcMillis = new AtomicLong();
  final AtomicLong durationMillis = new AtomicLong();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    if (m == null) {
      return;
    }
    tasks.incrementAndGet();
    deserializeNanos.addAndGet(m.executorDeserializeCpuTime());
    runMillis.addAndGet(m.executorRunTime());
    runCpuNanos.addAndGet(m.executorCpuTime());
    resultSerializeMillis.addAndGet(m.resultSerializationTime());
    resultBytes.addAndGet(m.resultSize());
    gcMillis.addAndGet(m.jvmGCTime());
    durationMillis.addAndGet(end.taskInfo().duration());
  }

  void reset() {
    for (AtomicLong a :
        new AtomicLong[] {
          tasks, deserializeNanos, runMillis, runCpuNanos, resultSerializeMillis, resultBytes, gcMillis, durationMillis
        }) {
      a.set(0);
    }
  }
}
