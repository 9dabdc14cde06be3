package io.github.chainrule.runtime.optim;

import static com.google.common.truth.Truth.assertThat;

import io.github.chainrule.runtime.param.Parameters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training real models: {@link TinyModels}' gradients come from the companion that the chainrule
 * processor generated while this test compiled, seen through {@link Parameters} views of the
 * holders' live buffers.
 */
class EndToEndTrainingTest {

  @Test
  void adamFitsALinearRegression() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 64;
    int d = 5;
    double[] trueW = {1.5, -2.0, 0.5, 0.0, 3.0};
    double[][] xs = new double[n][d];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        xs[i][j] = rnd.nextDouble(-1, 1);
        ys[i] += trueW[j] * xs[i][j];
      }
      ys[i] += 0.7;
    }
    TinyModels.Linear model = new TinyModels.Linear(new double[d], new double[1]);
    TinyModels_Grad.SquaredError holder =
        TinyModels_Grad.SquaredError.zerosLike(model, xs[0], ys[0]);
    Parameters params = Parameters.ofRecord(model);
    Adam adam = Adam.builder().learningRate(0.05).build(params, Parameters.ofRecord(holder.p()));

    double first = Double.NaN;
    double loss = Double.NaN;
    for (int epoch = 0; epoch < 300; epoch++) {
      adam.zeroGrad();
      loss = 0;
      for (int i = 0; i < n; i++) {
        loss += TinyModels_Grad.squaredError(model, xs[i], ys[i], holder);
      }
      loss /= n;
      if (epoch == 0) {
        first = loss;
      }
      adam.step();
    }
    assertThat(loss).isLessThan(first * 1e-4);
    assertThat(model.w()[0]).isWithin(1e-2).of(1.5);
    assertThat(model.b()[0]).isWithin(1e-2).of(0.7);
  }

  @Test
  void sparseAdamTrainsAnEmbeddingTouchingOnlyTheBatchRows() {
    SplittableRandom rnd = new SplittableRandom(11);
    int vocab = 200;
    int dim = 4;
    double[] wordValue = new double[vocab];
    for (int v = 0; v < vocab; v++) {
      wordValue[v] = rnd.nextDouble(-1, 1);
    }
    int n = 400;
    int[][] docs = new int[n][];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      docs[i] = new int[3];
      for (int k = 0; k < 3; k++) {
        docs[i][k] = rnd.nextInt(vocab);
        ys[i] += wordValue[docs[i][k]];
      }
    }
    double[][] emb = new double[vocab][dim];
    for (double[] row : emb) {
      for (int j = 0; j < dim; j++) {
        row[j] = rnd.nextDouble(-0.1, 0.1);
      }
    }
    double[] readout = {0.5, -0.5, 0.5, -0.5};
    TinyModels.Bag model = new TinyModels.Bag(emb, readout);
    TinyModels_Grad.BagError holder = TinyModels_Grad.BagError.zerosLike(model, docs[0], ys[0]);
    TinyModels.Bag grads = holder.p();
    SparseAdam sparse = SparseAdam.builder().learningRate(0.05).build(emb, grads.embedding());
    Adam dense =
        Adam.builder()
            .learningRate(0.01)
            .build(Parameters.of(readout), Parameters.of(grads.readout()));
    RowSet touched = new RowSet(vocab);

    double firstEpoch = 0;
    double lastEpoch = 0;
    int batch = 8;
    int[] untouchedProbe = null;
    for (int epoch = 0; epoch < 40; epoch++) {
      double epochLoss = 0;
      for (int start = 0; start < n; start += batch) {
        touched.clear();
        dense.zeroGrad();
        for (int i = start; i < start + batch; i++) {
          epochLoss += TinyModels_Grad.bagError(model, docs[i], ys[i], holder);
          touched.addAll(docs[i]);
        }
        if (untouchedProbe == null) {
          untouchedProbe = untouchedRow(touched, emb);
        }
        double[] before = emb[untouchedProbe[0]].clone();
        sparse.step(touched);
        dense.step();
        if (!touched.contains(untouchedProbe[0])) {
          assertThat(emb[untouchedProbe[0]]).usingExactEquality().containsExactly(before).inOrder();
        }
        sparse.zeroGrad(touched);
      }
      if (epoch == 0) {
        firstEpoch = epochLoss;
      }
      lastEpoch = epochLoss;
    }
    assertThat(lastEpoch).isLessThan(firstEpoch * 0.05);
    // the gradient rows were cleared row by row: the whole gradient is zero again
    for (double[] row : grads.embedding()) {
      assertThat(row).usingExactEquality().containsExactly(new double[dim]);
    }
  }

  private static int[] untouchedRow(RowSet touched, double[][] emb) {
    for (int r = 0; r < emb.length; r++) {
      if (!touched.contains(r)) {
        return new int[] {r};
      }
    }
    throw new AssertionError("every row touched");
  }
}
