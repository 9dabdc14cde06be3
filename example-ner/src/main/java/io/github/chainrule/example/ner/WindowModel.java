package io.github.chainrule.example.ner;

import io.github.chainrule.Differentiable;

/**
 * The window classifier of the backprop lecture: the word vectors of a window are concatenated
 * into {@code x}, and the network scores the centre word as
 *
 * <pre>
 *   z = W x + b,   h = sigmoid(z),   s = u . h
 * </pre>
 *
 * <p>{@link #score} is plain Java; chainrule writes {@code WindowModel_Grad} from it at compile
 * time. {@link #lectureGradient} is the same gradient derived by hand with the lecture's delta
 * formulas, kept only so that the example can show that both agree.
 */
public final class WindowModel {
  private WindowModel() {}

  /** The parameters: {@code W} is n x (window * d), {@code b} and {@code u} have length n. */
  public record Params(double[][] W, double[] b, double[] u) {}

  /** The lecture's network, s = u . sigmoid(W x + b). */
  @Differentiable
  public static double score(Params p, double[] x) {
    double s = 0.0;
    for (int i = 0; i < p.b().length; i++) {
      double[] row = p.W()[i];
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += row[j] * x[j];
      }
      double h = 1.0 / (1.0 + Math.exp(-z));
      s += p.u()[i] * h;
    }
    return s;
  }

  /**
   * The gradient by hand, as the lecture derives it: with {@code delta = u o sigmoid'(z)},
   * ds/dW = delta x^T, ds/db = delta, ds/du = h and ds/dx = W^T delta.
   *
   * @return the gradients of W, b and u in a {@link Params}, and the gradient of x in {@code dx}
   */
  public static Params lectureGradient(Params p, double[] x, double[] dx) {
    int n = p.b().length;
    double[][] dW = new double[n][x.length];
    double[] db = new double[n];
    double[] du = new double[n];
    java.util.Arrays.fill(dx, 0.0);
    for (int i = 0; i < n; i++) {
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += p.W()[i][j] * x[j];
      }
      double h = 1.0 / (1.0 + Math.exp(-z));
      double delta = p.u()[i] * h * (1.0 - h);
      du[i] = h;
      db[i] = delta;
      for (int j = 0; j < x.length; j++) {
        dW[i][j] = delta * x[j];
        dx[j] += p.W()[i][j] * delta;
      }
    }
    return new Params(dW, db, du);
  }
}
