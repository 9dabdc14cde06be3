package io.github.chainrule.runtime.parallel;

import io.github.chainrule.runtime.optim.TinyModels;
import io.github.chainrule.runtime.optim.TinyModels_Grad;
import io.github.chainrule.runtime.param.Parameters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Wall-clock speedup of {@link DataParallel} over one thread, on the generated gradient of a
 * one-hidden-layer network ({@link TinyModels#mlpLoss}, 100 inputs, 128 tanh units) and a batch of
 * 4096 examples. A timing program, not a test (and not JMH: it times whole batches, which is what a
 * training loop sees, after a warm-up, with the thread counts interleaved round by round so that
 * other load on the machine falls on all of them alike; it prints the minimum and the median). It
 * also checks that every thread count gives the same bits. Run after {@code mvn -pl runtime
 * test-compile}:
 *
 * <pre>
 * java -cp runtime/target/classes:runtime/target/test-classes \
 *     io.github.chainrule.runtime.parallel.DataParallelTiming [maxThreads]
 * </pre>
 */
public final class DataParallelTiming {

  @SuppressWarnings("deprecation") // Thread.getId: the ThreadMXBean takes these ids (JDK 17 floor)
  public static void main(String[] args) {
    int maxThreads =
        args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    int in = 100;
    int hidden = 128;
    int n = 4096;
    SplittableRandom rnd = new SplittableRandom(1);
    double[][] w = new double[hidden][in];
    double[] b = new double[hidden];
    double[] u = new double[hidden];
    for (int i = 0; i < hidden; i++) {
      for (int j = 0; j < in; j++) {
        w[i][j] = rnd.nextDouble(-0.1, 0.1);
      }
      u[i] = rnd.nextDouble(-1, 1);
    }
    TinyModels.Mlp model = new TinyModels.Mlp(w, b, u);
    double[][] xs = new double[n][in];
    double[] labels = new double[n];
    for (int e = 0; e < n; e++) {
      for (int j = 0; j < in; j++) {
        xs[e][j] = rnd.nextDouble(-1, 1);
      }
      labels[e] = rnd.nextBoolean() ? 1 : 0;
    }
    TinyModels_Grad.MlpLoss target = TinyModels_Grad.MlpLoss.zerosLike(model, xs[0], labels[0]);
    Parameters grads = Parameters.ofRecord(target.p());
    ExampleGradient<TinyModels_Grad.MlpLoss> f =
        (i, into) -> TinyModels_Grad.mlpLoss(model, xs[i], labels[i], into);

    System.out.printf(
        Locale.ROOT,
        "DataParallel timing: MLP %d-%d-1, batch %d, %d chunks, %d available processors, %s, %s%n",
        in,
        hidden,
        n,
        DataParallel.DEFAULT_CHUNKS,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        loadAverage());
    // One instance per thread count, timed in interleaved rounds so that load from other processes
    // falls on all of them alike; the minimum over rounds estimates the unloaded time.
    List<DataParallel<TinyModels_Grad.MlpLoss>> instances = new ArrayList<>();
    for (int threads = 1; threads <= maxThreads; threads++) {
      instances.add(
          DataParallel.builder(
                  () -> TinyModels_Grad.MlpLoss.zerosLike(model, xs[0], labels[0]),
                  h -> Parameters.ofRecord(h.p()))
              .threads(threads)
              .build());
    }
    int rounds = 61;
    double[][] ms = new double[maxThreads][rounds];
    // CPU time per call: the whole (all threads) and the busiest thread's (the critical path).
    double[][] cpuTotal = new double[maxThreads][rounds];
    double[][] cpuBusiest = new double[maxThreads][rounds];
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    double[] reference = null;
    for (int r = -20; r < rounds; r++) { // the first 20 rounds warm up the JIT
      for (int t = 0; t < maxThreads; t++) {
        grads.zero();
        long[] ids = workerIds();
        long[] cpu0 = cpuTimes(bean, ids);
        long t0 = System.nanoTime();
        instances.get(t).gradient(n, f, grads);
        long elapsed = System.nanoTime() - t0;
        long[] cpu1 = cpuTimes(bean, ids);
        if (r >= 0) {
          ms[t][r] = elapsed / 1e6;
          for (int i = 0; i < ids.length; i++) {
            double d = (cpu1[i] - cpu0[i]) / 1e6;
            cpuTotal[t][r] += d;
            cpuBusiest[t][r] = Math.max(cpuBusiest[t][r], d);
          }
        }
        double[] snapshot = flatten(grads);
        if (reference == null) {
          reference = snapshot;
        } else if (!Arrays.equals(reference, snapshot)) {
          throw new AssertionError("results differ between thread counts");
        }
      }
    }
    for (DataParallel<?> dp : instances) {
      dp.close();
    }
    double baseMin = min(ms[0]);
    double baseMedian = median(ms[0]);
    for (int t = 0; t < maxThreads; t++) {
      System.out.printf(
          Locale.ROOT,
          "threads %2d: min %8.2f ms, median %8.2f ms per batch; speedup %.2fx (min), %.2fx"
              + " (median)%n",
          t + 1,
          min(ms[t]),
          median(ms[t]),
          baseMin / min(ms[t]),
          baseMedian / median(ms[t]));
    }
    // Other processes on a shared machine stretch wall-clock times but not CPU times: the busiest
    // thread's CPU time per call is the critical path that an otherwise idle machine would show.
    double base = median(cpuTotal[0]);
    for (int t = 0; t < maxThreads; t++) {
      System.out.printf(
          Locale.ROOT,
          "threads %2d: CPU per batch %8.2f ms in all, %8.2f ms on the busiest thread;"
              + " CPU-time speedup estimate %.2fx%n",
          t + 1,
          median(cpuTotal[t]),
          median(cpuBusiest[t]),
          base / median(cpuBusiest[t]));
    }
    System.out.println("bit-identical gradients for every thread count: yes; " + loadAverage());
  }

  /** The calling thread and the pools' threads. */
  private static long[] workerIds() {
    List<Long> ids = new ArrayList<>();
    ids.add(Thread.currentThread().getId());
    for (Thread th : Thread.getAllStackTraces().keySet()) {
      if (th.getName().startsWith("chainrule-data-parallel-")) {
        ids.add(th.getId());
      }
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] cpuTimes(ThreadMXBean bean, long[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.max(0, bean.getThreadCpuTime(ids[i]));
    }
    return out;
  }

  private static double[] flatten(Parameters p) {
    double[] out = new double[(int) p.elementCount()];
    int at = 0;
    for (int k = 0; k < p.segmentCount(); k++) {
      double[] s = p.segment(k);
      System.arraycopy(s, 0, out, at, s.length);
      at += s.length;
    }
    return out;
  }

  private static double min(double[] a) {
    return Arrays.stream(a).min().orElseThrow();
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return "load average " + f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }
}
