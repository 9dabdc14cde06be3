package io.github.chainrule.example.ner.model;

import io.github.chainrule.Differentiable;
import io.github.chainrule.runtime.ops.Activations;
import io.github.chainrule.runtime.ops.Embeddings;
import io.github.chainrule.runtime.ops.Linalg;
import io.github.chainrule.runtime.ops.Losses;

/**
 * The lecture's own binary window classifier, line by line: is the centre word of a window a
 * location? For the window "museums in Paris are amazing":
 *
 * <pre>
 * x = [x_museums x_in x_Paris x_are x_amazing]     the word vectors, concatenated
 * z = W x + b
 * h = f(z)
 * s = u . h                                         the window's score
 * J = -log sigma(s)  (a location),  -log(1 - sigma(s))  (not one)
 * </pre>
 *
 * <p>The gradient of {@link #loss} is chainrule's ({@code LectureNetwork_Grad}): the lecture's
 * {@code delta = u o f'(z)}, {@code dJ/dW = delta x^T} and {@code dJ/dx = W^T delta}, with the
 * word vectors updated from {@code dJ/dx}, are what its backward sweep computes. In {@link
 * NerParams}, {@code u} is the single row of {@code U}; {@code c} is unused.
 */
public final class LectureNetwork {
  private LectureNetwork() {}

  /**
   * The mean of J over a batch of windows.
   *
   * @param p the parameters (only {@code words}, {@code W}, {@code b} and {@code U[0]} are read)
   * @param windows the word rows of each window
   * @param isLocation 1 where the centre word is a location, else 0
   * @param activation the {@link Activation} ordinal of f
   */
  @Differentiable
  public static double loss(NerParams p, int[][] windows, int[] isLocation, int activation) {
    double J = 0.0;
    for (int r = 0; r < windows.length; r++) {
      double[] x = Embeddings.window(p.words(), windows[r]);
      double[] z = Linalg.affine(p.W(), x, p.b());
      double[] h;
      if (activation == 1) {
        h = Activations.relu(z);
      } else if (activation == 2) {
        h = Activations.sigmoid(z);
      } else {
        h = Activations.tanh(z);
      }
      double s = Linalg.dot(p.U()[0], h);
      J += Losses.logistic(s, isLocation[r]);
    }
    return J / windows.length;
  }

  /** The score s of each window, as {@link #loss} computes it. */
  public static double[] scores(NerParams p, int[][] windows, int activation) {
    double[] s = new double[windows.length];
    for (int r = 0; r < windows.length; r++) {
      double[] z = Linalg.affine(p.W(), Embeddings.window(p.words(), windows[r]), p.b());
      double[] h =
          activation == 1
              ? Activations.relu(z)
              : activation == 2 ? Activations.sigmoid(z) : Activations.tanh(z);
      s[r] = Linalg.dot(p.U()[0], h);
    }
    return s;
  }
}
