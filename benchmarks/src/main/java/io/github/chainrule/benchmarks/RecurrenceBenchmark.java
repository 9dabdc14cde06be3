package io.github.chainrule.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Recurrences over 10,000 steps that overwrite their state ({@link Recurrences}): forward pass,
 * generated gradient and hand-written gradient. Run with {@code -prof gc} to see the allocation
 * per call: after warm-up the generated gradients reuse the holder's saved-value buffers, so they
 * should allocate what the source allocates (nothing for {@code scalar}, one {@code double[8]} for
 * {@code rnn}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecurrenceBenchmark {
  int steps;
  double a;
  double[] x;
  double[] w;
  double[] v;
  Recurrences_Grad.Scalar scalarHolder;
  Recurrences_Grad.Rnn rnnHolder;
  HandWrittenRecurrences.Scalar scalarHand;
  HandWrittenRecurrences.Rnn rnnHand;

  /** Seeded inputs; holders and hand-written buffers are made here, once. */
  @Setup
  public void setUp() {
    steps = Inputs.STEPS;
    Random random = new Random(3);
    a = 0.9;
    x = Inputs.gaussian(random, Inputs.SEQUENCE, 0.5);
    w = Inputs.gaussian(random, Inputs.WIDTH, 0.5);
    v = Inputs.gaussian(random, Inputs.WIDTH, 0.5);
    scalarHolder = Recurrences_Grad.Scalar.zerosLike(a, x, steps);
    rnnHolder = Recurrences_Grad.Rnn.zerosLike(w, v, x, steps);
    scalarHand = new HandWrittenRecurrences.Scalar(Inputs.SEQUENCE, steps);
    rnnHand = new HandWrittenRecurrences.Rnn(Inputs.WIDTH, Inputs.SEQUENCE, steps);
  }

  /** s = sin(s) * a + x[t % n], 10,000 steps, called plainly. */
  @Benchmark
  public double scalarForward() {
    return Recurrences.scalar(a, x, steps);
  }

  /** Its generated gradient, added into a holder made once. */
  @Benchmark
  public double scalarGenerated() {
    return Recurrences_Grad.scalar(a, x, steps, scalarHolder);
  }

  /** Its gradient by hand, with a tape made once. */
  @Benchmark
  public double scalarHandWritten() {
    return scalarHand.addGradient(a, x, steps);
  }

  /** h = tanh(w o h + v * x[t % n]), width 8, 10,000 steps, called plainly. */
  @Benchmark
  public double rnnForward() {
    return Recurrences.rnn(w, v, x, steps);
  }

  /** Its generated gradient, added into a holder made once. */
  @Benchmark
  public double rnnGenerated() {
    return Recurrences_Grad.rnn(w, v, x, steps, rnnHolder);
  }

  /** Its gradient by hand, with a tape made once. */
  @Benchmark
  public double rnnHandWritten() {
    return rnnHand.addGradient(w, v, x, steps);
  }
}
