package io.github.chainrule.example.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark's own metrics of the tasks that ended, summed (Spark reports them on its listener bus), and
 * per job (one at a time, as a training run submits them) the milliseconds from its start to its
 * first task's launch and from its last task's end to its own end.
 */
final class TaskTimes extends SparkListener {
  final AtomicLong jobs = new AtomicLong();
  final AtomicLong beforeFirstTaskMillis = new AtomicLong();
  final AtomicLong afterLastTaskMillis = new AtomicLong();
  private long jobStart;
  private long firstLaunch = Long.MAX_VALUE;
  private long lastFinish;
  final AtomicLong tasks = new AtomicLong();
  final AtomicLong deserializeNanos = new AtomicLong();
  final AtomicLong runMillis = new AtomicLong();
  final AtomicLong runCpuNanos = new AtomicLong();
  final AtomicLong resultSerializeMillis = new AtomicLong();
  final AtomicLong resultBytes = new AtomicLong();
  final AtomicLong gcMillis = new AtomicLong();
  final AtomicLong durationMillis = new AtomicLong();

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    jobStart = start.time();
    firstLaunch = Long.MAX_VALUE;
    lastFinish = 0;
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    if (lastFinish > 0) {
      jobs.incrementAndGet();
      beforeFirstTaskMillis.addAndGet(firstLaunch - jobStart);
      afterLastTaskMillis.addAndGet(end.time() - lastFinish);
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    firstLaunch = Math.min(firstLaunch, end.taskInfo().launchTime());
    lastFinish = Math.max(lastFinish, end.taskInfo().finishTime());
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
          tasks,
          deserializeNanos,
          runMillis,
          runCpuNanos,
          resultSerializeMillis,
          resultBytes,
          gcMillis,
          durationMillis,
          jobs,
          beforeFirstTaskMillis,
          afterLastTaskMillis
        }) {
      a.set(0);
    }
  }
}
