package io.github.chainrule.runtime.optim;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.runtime.param.Parameters;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  /** The tests that update on 1 to 3 threads leave the runtime's default behind. */
  @AfterEach
  void restoreThreads() {
    io.github.chainrule.runtime.parallel.OpThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }


  @Test
  void sgdIsExactlyThetaMinusAlphaTimesGrad() {
    double[] theta = {0.1, -0.7, 3.0};
    double[][] m = {{0.3, 0.4}};
    double[] g = {0.25, 1.0 / 3.0, -2.0};
    double[][] gm = {{1e-3, -7.0}};
    Sgd sgd = Sgd.plain(0.01, Parameters.of(theta, m), Parameters.of(g, gm));
    sgd.step();
    assertThat(theta)
        .usingExactEquality()
        .containsExactly(0.1 - 0.01 * 0.25, -0.7 - 0.01 * (1.0 / 3.0), 3.0 - 0.01 * -2.0)
        .inOrder();
    assertThat(m[0])
        .usingExactEquality()
        .containsExactly(0.3 - 0.01 * 1e-3, 0.4 - 0.01 * -7.0)
        .inOrder();
    assertThat(g).usingExactEquality().containsExactly(0.25, 1.0 / 3.0, -2.0).inOrder();
    assertThat(sgd.stepCount()).isEqualTo(1);
  }

  @Test
  void shapeMismatchIsReportedAtConstruction() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Adam.builder()
                    .build(Parameters.of(new double[2][3]), Parameters.of(new double[3][2])));
    assertThat(e).hasMessageThat().contains("parameters [0 double[2][3]]");
    assertThat(e).hasMessageThat().contains("gradients [0 double[3][2]]");
  }

  @Test
  void hyperParametersAreValidated() {
    Parameters p = Parameters.of(new double[1]);
    Parameters g = Parameters.of(new double[1]);
    assertThrows(IllegalStateException.class, () -> Sgd.builder().build(p, g));
    assertThrows(
        IllegalArgumentException.class,
        () -> Sgd.builder().learningRate(0.1).nesterov(true).build(p, g));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Sgd.builder()
                .learningRate(0.1)
                .momentum(0.9)
                .dampening(0.1)
                .nesterov(true)
                .build(p, g));
    assertThrows(IllegalArgumentException.class, () -> Adam.builder().learningRate(-1));
    assertThrows(IllegalArgumentException.class, () -> Adam.builder().betas(0.9, 1.0));
    assertThrows(IllegalArgumentException.class, () -> RmsProp.builder().alpha(1.5));
    assertThrows(IllegalArgumentException.class, () -> Adagrad.builder().eps(Double.NaN));
    Adam adam = Adam.builder().build(p, g);
    assertThrows(
        IllegalArgumentException.class, () -> adam.setLearningRate(Double.POSITIVE_INFINITY));
  }

  @Test
  void zeroGradClearsTheGradients() {
    double[] g = {1, 2};
    Optimizer opt = AdamW.builder().build(Parameters.of(new double[2]), Parameters.of(g));
    opt.zeroGrad();
    assertThat(g).usingExactEquality().containsExactly(0, 0);
  }

  @Test
  void adamWithZeroWeightDecayEqualsAdamWWithZeroWeightDecay() {
    double[] a = {0.5, -0.25, 2};
    double[] b = a.clone();
    double[] ga = new double[3];
    double[] gb = new double[3];
    Adam adam = Adam.builder().learningRate(0.1).build(Parameters.of(a), Parameters.of(ga));
    AdamW adamw =
        AdamW.builder().learningRate(0.1).weightDecay(0).build(Parameters.of(b), Parameters.of(gb));
    for (int t = 0; t < 20; t++) {
      for (int j = 0; j < 3; j++) {
        ga[j] = a[j] * a[j] - j;
        gb[j] = b[j] * b[j] - j;
      }
      adam.step();
      adamw.step();
    }
    assertThat(a).usingExactEquality().containsExactly(b[0], b[1], b[2]).inOrder();
  }

  /**
   * The sparse optimizers split their rows over the threads once a step touches many; they, and
   * Adam and AdamW beside them on a large layer, give the same parameters to the bit on one, two
   * and three threads.
   */
  @Test
  void largeUpdatesAreTheSameOnEveryThreadCount() {
    List<long[]> results = new java.util.ArrayList<>();
    for (int threads : new int[] {1, 2, 3}) {
      io.github.chainrule.runtime.parallel.OpThreads.set(threads);
      results.add(trainLarge());
    }
    assertThat(results.get(1)).isEqualTo(results.get(0));
    assertThat(results.get(2)).isEqualTo(results.get(0));
  }

  /** Five steps of each optimizer on a 300 x 290 layer and 1,000 of 2,000 table rows; every bit after. */
  private static long[] trainLarge() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    List<double[][]> weights = new java.util.ArrayList<>();
    List<Runnable> steps = new java.util.ArrayList<>();
    List<BiFunction<Parameters, Parameters, Optimizer>> dense =
        List.of(
            (p, g) -> Adam.builder().amsgrad(true).weightDecay(0.01).build(p, g),
            (p, g) -> AdamW.builder().build(p, g));
    for (BiFunction<Parameters, Parameters, Optimizer> maker : dense) {
      double[][] w = randomMatrix(random, 300, 290);
      double[][] g = randomMatrix(random, 300, 290);
      Optimizer opt = maker.apply(Parameters.of(w), Parameters.of(g));
      weights.add(w);
      steps.add(opt::step);
    }
    int[] rows = new int[1000];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = 2 * i + (i % 2);
    }
    for (int kind = 0; kind < 3; kind++) {
      double[][] w = randomMatrix(random, 2000, 50);
      double[][] g = randomMatrix(random, 2000, 50);
      SparseOptimizer opt =
          kind == 0
              ? SparseAdam.builder().build(w, g)
              : kind == 1 ? SparseAdagrad.builder().build(w, g) : new SparseSgd(w, g, 0.1);
      weights.add(w);
      steps.add(() -> opt.step(rows));
    }
    for (int step = 0; step < 5; step++) {
      steps.forEach(Runnable::run);
    }
    List<Long> bits = new java.util.ArrayList<>();
    for (double[][] w : weights) {
      for (double[] row : w) {
        for (double v : row) {
          bits.add(Double.doubleToRawLongBits(v));
        }
      }
    }
    return bits.stream().mapToLong(Long::longValue).toArray();
  }

  private static double[][] randomMatrix(java.util.SplittableRandom random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextDouble() - 0.5;
      }
    }
    return m;
  }

  /** Every dense optimizer's step, and a sparse step, allocate nothing once warmed up. */
  @Test
  void stepsDoNotAllocate() {
    com.sun.management.ThreadMXBean bean = threadBean();
    assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported());
    bean.setThreadAllocatedMemoryEnabled(true);
    List<BiFunction<Parameters, Parameters, Optimizer>> makers =
        List.of(
            (p, g) -> Sgd.builder().learningRate(0.1).momentum(0.9).nesterov(true).build(p, g),
            (p, g) -> Adagrad.builder().build(p, g),
            (p, g) -> RmsProp.builder().centered(true).momentum(0.5).build(p, g),
            (p, g) -> Adam.builder().amsgrad(true).build(p, g),
            (p, g) -> AdamW.builder().build(p, g));
    for (BiFunction<Parameters, Parameters, Optimizer> maker : makers) {
      Parameters p = Parameters.of(new double[64][32], new double[32]);
      Parameters g = Parameters.of(new double[64][32], new double[32]);
      Optimizer opt = maker.apply(p, g);
      for (int i = 0; i < 20_000; i++) {
        opt.step(); // warm up: let the JIT compile the step
      }
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 1000; i++) {
        opt.step();
      }
      long allocated = bean.getCurrentThreadAllocatedBytes() - before;
      assertWithMessage(opt.getClass().getSimpleName()).that(allocated).isLessThan(1024L);
    }
    double[][] emb = new double[1000][16];
    double[][] grad = new double[1000][16];
    int[] batch = {3, 17, 3, 999, 0, 17};
    for (SparseOptimizer sparse :
        List.of(
            SparseAdam.builder().build(emb, grad),
            SparseAdagrad.builder().build(emb, grad),
            new SparseSgd(emb, grad, 0.1))) {
      for (int i = 0; i < 20_000; i++) {
        sparse.step(batch);
      }
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 1000; i++) {
        sparse.step(batch);
      }
      assertWithMessage(sparse.getClass().getSimpleName())
          .that(bean.getCurrentThreadAllocatedBytes() - before)
          .isLessThan(1024L);
    }
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    try {
      return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    } catch (ClassCastException | LinkageError e) {
      return null;
    }
  }
}
