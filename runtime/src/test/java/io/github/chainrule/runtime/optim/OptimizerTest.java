package io.github.chainrule.runtime.optim;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.runtime.param.Parameters;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class OptimizerTest {

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
    SparseAdam sparse = SparseAdam.builder().build(emb, grad);
    int[] batch = {3, 17, 3, 999, 0, 17};
    for (int i = 0; i < 20_000; i++) {
      sparse.step(batch);
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1000; i++) {
      sparse.step(batch);
    }
    assertWithMessage("SparseAdam")
        .that(bean.getCurrentThreadAllocatedBytes() - before)
        .isLessThan(1024L);
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    try {
      return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    } catch (ClassCastException | LinkageError e) {
      return null;
    }
  }
}
