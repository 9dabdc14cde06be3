package io.github.chainrule.runtime.optim;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.runtime.param.IndexedRows;
import io.github.chainrule.runtime.param.Parameters;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * An optimizer bound with the gradient view where the parameter view belongs (and the other way
 * round) is refused at its first step, in every optimizer, whichever order the loop clears and
 * accumulates in; a correct binding trains.
 */
class SwappedViewsTest {

  private static final List<BiFunction<Parameters, Parameters, Optimizer>> DENSE =
      List.of(
          (p, g) -> Sgd.plain(0.01, p, g),
          (p, g) -> Sgd.builder().learningRate(0.002).momentum(0.9).build(p, g),
          (p, g) -> Adagrad.builder().learningRate(0.1).build(p, g),
          (p, g) -> RmsProp.builder().learningRate(0.01).build(p, g),
          (p, g) -> Adam.builder().learningRate(0.05).build(p, g),
          (p, g) -> AdamW.builder().learningRate(0.05).build(p, g));

  /** A small regression problem: {@code y = 1.5 x0 - 2 x1 + 0.5 x2 + 0.7}. */
  private static final double[][] XS = new double[32][3];

  private static final double[] YS = new double[32];

  static {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < XS.length; i++) {
      for (int j = 0; j < 3; j++) {
        XS[i][j] = rnd.nextDouble(-1, 1);
      }
      YS[i] = 1.5 * XS[i][0] - 2.0 * XS[i][1] + 0.5 * XS[i][2] + 0.7;
    }
  }

  private static TinyModels.Linear freshModel() {
    return new TinyModels.Linear(new double[] {0.1, -0.2, 0.3}, new double[] {0.05});
  }

  private static double accumulate(TinyModels.Linear model, TinyModels_Grad.SquaredError holder) {
    double loss = 0;
    for (int i = 0; i < XS.length; i++) {
      loss += TinyModels_Grad.squaredError(model, XS[i], YS[i], holder);
    }
    return loss / XS.length;
  }

  @Test
  void swappedDenseViewsAreRefusedAtTheFirstStepWhenTheLoopClearsFirst() {
    for (BiFunction<Parameters, Parameters, Optimizer> make : DENSE) {
      TinyModels.Linear model = freshModel();
      TinyModels_Grad.SquaredError holder = TinyModels_Grad.SquaredError.zerosLike(model);
      Optimizer opt = make.apply(Parameters.ofRecord(holder.p()), Parameters.ofRecord(model));
      opt.zeroGrad();
      accumulate(model, holder);
      IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
      assertThat(e).hasMessageThat().contains("look swapped");
      assertThat(e).hasMessageThat().contains("build(Parameters.ofRecord(model), Parameters.ofRecord(holder.p()))");
    }
  }

  @Test
  void swappedDenseViewsAreRefusedAtTheFirstStepWhenTheLoopClearsLast() {
    for (BiFunction<Parameters, Parameters, Optimizer> make : DENSE) {
      TinyModels.Linear model = freshModel();
      TinyModels_Grad.SquaredError holder = TinyModels_Grad.SquaredError.zerosLike(model);
      Optimizer opt = make.apply(Parameters.ofRecord(holder.p()), Parameters.ofRecord(model));
      accumulate(model, holder);
      assertThrows(IllegalStateException.class, opt::step);
      // nothing was updated: the model is as it was made
      assertThat(model.w()).usingExactEquality().containsExactly(0.1, -0.2, 0.3).inOrder();
    }
  }

  @Test
  void swappedDenseViewsAreRefusedWhenTheHolderIsClearedByHand() {
    TinyModels.Linear model = freshModel();
    TinyModels_Grad.SquaredError holder = TinyModels_Grad.SquaredError.zerosLike(model);
    Optimizer opt = Adam.builder().learningRate(0.05).build(Parameters.ofRecord(holder.p()), Parameters.ofRecord(model));
    holder.zero();
    accumulate(model, holder);
    assertThrows(IllegalStateException.class, opt::step);
  }

  @Test
  void theSameArraysOnBothSidesAreRefusedAtConstruction() {
    double[] w = {1, 2};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sgd.plain(0.1, Parameters.of(w), Parameters.of(w)));
    assertThat(e).hasMessageThat().contains("both a parameter and a gradient");
  }

  @Test
  void aCorrectBindingTrainsWithEveryOptimizer() {
    for (BiFunction<Parameters, Parameters, Optimizer> make : DENSE) {
      TinyModels.Linear model = freshModel();
      TinyModels_Grad.SquaredError holder = TinyModels_Grad.SquaredError.zerosLike(model);
      Optimizer opt = make.apply(Parameters.ofRecord(model), Parameters.ofRecord(holder.p()));
      double first = Double.NaN;
      double loss = Double.NaN;
      for (int epoch = 0; epoch < 200; epoch++) {
        opt.zeroGrad();
        loss = accumulate(model, holder);
        if (epoch == 0) {
          first = loss;
        }
        opt.step();
      }
      assertWithMessage(opt.getClass().getSimpleName()).that(loss).isLessThan(first * 0.5);
    }
  }

  @Test
  void aGradientSetBeforeBindingIsNotTakenForASwap() {
    double[] theta = {1.0};
    double[] g = {0.5};
    Sgd sgd = Sgd.plain(0.1, Parameters.of(theta), Parameters.of(g));
    sgd.step();
    sgd.step();
    assertThat(theta[0]).isWithin(1e-15).of(0.9);
  }

  @Test
  void swappedSparseMatricesAreRefusedAtTheFirstDenseStep() {
    double[][] embedding = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}};
    double[][] gradient = new double[3][2];
    List<SparseOptimizer> optimizers =
        List.of(
            new SparseSgd(gradient, embedding, 0.1),
            SparseAdam.builder().learningRate(0.1).build(gradient, embedding),
            SparseAdagrad.builder().learningRate(0.1).build(gradient, embedding));
    for (SparseOptimizer opt : optimizers) {
      gradient[1][0] += 0.25; // what a companion adds into the gradient
      RowSet rows = new RowSet(3);
      rows.add(1);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.step(rows));
      assertThat(e).hasMessageThat().contains("embedding");
      assertThat(e).hasMessageThat().contains("look swapped");
    }
    assertThat(embedding[1]).usingExactEquality().containsExactly(0.3, 0.4).inOrder();
  }

  @Test
  void aCorrectSparseBindingSteps() {
    double[][] embedding = {{0.1, 0.2}, {0.3, 0.4}};
    double[][] gradient = new double[2][2];
    SparseSgd sgd = new SparseSgd(embedding, gradient, 0.5);
    RowSet rows = new RowSet(2);
    rows.add(0);
    sgd.zeroGrad(rows);
    gradient[0][1] = 1.0;
    sgd.step(rows);
    assertThat(embedding[0]).usingExactEquality().containsExactly(0.1, 0.2 - 0.5).inOrder();
  }

  @Test
  void theEmbeddingPassedAsItsOwnRowSparseGradientIsRefused() {
    double[][] embedding = {{0.1, 0.2}, {0.3, 0.4}};
    SparseSgd sgd = new SparseSgd(embedding, 0.5);
    IndexedRows rows = new IndexedRows(embedding, 2);
    rows.add(0);
    rows.add(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sgd.step(rows, embedding));
    assertThat(e).hasMessageThat().contains("the embedding itself");
  }
}
