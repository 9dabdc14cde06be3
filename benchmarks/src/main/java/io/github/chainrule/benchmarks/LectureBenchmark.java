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
 * The lecture network s = u . tanh(W x + b), W 200 x 250: the forward pass alone, the generated
 * gradient, and the hand-written gradient (the lecture's delta formulas).
 *
 * <p>Both gradients add into buffers made once in {@link #setUp} and are never zeroed between
 * calls, so neither pays for clearing 50,000 doubles; a training loop would add the same
 * {@code zero()} to both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LectureBenchmark {
  LectureNetwork.Params params;
  double[] x;
  LectureNetwork_Grad.Score holder;
  HandWrittenGradient hand;

  /** Seeded inputs; the holder and the hand-written buffers are made here, once. */
  @Setup
  public void setUp() {
    params = Inputs.lectureParams(1);
    x = Inputs.gaussian(new Random(2), Inputs.INPUT, 1.0);
    holder = LectureNetwork_Grad.Score.zerosLike(params, x);
    hand = new HandWrittenGradient(Inputs.HIDDEN, Inputs.INPUT);
  }

  /** The user's method, called plainly. */
  @Benchmark
  public double forward() {
    return LectureNetwork.score(params, x);
  }

  /** The generated gradient, added into a holder made once. */
  @Benchmark
  public double generated() {
    return LectureNetwork_Grad.score(params, x, holder);
  }

  /** The lecture's delta formulas by hand, added into buffers made once. */
  @Benchmark
  public double handWritten() {
    return hand.addGradient(params, x);
  }
}
