package io.github.chainrule.runtime.parallel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.runtime.ops.Activations;
import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.ops.Losses;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpThreadsTest {
  private final int saved = OpThreads.get();

  @AfterEach
  void restore() {
    OpThreads.set(saved);
  }

  @Test
  void everyIndexRunsExactlyOnce() {
    OpThreads.set(3);
    for (int n : new int[] {0, 1, 2, 3, 5, 17, 1000}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
      OpThreads.forRange(n, 10 * OpThreads.SEQUENTIAL_WORK, (from, to) -> {
        for (int i = from; i < to; i++) {
          seen.incrementAndGet(i);
        }
      });
      for (int i = 0; i < n; i++) {
        assertThat(seen.get(i)).isEqualTo(1);
      }
    }
  }

  @Test
  void largeWorkUsesSeveralThreadsAndSmallWorkStaysOnTheCaller() {
    OpThreads.set(2);
    ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
    for (int round = 0; round < 50 && names.stream().distinct().count() < 2; round++) {
      OpThreads.forRange(64, 100 * OpThreads.SEQUENTIAL_WORK, (from, to) -> {
        names.add(Thread.currentThread().getName());
        long end = System.nanoTime() + 200_000;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      });
    }
    assertThat(names.stream().distinct().count()).isEqualTo(2);

    List<String> small = new ArrayList<>();
    OpThreads.forRange(64, OpThreads.SEQUENTIAL_WORK - 1, (from, to) -> small.add(Thread.currentThread().getName()));
    assertThat(small).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void aFailureInAnyRangeReachesTheCaller() {
    OpThreads.set(2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> OpThreads.forRange(100, 100 * OpThreads.SEQUENTIAL_WORK, (from, to) -> {
              if (from <= 99 && 99 < to) {
                throw new IllegalStateException("range with 99");
              }
            }));
    assertThat(e).hasMessageThat().isEqualTo("range with 99");
    // and the threads are usable again afterwards
    everyIndexRunsExactlyOnce();
  }

  @Test
  void nestedCallsRunOnTheirThread() {
    OpThreads.set(2);
    AtomicIntegerArray inner = new AtomicIntegerArray(8 * 8);
    OpThreads.forRange(8, 100 * OpThreads.SEQUENTIAL_WORK, (from, to) -> {
      for (int i = from; i < to; i++) {
        int row = i;
        String outer = Thread.currentThread().getName();
        OpThreads.forRange(8, 100 * OpThreads.SEQUENTIAL_WORK, (f, t) -> {
          assertThat(Thread.currentThread().getName()).isEqualTo(outer);
          for (int j = f; j < t; j++) {
            inner.incrementAndGet(row * 8 + j);
          }
        });
      }
    });
    for (int k = 0; k < 64; k++) {
      assertThat(inner.get(k)).isEqualTo(1);
    }
  }

  @Test
  void opsGiveTheSameBitsForEveryThreadCount() {
    Random random = new Random(5);
    double[][] X = matrix(random, 67, 250);
    double[][] W = matrix(random, 203, 250);
    double[] b = matrix(random, 1, 203)[0];
    double[][] G = matrix(random, 67, 203);
    int[] labels = new int[67];
    for (int r = 0; r < labels.length; r++) {
      labels[r] = random.nextInt(203);
    }
    List<double[][]> reference = null;
    for (int threads : new int[] {1, 2, 3, 7}) {
      OpThreads.set(threads);
      List<double[][]> results = new ArrayList<>();
      double[][] A = Linalg.linear(X, W, b);
      double[][] H = Activations.tanhMatrix(A);
      results.add(A);
      results.add(H);
      results.add(Activations.sigmoidMatrix(A));
      results.add(Linalg.matmul(X, Linalg.matmulTN(W, W)));
      double[][] dX = new double[67][250];
      double[][] dW = new double[203][250];
      double[] db = new double[203];
      double[][] dA = new double[67][203];
      Activations.tanhMatrixAdjoint(A, H, G, dA);
      Linalg.linearAdjoint(X, W, b, dA, dX, dW, db);
      double[][] dZ = new double[67][203];
      Losses.crossEntropyBatchAdjoint(H, labels, 1.0, dZ);
      results.add(dA);
      results.add(dX);
      results.add(dW);
      results.add(new double[][] {db});
      results.add(dZ);
      if (reference == null) {
        reference = results;
      } else {
        for (int k = 0; k < results.size(); k++) {
          for (int i = 0; i < results.get(k).length; i++) {
            assertThat(results.get(k)[i]).usingExactEquality().containsExactly(reference.get(k)[i]).inOrder();
          }
        }
      }
    }
  }

  @Test
  void concurrentCallersEachGetTheirOwnResult() throws Exception {
    OpThreads.set(2);
    Random random = new Random(9);
    double[][] A = matrix(random, 80, 120);
    double[][] B = matrix(random, 120, 90);
    OpThreads.set(1);
    double[][] expected = Linalg.matmul(A, B);
    OpThreads.set(2);
    List<Thread> threads = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(() -> {
            try {
              for (int round = 0; round < 20; round++) {
                double[][] C = Linalg.matmul(A, B);
                for (int i = 0; i < C.length; i++) {
                  assertThat(C[i]).usingExactEquality().containsExactly(expected[i]).inOrder();
                }
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void threadCountMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> OpThreads.set(0));
  }

  private static double[][] matrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }
}
