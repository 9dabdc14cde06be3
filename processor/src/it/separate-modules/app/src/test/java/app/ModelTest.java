package app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import lib.Layers;
import org.junit.jupiter.api.Test;

/**
 * Checks the gradient of {@link Model#score}, whose companion calls lib's companion across the jar
 * boundary, against the lecture's delta formulas and against central differences.
 */
class ModelTest {
  private static final double[][] W = {{0.5, -0.25, 0.1}, {-0.3, 0.8, 0.2}};
  private static final double[] B = {0.05, -0.1};
  private static final double[] U = {1.5, -0.7};
  private static final double[] X = {0.4, -0.6, 0.9};

  @Test
  void gradientMatchesTheDeltaFormulas() {
    Layers.Dense layer = new Layers.Dense(copy(W), B.clone());
    Model_Grad.Score grad = Model_Grad.score(layer, U.clone(), X.clone());

    // Forward by hand: z = W x + b, h = tanh(z), p = softmax(h).
    double[] h = new double[2];
    for (int i = 0; i < 2; i++) {
      double z = B[i];
      for (int j = 0; j < 3; j++) {
        z += W[i][j] * X[j];
      }
      h[i] = Math.tanh(z);
    }
    double lse = Math.log(Math.exp(h[0]) + Math.exp(h[1]));
    assertEquals(U[0] * h[0] + U[1] * h[1] + lse, grad.value(), 1e-12);

    // Backward by hand: ds/du = h; delta = (u + softmax(h)) * (1 - h^2); ds/db = delta;
    // ds/dW = delta x^T; ds/dx = W^T delta.
    double[] delta = new double[2];
    for (int i = 0; i < 2; i++) {
      delta[i] = (U[i] + Math.exp(h[i] - lse)) * (1 - h[i] * h[i]);
      assertEquals(h[i], grad.u()[i], 1e-12, "du[" + i + "]");
      assertEquals(delta[i], grad.layer().b()[i], 1e-12, "db[" + i + "]");
      for (int j = 0; j < 3; j++) {
        assertEquals(delta[i] * X[j], grad.layer().W()[i][j], 1e-12, "dW[" + i + "][" + j + "]");
      }
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(W[0][j] * delta[0] + W[1][j] * delta[1], grad.x()[j], 1e-12, "dx[" + j + "]");
    }
  }

  @Test
  void gradientMatchesCentralDifferences() {
    double step = 1e-6;
    Layers.Dense layer = new Layers.Dense(copy(W), B.clone());
    Model_Grad.Score grad = Model_Grad.score(layer, U.clone(), X.clone());
    for (int j = 0; j < X.length; j++) {
      double[] plus = X.clone();
      double[] minus = X.clone();
      plus[j] += step;
      minus[j] -= step;
      double numeric = (Model.score(layer, U, plus) - Model.score(layer, U, minus)) / (2 * step);
      assertEquals(numeric, grad.x()[j], 1e-7, "dx[" + j + "]");
    }
    for (int i = 0; i < W.length; i++) {
      for (int j = 0; j < W[i].length; j++) {
        double[][] plus = copy(W);
        double[][] minus = copy(W);
        plus[i][j] += step;
        minus[i][j] -= step;
        double numeric =
            (Model.score(new Layers.Dense(plus, B), U, X) - Model.score(new Layers.Dense(minus, B), U, X))
                / (2 * step);
        assertEquals(numeric, grad.layer().W()[i][j], 1e-7, "dW[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void libraryPullbackIsAVectorJacobianProduct() {
    // The companion lib compiled into its jar: affine's pullback with upstream v gives W^T v for x.
    double[] v = {2.0, -1.0};
    Layers.Dense layer = new Layers.Dense(copy(W), B.clone());
    lib.Layers_Grad.Affine vjp = lib.Layers_Grad.affine(layer, X.clone(), v.clone());
    for (int j = 0; j < 3; j++) {
      assertEquals(W[0][j] * v[0] + W[1][j] * v[1], vjp.x()[j], 1e-12, "x[" + j + "]");
    }
    assertEquals(v[1], vjp.layer().b()[1], 0.0);
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
