package io.github.chainrule.runtime.parallel;

import io.github.chainrule.runtime.param.Parameters;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Minibatch gradients computed on all cores, with a result that does not depend on the number of
 * threads, bit for bit.
 *
 * <p>A call to {@link #gradient(int, ExampleGradient, Parameters)} splits the batch {@code 0 ..
 * n-1} into a fixed number of contiguous chunks (chunk {@code c} is {@code [c n / C, (c+1) n / C)}
 * for {@code C} chunks). Each chunk's examples are accumulated, in order, into that chunk's own
 * gradient holder; threads take chunks from a shared counter, so which thread computes a chunk does
 * not matter. Then the chunk holders are added into the target in chunk order, element by element
 * ({@code target += chunk 0 + chunk 1 + ...}, left to right). Since the chunking and the order of
 * every floating-point addition depend only on {@code n} and {@code C}, never on the thread count
 * or on scheduling, 1, 2, 3 or 64 threads give identical bits; the result differs from a plain
 * sequential loop over the batch only by the regrouping of the sums (rounding).
 *
 * <p>The holders are made once, at construction, by the supplier (use the generated {@code
 * zerosLike(...)} factory, which allocates the buffers; an unbound {@code new M()} has none yet),
 * and seen through a {@link Parameters} view that is also built once. The reduction is split across
 * the threads by parameter segment. Per call, the work beside the examples themselves is zeroing
 * and summing the {@code C} holders, {@code O(C * parameters)}; per call the pool allocates a few
 * small task objects, nothing proportional to the model or the batch.
 *
 * <pre>{@code
 * try (DataParallel<Model_Grad.Loss> parallel =
 *     DataParallel.builder(() -> Model_Grad.Loss.zerosLike(model, x0, y0),
 *                          h -> Parameters.ofRecord(h.p()))
 *         .chunks(16)
 *         .build()) {
 *   Parameters grads = Parameters.ofRecord(mainHolder.p());
 *   for (...) {
 *     grads.zero();
 *     double loss = parallel.gradient(batch.length,
 *         (i, into) -> Model_Grad.loss(model, xs[batch[i]], ys[batch[i]], into), grads);
 *     adam.step();
 *   }
 * }
 * }</pre>
 *
 * <p>Memory: {@code C} holders, each as large as the model's gradient. Choose {@code C} at least as
 * large as the number of cores you want to use (it is the most parallelism a call can have), and
 * keep it fixed across machines if results must match across machines.
 *
 * <p>One call at a time: a {@code DataParallel} is not re-entrant and must not be called from two
 * threads at once.
 *
 * @param <H> the gradient holder type, e.g. a generated {@code Model_Grad.Loss}
 */
public final class DataParallel<H> implements AutoCloseable {

  /** The default number of chunks; a constant, so that results do not depend on the machine. */
  public static final int DEFAULT_CHUNKS = 16;

  private final Object[] holders;
  private final Parameters[] views;
  private final int chunks;
  private final int threads;
  private final ExecutorService pool;
  private final double[] losses;

  /** Reduction blocks: block b covers segments [blockStart[b], blockStart[b + 1]). */
  private final int[] blockStart;

  private Parameters lastTarget;
  private boolean closed;

