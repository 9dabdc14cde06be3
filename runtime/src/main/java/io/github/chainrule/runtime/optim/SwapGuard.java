package io.github.chainrule.runtime.optim;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Catches an optimizer bound with its parameters and gradients the wrong way round, at its first
 * step, before a training run goes on at a constant loss.
 *
 * <p>The two views have the same shape and the same Java type, so nothing tells them apart when
 * the optimizer is built. What tells them apart is who writes them: between binding and the first
 * step, the code that computes gradients (a generated companion adding into its holder) writes
 * the gradient arrays and only reads the parameters. So the guard takes a fingerprint of each side
 * when the optimizer is bound (again for the gradients after each {@code zeroGrad()} before the
 * first step) and compares at the first step: if the "parameters" changed while the "gradients"
 * did not, the arrays the optimizer was told are gradients were not written by anything, and the
 * arrays it was told are parameters were: the two were passed the wrong way round. With the views
 * swapped, {@code zeroGrad()} would zero the model, and every step would subtract the model from
 * its own gradient.
 *
 * <p>A correct binding passes unless the parameters are changed from outside between binding and
 * the first step and no gradient is computed in between (nothing an ordinary loop does). After the
 * first step the guard costs nothing.
 */
final class SwapGuard {
  private final double[][] parameterSegments;
  private final double[][] gradientSegments;
  private final String parameterName;
  private final String gradientName;
  private long parameterPrint;
  private long gradientPrint;
  private boolean done;

  /**
   * @throws IllegalArgumentException if an array is on both sides (a step would then update the
   *     parameters with themselves)
   */
  SwapGuard(double[][] parameterSegments, double[][] gradientSegments, String parameterName, String gradientName) {
    Map<double[], Boolean> parameters = new IdentityHashMap<>();
    for (double[] s : parameterSegments) {
      parameters.put(s, Boolean.TRUE);
    }
    for (double[] s : gradientSegments) {
      if (parameters.containsKey(s)) {
        throw new IllegalArgumentException(
            "the same array is both a parameter and a gradient; bind the optimizer to the model's "
                + parameterName
                + " and to the gradient holder's "
                + gradientName);
      }
    }
    this.parameterSegments = parameterSegments;
    this.gradientSegments = gradientSegments;
    this.parameterName = parameterName;
    this.gradientName = gradientName;
    this.parameterPrint = fingerprint(parameterSegments);
    this.gradientPrint = fingerprint(gradientSegments);
  }

  /** After the optimizer cleared the gradients: they count as unwritten from here. */
  void gradientsCleared() {
    if (!done) {
      gradientPrint = fingerprint(gradientSegments);
    }
  }

  /**
   * At each step; checks at the first.
   *
   * @throws IllegalStateException if the views look swapped
   */
  void beforeStep() {
    if (done) {
      return;
    }
    done = true;
    boolean parametersWritten = fingerprint(parameterSegments) != parameterPrint;
    boolean gradientsWritten = fingerprint(gradientSegments) != gradientPrint;
    if (parametersWritten && !gradientsWritten) {
      throw new IllegalStateException(
          "the optimizer's parameters and gradients look swapped: since it was built, its "
              + parameterName
              + " were written (as a gradient holder's are) and its "
              + gradientName
              + " were not; build it as builder().build(parameters, gradients), e.g."
              + " build(Parameters.ofRecord(model), Parameters.ofRecord(holder.p()))");
    }
  }

  /** A 64-bit fingerprint of every element's bits, in segment order. */
  private static long fingerprint(double[][] segments) {
    long h = 0x9E3779B97F4A7C15L;
    for (double[] s : segments) {
      for (double v : s) {
        h = (h ^ Double.doubleToRawLongBits(v)) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
      }
      h = h * 31 + s.length;
    }
    return h;
  }
}
