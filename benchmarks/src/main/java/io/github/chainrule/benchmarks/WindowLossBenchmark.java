package io.github.chainrule.benchmarks;

import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.model.NerNetwork;
import io.github.chainrule.example.ner.model.NerNetwork_Grad;
import io.github.chainrule.example.ner.model.NerParams;
import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.parallel.OpThreads;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One window of the lecture's classifier (d = 50, window 5, H = 200 tanh, 5 classes, softmax
 * cross-entropy), one thread: the gradient chainrule generated for the NER trainer's loss ({@link
 * NerNetwork#loss}, a batch of one, on the window's compact table as the trainer gives it), against
 * the lecture's delta formulas written by hand ({@link HandWrittenWindowGradient}), and the
 * forward pass alone. Both gradients add into buffers made once and never cleared between calls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WindowLossBenchmark {
  @Param({"20000"})
  int vocab;

  NerParams compact;
  int[][] words;
  int[] labels = {3};
  NerNetwork_Grad.Loss holder;
  HandWrittenWindowGradient hand;
  int[] window;
  NerModel model;

  static final double[][] NONE = new double[0][0];
  static final int[][] EMPTY = {new int[0]};
  static final int[] NO_SENTENCES = new int[0];

  /** The model, one window's compact table, the holder and the hand-written buffers. */
  @Setup
  public void setUp() {
    OpThreads.set(1);
    model = WindowTraining.model(vocab, 1);
    SplittableRandom random = new SplittableRandom(2);
    window = new int[5];
    for (int k = 0; k < 5; k++) {
      window[k] = WindowTraining.zipfLike(random, vocab);
    }
    NerParams p = model.params();
    IndexedRows rows = new IndexedRows(p.words(), 5);
    words = new int[][] {rows.localize(window)};
    IndexedRows none = new IndexedRows(p.casing(), 0);
    compact = p.withTables(rows.rows(), none.rows(), none.rows(), none.rows());
    holder = new NerNetwork_Grad.Loss();
    generated();
    hand = new HandWrittenWindowGradient(p, 5);
  }

  /** The loss alone, the plain method. */
  @Benchmark
  public double forward() {
    return NerNetwork.loss(compact, words, EMPTY, EMPTY, EMPTY, EMPTY, NONE, NONE, 0, NerNetwork.SOFTMAX, labels, NO_SENTENCES);
  }

  /** The generated gradient of the trainer's loss, added into a holder made once. */
  @Benchmark
  public double generated() {
    return NerNetwork_Grad.loss(
        compact, words, EMPTY, EMPTY, EMPTY, EMPTY, NONE, NONE, 0, NerNetwork.SOFTMAX, labels, NO_SENTENCES, holder);
  }

  /** The lecture's delta formulas by hand, added into buffers made once. */
  @Benchmark
  public double handWritten() {
    return hand.addGradient(compact, words[0], labels[0]);
  }
}