  private DataParallel(Builder<H> b) {
    this.chunks = b.chunks;
    this.threads = b.threads;
    this.holders = new Object[chunks];
    this.views = new Parameters[chunks];
    for (int c = 0; c < chunks; c++) {
      H holder = b.holders.get();
      if (holder == null) {
        throw new IllegalArgumentException("the holder supplier returned null");
      }
      holders[c] = holder;
      views[c] = b.view.apply(holder);
      views[0].requireSameShape(views[c]);
      if (c > 0 && views[c].segmentCount() > 0 && views[c].segment(0) == views[0].segment(0)) {
        throw new IllegalArgumentException(
            "the holder supplier must return a new holder with its own buffers on every call");
      }
    }
    this.losses = new double[chunks];
    this.blockStart = blocks(views[0], threads * 4);
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemonThreads()) : null;
  }

  /**
   * A builder.
   *
   * @param holders makes one gradient holder with its buffers allocated, e.g. the generated {@code
   *     zerosLike(...)}; called once per chunk, at construction
   * @param view the holder's gradients as a {@link Parameters} view, e.g. {@code h ->
   *     Parameters.ofRecord(h.p())}; called once per holder, at construction
   */
  public static <H> Builder<H> builder(Supplier<H> holders, Function<H, Parameters> view) {
    return new Builder<>(holders, view);
  }

  /** Configuration of a {@link DataParallel}. */
  public static final class Builder<H> {
    private final Supplier<H> holders;
    private final Function<H, Parameters> view;
    private int chunks = DEFAULT_CHUNKS;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder(Supplier<H> holders, Function<H, Parameters> view) {
      this.holders = holders;
      this.view = view;
    }

    /**
     * The number of chunks a batch is split into, default {@value DataParallel#DEFAULT_CHUNKS}; it
     * fixes the summation order, so results are reproducible for a given chunk count.
     */
    public Builder<H> chunks(int chunks) {
      if (chunks < 1) {
        throw new IllegalArgumentException("chunks must be >= 1, got " + chunks);
      }
      this.chunks = chunks;
      return this;
    }

    /**
     * The number of threads, counting the calling thread, default the number of available
     * processors. It changes the speed, never the result.
     */
    public Builder<H> threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Makes the holders and starts the pool ({@code threads - 1} daemon threads). */
    public DataParallel<H> build() {
      return new DataParallel<>(this);
    }
  }

  /**
   * Adds the gradient of the batch's summed loss, {@code sum over i < n of loss_i}, into {@code
   * target} ({@code +=}, like a generated companion) and returns the summed loss. Scale the
   * learning rate (or the loss) by {@code 1 / n} for a mean.
   *
   * @param n the batch size; examples are {@code 0 .. n-1}
   * @param example adds one example's gradient into a holder; called concurrently with different
   *     holders
   * @param target the gradients to add into, shaped like the holders' views
   * @throws IllegalArgumentException if {@code target}'s shape differs from the holders'
   * @throws RuntimeException whatever {@code example} threw (the first, if several did)
   */
  public double gradient(int n, ExampleGradient<H> example, Parameters target) {
    if (closed) {
      throw new IllegalStateException("this DataParallel is closed");
    }
    if (n < 0) {
      throw new IllegalArgumentException("batch size must be >= 0, got " + n);
    }
    if (target != lastTarget) {
      views[0].requireSameShape(target);
      lastTarget = target;
    }
    runAll(
        chunks,
        c -> {
          @SuppressWarnings("unchecked")
          H holder = (H) holders[c];
          views[c].zero();
          int from = (int) ((long) c * n / chunks);
          int to = (int) ((long) (c + 1) * n / chunks);
          double loss = 0.0;
          for (int i = from; i < to; i++) {
            loss += example.accumulate(i, holder);
          }
          losses[c] = loss;
        });
    runAll(blockStart.length - 1, b -> reduce(blockStart[b], blockStart[b + 1], target));
    double total = 0.0;
    for (int c = 0; c < chunks; c++) {
      total += losses[c];
    }
    return total;
  }

  /** target[k] += chunk 0[k] + chunk 1[k] + ..., left to right, for segments k in [from, to). */
  private void reduce(int from, int to, Parameters target) {
    for (int k = from; k < to; k++) {
      double[] dst = target.segment(k);
      for (int c = 0; c < chunks; c++) {
        double[] src = views[c].segment(k);
        for (int j = 0; j < dst.length; j++) {
          dst[j] += src[j];
        }
      }
    }
  }

  /** Runs task(0 .. count-1), the calling thread and the pool's threads taking tasks in turn. */
  private void runAll(int count, IntConsumer task) {
    if (pool == null || count <= 1) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int helpers = Math.min(threads - 1, count - 1);
    CountDownLatch done = new CountDownLatch(helpers);
    Runnable worker =
        () -> {
          try {
            for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
              task.accept(i);
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        };
    int started = 0;
    try {
      for (; started < helpers; started++) {
        pool.execute(
            () -> {
              try {
                worker.run();
              } finally {
                done.countDown();
              }
            });
      }
    } catch (RejectedExecutionException e) {
      failure.compareAndSet(null, e);
    }
    worker.run();
    for (; started < helpers; started++) {
      done.countDown();
    }
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the helpers are still writing into our holders: wait for them
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error err) {
      throw err;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  /** Splits the segments into about {@code count} blocks of similar element counts. */
  private static int[] blocks(Parameters view, int count) {
    int segments = view.segmentCount();
    count = Math.max(1, Math.min(count, segments));
    int[] start = new int[count + 1];
    long total = view.elementCount();
    long seen = 0;
    int b = 1;
    for (int k = 0; k < segments && b < count; k++) {
      seen += view.segment(k).length;
      if (seen * count >= total * b) {
        start[b++] = k + 1;
      }
    }
    for (; b <= count; b++) {
      start[b] = segments;
    }
    return start;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger number = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "chainrule-data-parallel-" + number.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The number of chunks a batch is split into. */
  public int chunks() {
    return chunks;
  }

  /** The number of threads, counting the calling thread. */
  public int threads() {
    return threads;
  }

  /** Chunk {@code c}'s holder (after a call: the gradient of that chunk's examples). */
  @SuppressWarnings("unchecked")
  public H holder(int c) {
    return (H) holders[c];
  }

  /** Stops the pool's threads. */
  @Override
  public void close() {
    closed = true;
    if (pool != null) {
      pool.shutdown();
    }
  }
}
