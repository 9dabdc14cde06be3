package io.github.chainrule.benchmarks;

import io.github.chainrule.runtime.ops.Linalg;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The batched product of a 2048 x 250 by a 250 x 200 matrix in double precision (a batch of 2048
 * inputs of 250 features through a 250 x 200 layer): the plain triple loop against the runtime's
 * {@link Linalg#matmul}, and the same product through {@link Linalg#matmulTN} and {@link
 * Linalg#matmulNT} with the operand stored transposed, as the backward pass uses them. One thread.
 *
 * <p>{@code benchmarks/numpy_matmul.py} times OpenBLAS (through numpy, one thread) on the same
 * shapes; the target is at most twice its time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class MatmulBenchmark {
  static final int M = 2048;
  static final int K = 250;
  static final int N = 200;

  double[][] a;
  double[][] b;
  double[][] aTransposed;
  double[][] bTransposed;

  /** Seeded Gaussian operands, and their transposes. */
  @Setup
  public void setUp() {
    Random random = new Random(1);
    a = gaussian(random, M, K);
    b = gaussian(random, K, N);
    aTransposed = transpose(a);
    bTransposed = transpose(b);
  }

  /** The textbook loop: {@code C[i][j] = sum_p A[i][p] B[p][j]}. */
  @Benchmark
  public double[][] naiveTripleLoop() {
    double[][] c = new double[M][N];
    for (int i = 0; i < M; i++) {
      for (int j = 0; j < N; j++) {
        double s = 0.0;
        for (int p = 0; p < K; p++) {
          s += a[i][p] * b[p][j];
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  /** {@code A B}. */
  @Benchmark
  public double[][] matmul() {
    return Linalg.matmul(a, b);
  }

  /** {@code (A^T)^T B}: the same product with A stored transposed. */
  @Benchmark
  public double[][] matmulTN() {
    return Linalg.matmulTN(aTransposed, b);
  }

  /** {@code A (B^T)^T}: the same product with B stored transposed. */
  @Benchmark
  public double[][] matmulNT() {
    return Linalg.matmulNT(a, bTransposed);
  }

  static double[][] gaussian(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }

  static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }
}
