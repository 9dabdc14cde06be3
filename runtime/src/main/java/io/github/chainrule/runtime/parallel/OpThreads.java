package io.github.chainrule.runtime.parallel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that the runtime's ops use inside one call (intra-op parallelism, what {@code
 * torch.set_num_threads} sets in PyTorch): a matrix product, an element-wise activation of a
 * matrix, splits its rows between them.
 *
 * <p>Results never depend on the thread count: the ops only split work whose outputs are
 * independent (rows of a product, elements of an activation), and compute each output element
 * with the same operations in the same order wherever its range falls, so 1, 2 or 64 threads give
 * the same bits.
 *
 * <p>The default is one thread per available processor. Small calls run on the calling thread
 * alone (the hand-over costs a few microseconds). A call made while the threads are busy with
 * another call, from another thread or from inside a parallel op, runs on its calling thread
 * alone, so ops may be called from {@link DataParallel} workers or from several threads at once:
 * nothing waits for anything but its own work.
 *
 * <pre>{@code
 * OpThreads.set(2);              // before training
 * OpThreads.forRange(rows, 4 * work, (from, to) -> { ... rows from .. to-1 ... });
 * }</pre>
 */
public final class OpThreads {

  /** Work (in multiply-adds or comparable units) below which a call stays on its thread. */
  public static final long SEQUENTIAL_WORK = 32_768;

  /** How long an idle worker spins for the next call before it parks, in nanoseconds. */
  private static final long SPIN_NANOS = 200_000;

  private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Held by the call that uses the workers. */
  private static final AtomicBoolean BUSY = new AtomicBoolean();

  private static Worker[] workers = new Worker[0];

  /** The current job; workers run each published job once. */
  private static volatile Job job;

  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

  private OpThreads() {}

  /** A range of indices {@code [from, to)} of a split loop. */
  @FunctionalInterface
  public interface Range {
    /** Runs the loop body for indices {@code from} to {@code to - 1}. */
    void run(int from, int to);
  }

  /** The number of threads ops use, counting the calling thread. */
  public static int get() {
    return threads;
  }

  /**
   * Sets the number of threads ops use, counting the calling thread; 1 runs every op on its
   * calling thread. It changes the speed, never the results.
   *
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static void set(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + count);
    }
    threads = count;
  }

  /**
   * Whether {@link #forRange} may split a loop of this much work over n indices: false means it
   * would run the loop on the calling thread. A caller that must not allocate on its sequential
   * path (an optimizer's step) runs the loop directly when this is false, without making the
   * {@link Range} lambda.
   */
  public static boolean splits(int n, long work) {
    return threads > 1 && n > 1 && work >= SEQUENTIAL_WORK;
  }

  /**
   * Runs {@code body} over {@code [0, n)}, split into contiguous ranges that the threads take in
   * turn, when the work is large enough to be worth it; else {@code body.run(0, n)} on this thread.
   * {@code body} must write only outputs that belong to its range, so that no split changes them.
   *
   * @param n the number of indices
   * @param work the total work of the loop, in multiply-adds (or comparable units)
   * @throws RuntimeException whatever {@code body} threw (the first, if several ranges did)
   */
  public static void forRange(int n, long work, Range body) {
    int t = threads;
    if (!splits(n, work) || INSIDE.get() || !BUSY.compareAndSet(false, true)) {
      body.run(0, n);
      return;
    }
    try {
      int parts = (int) Math.min(n, Math.min(2L * t, Math.max(2L, work / SEQUENTIAL_WORK)));
      Job j = new Job(body, n, parts, Math.min(t, parts) - 1);
      ensureWorkers(t - 1);
      job = j;
      for (int w = 0; w < j.helpers; w++) {
        LockSupport.unpark(workers[w].thread);
      }
      INSIDE.set(true);
      try {
        j.work();
      } finally {
        INSIDE.set(false);
      }
      j.awaitHelpers();
      job = null;
      j.rethrow();
    } finally {
      BUSY.set(false);
    }
  }

  private static void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Worker[] grown = new Worker[count];
    System.arraycopy(workers, 0, grown, 0, workers.length);
    for (int w = workers.length; w < count; w++) {
      grown[w] = new Worker(w);
    }
    workers = grown;
  }

  /** One call's split loop. */
  private static final class Job {
    final Range body;
    final int n;
    final int parts;
    final int helpers;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger helpersLeft;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread caller = Thread.currentThread();

    Job(Range body, int n, int parts, int helpers) {
      this.body = body;
      this.n = n;
      this.parts = parts;
      this.helpers = helpers;
      this.helpersLeft = new AtomicInteger(helpers);
    }

    void work() {
      try {
        for (int p; failure.get() == null && (p = next.getAndIncrement()) < parts; ) {
          int from = (int) ((long) p * n / parts);
          int to = (int) ((long) (p + 1) * n / parts);
          body.run(from, to);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }

    void helperDone() {
      if (helpersLeft.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }

    void awaitHelpers() {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (helpersLeft.get() > 0) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 50_000);
        }
      }
    }

    void rethrow() {
      rethrowIfAny(failure.get());
    }
  }

  /**
   * Throws what a worker threw, on the caller's thread: unchecked exceptions and errors as they
   * are, anything else wrapped.
   */
  static void rethrowIfAny(Throwable t) {
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error err) {
      throw err;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  /** A daemon thread that runs the jobs it is woken for, spinning briefly between them. */
  private static final class Worker implements Runnable {
    final int index;
    final Thread thread;
    private Job last;

    Worker(int index) {
      this.index = index;
      this.thread = new Thread(this, "chainrule-op-" + (index + 1));
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      INSIDE.set(true);
      while (true) {
        Job j = awaitJob();
        last = j;
        if (index < j.helpers) {
          j.work();
          j.helperDone();
        }
      }
    }

    private Job awaitJob() {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (true) {
        Job j = job;
        if (j != null && j != last) {
          return j;
        }
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(OpThreads.class);
          spinUntil = System.nanoTime() + SPIN_NANOS;
        }
      }
    }
  }
}
