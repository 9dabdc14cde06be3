package demo;

import static com.google.common.truth.Truth.assertThat;
import static io.github.chainrule.runtime.check.GradientSubject.assertThatGradient;

import io.github.chainrule.runtime.io.ParameterFile;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticRegressionTest {
  @Test
  void gradientMatchesCentralDifferences() {
    LogisticRegression.Params p =
        new LogisticRegression.Params(new double[] {0.3, -0.2}, new double[] {0.1});
    double[] x = {1.5, -0.5};
    LogisticRegression_Grad.Loss grad = LogisticRegression_Grad.loss(p, x, 1);
    assertThatGradient(grad.p())
        .matchesNumericalGradientOf(q -> LogisticRegression.loss(q, x, 1))
        .atPoint(p);
  }

  @Test
  void trainingSeparatesTwoClouds(@TempDir Path dir) throws Exception {
    Random random = new Random(1);
    double[][] xs = new double[200][];
    int[] ys = new int[200];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = i % 2;
      double centre = ys[i] == 1 ? 1.0 : -1.0;
      xs[i] = new double[] {centre + random.nextGaussian(), centre + random.nextGaussian()};
    }
    LogisticRegression.Params model = Training.fit(xs, ys, 300);
    int correct = 0;
    for (int i = 0; i < xs.length; i++) {
      double z = model.b()[0] + model.w()[0] * xs[i][0] + model.w()[1] * xs[i][1];
      correct += (z > 0 ? 1 : 0) == ys[i] ? 1 : 0;
    }
    assertThat(correct).isAtLeast(180);

    // Save the trained parameters, and load them into a fresh model of the same shape.
    Path file = dir.resolve("model.safetensors");
    ParameterFile.write(file, model);
    LogisticRegression.Params loaded =
        new LogisticRegression.Params(new double[2], new double[1]);
    ParameterFile.read(file).copyInto(loaded);
    assertThat(loaded.w()).isEqualTo(model.w());
  }
}
