package composition.wrong;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/**
 * Deliberately WRONG hand-written adjoints: the processor trusts a @Derivative, so only the
 * numerical check can catch these. WrongAdjointTest asserts that it does, and that its report names
 * exactly the wrong coordinates.
 */
public class WrongAdjoints {
  /** sum_i (i + 1) x_i^2. */
  public static double weightedSquares(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (i + 1) * x[i] * x[i];
    }
    return s;
  }

  /** Right for every coordinate but x[2], where the weight (i + 1) is forgotten. */
  @Derivative(of = "weightedSquares")
  static void weightedSquaresAdjoint(double[] x, double seed, double[] dx) {
    for (int i = 0; i < x.length; i++) {
      double weight = i == 2 ? 1 : i + 1;
      dx[i] += seed * 2 * weight * x[i];
    }
  }

  /** x * c. */
  public static double[] scale(double[] x, double c) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * c;
    }
    return y;
  }

  /** Right for dx, but dc forgets the last element's contribution. */
  @Derivative(of = "scale")
  static double scaleAdjoint(double[] x, double c, double[] upstream, double[] dx) {
    double dc = 0;
    for (int i = 0; i < x.length; i++) {
      dx[i] += upstream[i] * c;
      if (i < x.length - 1) {
        dc += upstream[i] * x[i];
      }
    }
    return dc;
  }

  /** a * b with the two gradients swapped: wrong for both unless a == b. */
  public static double mul(double a, double b) {
    return a * b;
  }

  @Derivative(of = "mul")
  static double[] mulAdjoint(double a, double b, double seed) {
    return new double[] {seed * a, seed * b};
  }

  /** A correct body that calls the wrong adjoint: the error reaches the caller's v[2] only. */
  @Differentiable
  public static double caller(double[] v, double t) {
    double[] w = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      w[i] = v[i] * t;
    }
    return weightedSquares(w);
  }
}
