package io.github.chainrule.benchmarks;

import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three matrix products of a training step of the lecture's window classifier, and nothing
 * else: the hidden layer's forward {@code A = X W^T + b} and its adjoint ({@code dX += G W}, {@code
 * dW += G^T X}, {@code db}) for a batch of {@code batch} windows of 250 inputs through 200 units,
 * on {@code threads} threads. A batch divided by its time is the most windows per second that any
 * step built on these kernels can train (the output layer, the activations, the gather and the
 * update come on top), the ceiling to read {@link WindowTraining}'s figures against.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StepProductsBenchmark -f 2 -wi 4 -i 6 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(2)
public class StepProductsBenchmark {
  static final int INPUTS = 250;
  static final int HIDDEN = 200;

  @Param({"32", "256", "2048"})
  int batch;

  @Param({"2"})
  int threads;

  double[][] x;
  double[][] w;
  double[] b;
  double[][] g;
  double[][] dX;
  double[][] dW;
  double[] db;

  /** Seeded Gaussian operands; gradient buffers made once (the products add into them). */
  @Setup
  public void setUp() {
    OpThreads.set(threads);
    Random random = new Random(1);
    x = MatmulBenchmark.gaussian(random, batch, INPUTS);
    w = MatmulBenchmark.gaussian(random, HIDDEN, INPUTS);
    b = new double[HIDDEN];
    g = MatmulBenchmark.gaussian(random, batch, HIDDEN);
    dX = new double[batch][INPUTS];
    dW = new double[HIDDEN][INPUTS];
    db = new double[HIDDEN];
  }

  /** {@code X W^T + b}, then {@code dX += G W}, {@code dW += G^T X}, {@code db += sum G}. */
  @Benchmark
  public double[][] forwardAndAdjoint() {
    double[][] a = Linalg.linear(x, w, b);
    Linalg.linearAdjoint(x, w, b, g, dX, dW, db);
    return a;
  }
}
