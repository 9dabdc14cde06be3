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
 * for {@code C} chunks). Threads take the chunks in order from a shared counter; a thread
 * accumulates its chunk's examples, in order, into its own gradient holder (cleared first), waits
 * until every earlier chunk has been added into the target, adds its holder into the target
 * ({@code target += chunk}, element by element), and takes the next chunk. So the target receives
 * {@code target + chunk 0 + chunk 1 + ...}, left to right, whichever thread computed which chunk:
 * since the chunking and the order of every floating-point addition depend only on {@code n} and
 * {@code C}, never on the thread count or on scheduling, 1, 2, 3 or 64 threads give identical
 * bits; the result differs from a plain sequential loop over the batch only by the regrouping of
 * the sums (rounding). Empty chunks (a batch smaller than {@code C}) are skipped.
 *
 * <p>Memory: one holder per thread, not per chunk. The holders are made once, at construction, by
 * the supplier (use the generated {@code zerosLike(...)} factory, which allocates the buffers; an
 * unbound {@code new M()} has none yet), and seen through a {@link Parameters} view that is also
 * built once. Per chunk the work beside the examples is clearing one holder and adding it into the
 * target, {@code O(holder)}; per call the pool allocates a few small task objects, nothing
 * proportional to the model or the batch. For a model with an embedding, give the holders the
 * batch's {@link io.github.chainrule.runtime.param.IndexedRows} compact table, so that a holder is
 * as large as the rows a batch reads, not as the vocabulary.
 *
 * <pre>{@code
 * try (DataParallel<Model_Grad.Loss> parallel =
 *     DataParallel.builder(() -> Model_Grad.Loss.zerosLike(model),   // no data arguments
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
 * <p>Choose {@code C} at least as large as the number of cores you want to use (it is the most
 * parallelism a call can have), and keep it fixed across machines if results must match across
 * machines.
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

  private Parameters lastTarget;
  private boolean closed;

  private DataParallel(Builder<H> b) {
    this.chunks = b.chunks;
    this.threads = b.threads;
    int count = Math.min(threads, chunks);
    this.holders = new Object[count];
    this.views = new Parameters[count];
    for (int t = 0; t < count; t++) {
      H holder = b.holders.get();
      if (holder == null) {
        throw new IllegalArgumentException("the holder supplier returned null");
      }
      holders[t] = holder;
      views[t] = b.view.apply(holder);
      views[0].requireSameShape(views[t]);
      if (t > 0 && views[t].segmentCount() > 0 && views[t].segment(0) == views[0].segment(0)) {
        throw new IllegalArgumentException(
            "the holder supplier must return a new holder with its own buffers on every call");
      }
    }
    this.losses = new double[chunks];
    this.pool = count > 1 ? Executors.newFixedThreadPool(count - 1, daemonThreads()) : null;
  }

  /**
   * A builder.
   *
   * @param holders makes one gradient holder with its buffers allocated, e.g. the generated {@code
   *     zerosLike(...)}; called once per thread, at construction
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

    /** Makes the holders (one per thread) and starts the pool ({@code threads - 1} daemon threads). */
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
    // the non-empty chunks, in order
    int[] from = new int[Math.min(n, chunks)];
    int[] to = new int[from.length];
    int used = 0;
    for (int c = 0; c < chunks; c++) {
      int f = (int) ((long) c * n / chunks);
      int t = (int) ((long) (c + 1) * n / chunks);
      if (t > f) {
        from[used] = f;
        to[used] = t;
        used++;
      }
    }
    int count = used;
    AtomicInteger next = new AtomicInteger();
    AtomicInteger reduced = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    IntConsumer worker =
        t -> {
          @SuppressWarnings("unchecked")
          H holder = (H) holders[t];
          Parameters view = views[t];
          for (int c; failure.get() == null && (c = next.getAndIncrement()) < count; ) {
            view.zero();
            double loss = 0.0;
            for (int i = from[c]; i < to[c]; i++) {
              loss += example.accumulate(i, holder);
            }
            losses[c] = loss;
            while (reduced.get() != c) { // earlier chunks go into the target first
              if (failure.get() != null) {
                return;
              }
              Thread.onSpinWait();
            }
            target.addFrom(view);
            reduced.set(c + 1);
          }
        };
    runWorkers(Math.min(holders.length, Math.max(1, count)), worker, failure);
    double total = 0.0;
    for (int c = 0; c < count; c++) {
      total += losses[c];
    }
    return total;
  }

  /** Runs {@code worker(0 .. count-1)}, worker 0 on the calling thread, the others in the pool. */
  private void runWorkers(int count, IntConsumer worker, AtomicReference<Throwable> failure) {
    Runnable[] tasks = new Runnable[count];
    CountDownLatch done = new CountDownLatch(count - 1);
    for (int t = 0; t < count; t++) {
      int index = t;
      tasks[t] =
          () -> {
            try {
              worker.accept(index);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          };
    }
    int started = 1;
    try {
      for (; started < count; started++) {
        Runnable task = tasks[started];
        pool.execute(
            () -> {
              try {
                task.run();
              } finally {
                done.countDown();
              }
            });
      }
    } catch (RejectedExecutionException e) {
      failure.compareAndSet(null, e);
    }
    tasks[0].run();
    for (; started < count; started++) {
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
    OpThreads.rethrowIfAny(failure.get());
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

  /**
   * Thread {@code t}'s holder, {@code t < min(threads, chunks)} (after a call: the gradient of the
   * last chunk that thread computed).
   */
  @SuppressWarnings("unchecked")
  public H holder(int t) {
    return (H) holders[t];
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
