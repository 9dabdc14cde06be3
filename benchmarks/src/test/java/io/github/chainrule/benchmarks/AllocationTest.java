package io.github.chainrule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * What the benchmarked calls allocate, counted exactly by the JVM for this thread (not timed): with
 * a holder made once, a generated gradient allocates nothing per call beyond what the user's method
 * allocates and the gradients of those arrays; its saved values live in the holder and are reused.
 * JMH's {@code -prof gc} shows the same numbers; this keeps them from regressing.
 */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int CALLS = 20;

  @Test
  void lectureGradientAllocatesNothing() {
    LectureBenchmark bench = new LectureBenchmark();
    bench.setUp();
    assertEquals(0, bytesPerCall(bench::forward), "forward");
    assertEquals(0, bytesPerCall(bench::generated), "generated");
    assertEquals(0, bytesPerCall(bench::handWritten), "hand-written");
  }

  @Test
  void scalarRecurrenceGradientAllocatesNothing() {
    RecurrenceBenchmark bench = new RecurrenceBenchmark();
    bench.setUp();
    assertEquals(0, bytesPerCall(bench::scalarForward), "forward");
    // 10,000 saved states, in a tape that the first call grows and later calls reuse
    assertEquals(0, bytesPerCall(bench::scalarGenerated), "generated");
  }

  @Test
  void rnnGradientAllocatesOnlyTheStateAndItsGradient() {
    RecurrenceBenchmark bench = new RecurrenceBenchmark();
    bench.setUp();
    long source = bytesPerCall(bench::rnnForward);
    assertTrue(source > 0, "the source allocates its state array h");
    long generated = bytesPerCall(bench::rnnGenerated);
    // h, as the source allocates it, and at most its gradient dh, shaped like it
    assertTrue(
        generated <= 2 * source,
        "generated allocates " + generated + " B per call, the source " + source + " B");
  }

  /** Bytes this thread allocates per call, after warm-up calls have grown every buffer. */
  private static long bytesPerCall(DoubleSupplier call) {
    double sink = 0;
    for (int i = 0; i < 3; i++) {
      sink += call.getAsDouble();
    }
    long empty = allocatedNow();
    long overhead = allocatedNow() - empty; // what asking costs, if anything
    long before = allocatedNow();
    for (int i = 0; i < CALLS; i++) {
      sink += call.getAsDouble();
    }
    long after = allocatedNow();
    assertTrue(!Double.isNaN(sink));
    return (after - before - overhead) / CALLS;
  }

  private static long allocatedNow() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
