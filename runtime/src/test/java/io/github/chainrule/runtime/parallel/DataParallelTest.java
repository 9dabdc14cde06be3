package io.github.chainrule.runtime.parallel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.runtime.optim.TinyModels;
import io.github.chainrule.runtime.optim.TinyModels_Grad;
import io.github.chainrule.runtime.param.Parameters;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataParallelTest {

  static final int IN = 7;
  static final int HIDDEN = 5;
  static final int N = 203; // not a multiple of the chunk count

  final TinyModels.Mlp model;
  final double[][] xs = new double[N][IN];
  final double[] labels = new double[N];

  DataParallelTest() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[][] w = new double[HIDDEN][IN];
    double[] b = new double[HIDDEN];
    double[] u = new double[HIDDEN];
    for (int i = 0; i < HIDDEN; i++) {
      for (int j = 0; j < IN; j++) {
        w[i][j] = rnd.nextDouble(-1, 1);
      }
      b[i] = rnd.nextDouble(-0.1, 0.1);
      u[i] = rnd.nextDouble(-1, 1);
    }
    model = new TinyModels.Mlp(w, b, u);
    for (int n = 0; n < N; n++) {
      for (int j = 0; j < IN; j++) {
        xs[n][j] = rnd.nextDouble(-2, 2);
      }
      labels[n] = rnd.nextBoolean() ? 1 : 0;
    }
  }

  TinyModels_Grad.MlpLoss newHolder() {
    return TinyModels_Grad.MlpLoss.zerosLike(model, xs[0], labels[0]);
  }

  DataParallel<TinyModels_Grad.MlpLoss> parallel(int threads, int chunks) {
    return DataParallel.builder(this::newHolder, h -> Parameters.ofRecord(h.p()))
        .threads(threads)
        .chunks(chunks)
        .build();
  }

  /** Runs one batch with the given thread count; returns {loss, gradient elements...}. */
  double[] run(int threads, int chunks, int n) {
    TinyModels_Grad.MlpLoss target = newHolder();
    Parameters grads = Parameters.ofRecord(target.p());
    try (DataParallel<TinyModels_Grad.MlpLoss> dp = parallel(threads, chunks)) {
      double loss =
          dp.gradient(
              n, (i, into) -> TinyModels_Grad.mlpLoss(model, xs[i], labels[i], into), grads);
      return flatten(loss, grads);
    }
  }

  static double[] flatten(double head, Parameters p) {
    double[] out = new double[1 + (int) p.elementCount()];
    out[0] = head;
    int at = 1;
    for (int k = 0; k < p.segmentCount(); k++) {
      double[] s = p.segment(k);
      System.arraycopy(s, 0, out, at, s.length);
      at += s.length;
    }
    return out;
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() {
    double[] one = run(1, 16, N);
    for (int threads : new int[] {2, 3, 8}) {
      double[] many = run(threads, 16, N);
      // Arrays.equals on double[] compares bit patterns
      assertThat(Arrays.equals(one, many)).isTrue();
    }
  }

  @Test
  void equalsTheSequentialSumWithinRounding() {
    TinyModels_Grad.MlpLoss holder = newHolder();
    double loss = 0;
    for (int i = 0; i < N; i++) {
      loss += TinyModels_Grad.mlpLoss(model, xs[i], labels[i], holder);
    }
    double[] sequential = flatten(loss, Parameters.ofRecord(holder.p()));
    double[] parallel = run(3, 16, N);
    double worst = 0;
    for (int i = 0; i < sequential.length; i++) {
      worst =
          Math.max(
              worst, Math.abs(parallel[i] - sequential[i]) / Math.max(1, Math.abs(sequential[i])));
    }
    assertThat(worst).isLessThan(1e-13);
  }

  @Test
  void oneChunkIsExactlyTheSequentialLoop() {
    TinyModels_Grad.MlpLoss holder = newHolder();
    double loss = 0;
    for (int i = 0; i < N; i++) {
      loss += TinyModels_Grad.mlpLoss(model, xs[i], labels[i], holder);
    }
    double[] sequential = flatten(loss, Parameters.ofRecord(holder.p()));
    assertThat(Arrays.equals(sequential, run(4, 1, N))).isTrue();
  }

  @Test
  void holdersAreReusedAndTheTargetAccumulates() {
    TinyModels_Grad.MlpLoss target = newHolder();
    Parameters grads = Parameters.ofRecord(target.p());
    try (DataParallel<TinyModels_Grad.MlpLoss> dp = parallel(2, 8)) {
      TinyModels_Grad.MlpLoss chunk0 = dp.holder(0);
      ExampleGradient<TinyModels_Grad.MlpLoss> f =
          (i, into) -> TinyModels_Grad.mlpLoss(model, xs[i], labels[i], into);
      double first = dp.gradient(N, f, grads);
      double[] once = flatten(first, grads);
      // The chunk holders are cleared between calls: a fresh target gets the same bits again.
      Parameters fresh = Parameters.ofRecord(newHolder().p());
      double again = dp.gradient(N, f, fresh);
      assertThat(Arrays.equals(once, flatten(again, fresh))).isTrue();
      // += into the target, like a companion
      double second = dp.gradient(N, f, grads);
      assertThat(second).isEqualTo(first);
      double[] twice = flatten(second, grads);
      for (int i = 1; i < once.length; i++) {
        assertThat(twice[i]).isWithin(1e-14 * Math.max(1, Math.abs(once[i]))).of(2 * once[i]);
      }
      assertThat(dp.holder(0)).isSameInstanceAs(chunk0);
      assertThat(dp.chunks()).isEqualTo(8);
      assertThat(dp.threads()).isEqualTo(2);
    }
  }

  @Test
  void oneHolderPerThreadNotPerChunk() {
    int[] made = {0};
    try (DataParallel<SumHolder> dp =
        DataParallel.builder(
                () -> {
                  made[0]++;
                  return new SumHolder();
                },
                h -> Parameters.of(h.g))
            .threads(3)
            .chunks(16)
            .build()) {
      assertThat(made[0]).isEqualTo(3);
      double[] target = new double[2];
      dp.gradient(100, (i, into) -> {
        into.g[0] += 1;
        return 0;
      }, Parameters.of(target));
      assertThat(target[0]).isEqualTo(100.0);
      assertThat(made[0]).isEqualTo(3);
    }
  }

  @Test
  void smallAndEmptyBatches() {
    double[] tiny = run(3, 16, 5); // most chunks empty
    assertThat(Arrays.equals(tiny, run(1, 16, 5))).isTrue();
    double[] none = run(3, 16, 0);
    for (double x : none) {
      assertThat(x).isEqualTo(0.0);
    }
  }

  /** A hand-written holder: anything with arrays and a Parameters view works. */
  static final class SumHolder {
    final double[] g = new double[2];
  }

  @Test
  void worksWithAnyHolderTypeAndPropagatesFailures() {
    double[] target = new double[2];
    try (DataParallel<SumHolder> dp =
        DataParallel.builder(SumHolder::new, h -> Parameters.of(h.g))
            .threads(3)
            .chunks(4)
            .build()) {
      double loss =
          dp.gradient(
              10,
              (i, into) -> {
                into.g[0] += i;
                into.g[1] += 1;
                return i;
              },
              Parameters.of(target));
      assertThat(loss).isEqualTo(45.0);
      assertThat(target).usingExactEquality().containsExactly(45.0, 10.0).inOrder();

      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  dp.gradient(
                      10,
                      (i, into) -> {
                        if (i == 7) {
                          throw new IllegalStateException("example 7 is bad");
                        }
                        return 0;
                      },
                      Parameters.of(new double[2])));
      assertThat(e).hasMessageThat().isEqualTo("example 7 is bad");
      // still usable afterwards
      double[] again = new double[2];
      dp.gradient(
          4,
          (i, into) -> {
            into.g[1] += 1;
            return 0;
          },
          Parameters.of(again));
      assertThat(again[1]).isEqualTo(4.0);
    }
  }

  @Test
  void misuseIsReported() {
    try (DataParallel<SumHolder> dp =
        DataParallel.builder(SumHolder::new, h -> Parameters.of(h.g)).threads(2).build()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> dp.gradient(1, (i, into) -> 0, Parameters.of(new double[3])));
      assertThat(e).hasMessageThat().contains("double[2]");
      assertThat(e).hasMessageThat().contains("double[3]");
      assertThrows(
          IllegalArgumentException.class,
          () -> dp.gradient(-1, (i, into) -> 0, Parameters.of(new double[2])));
    }
    SumHolder shared = new SumHolder();
    assertThrows(
        IllegalArgumentException.class,
        () -> DataParallel.builder(() -> shared, h -> Parameters.of(h.g)).chunks(2).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> DataParallel.builder(SumHolder::new, h -> Parameters.of(h.g)).threads(0));
    DataParallel<SumHolder> closed =
        DataParallel.builder(SumHolder::new, h -> Parameters.of(h.g)).threads(2).build();
    closed.close();
    assertThrows(
        IllegalStateException.class,
        () -> closed.gradient(1, (i, into) -> 0, Parameters.of(new double[2])));
  }
}
