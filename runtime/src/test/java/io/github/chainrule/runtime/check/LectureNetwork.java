package io.github.chainrule.runtime.check;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/**
 * Functions for the end-to-end tests: the chainrule processor writes {@code LectureNetwork_Grad}
 * for them while the runtime's tests compile.
 */
public final class LectureNetwork {
  private LectureNetwork() {}

  /** The lecture's network parameters: {@code s = u . sigmoid(W x + b)}. */
  public record Params(double[][] W, double[] b, double[] u) {}

  /** A record with a scalar component, which the checker perturbs by rebuilding the record. */
  public record Scaled(double[] v, double scale) {}

  /** {@code s = u . sigmoid(W x + b)}, the lecture's window score. */
  @Differentiable
  public static double score(Params p, double[] x) {
    double s = 0;
    for (int i = 0; i < p.W().length; i++) {
      double z = p.b()[i];
      for (int j = 0; j < x.length; j++) {
        z += p.W()[i][j] * x[j];
      }
      s += p.u()[i] / (1 + Math.exp(-z));
    }
    return s;
  }

  /** {@code scale * sum(v_i^2) + sin(scale)}. */
  @Differentiable
  public static double energy(Scaled s) {
    double sum = 0;
    for (double vi : s.v()) {
      sum += vi * vi;
    }
    return s.scale() * sum + Math.sin(s.scale());
  }

  /** {@code a * sum(v_i^2)}, differentiated by {@link #weightedNormAdjoint}, not by its body. */
  public static double weightedNorm(double a, double[] v) {
    double sum = 0;
    for (double vi : v) {
      sum += vi * vi;
    }
    return a * sum;
  }

  /**
   * A deliberately wrong adjoint of {@link #weightedNorm}: right for {@code a} and for every
   * {@code v[i]} but {@code v[2]}, whose factor 2 is missing.
   */
  @Derivative(of = "weightedNorm")
  public static double weightedNormAdjoint(double a, double[] v, double seed, double[] dv) {
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += v[i] * v[i];
      dv[i] += seed * (i == 2 ? a * v[i] : 2 * a * v[i]); // the bug: v[2] lacks the factor 2
    }
    return seed * sum;
  }

  /** {@code weightedNorm(a, v) + a^2}: differentiable through the hand-written adjoint. */
  @Differentiable
  public static double penalized(double a, double[] v) {
    return weightedNorm(a, v) + a * a;
  }
}
