package rules;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;

/**
 * Constructs that deliberately planted bugs in the processor survived (a ternary whose condition
 * variable is overwritten later, a continue flag, hand-written adjoints with several scalar
 * parameters), each driven by ConstructTest at points where its gradient is known exactly.
 */
public class Constructs {
  /** y reads c in its condition; c is overwritten afterwards, so the backward sweep must restore it. */
  @Differentiable
  public static double ternaryThenOverwrite(double x, double c) {
    double y = c > 0 ? x * x : 3 * x;
    c = -2 * c;
    double z = c > 0 ? 5 * x : x * c;
    return y + z;
  }

  /** The condition variable is a loop-carried local that each iteration overwrites. */
  @Differentiable
  public static double ternaryInLoop(double x) {
    double s = 1;
    double acc = 0;
    for (int i = 0; i < 4; i++) {
      acc += s > 0 ? x * i : x * x;
      s = -s;
    }
    return acc;
  }

  /** continue on even i: later iterations must run again (the flag is reset per iteration). */
  @Differentiable
  public static double continueEveryOther(double x) {
    double s = 0;
    for (int i = 0; i < 5; i++) {
      if (i % 2 == 0) {
        continue;
      }
      s += x * i;
    }
    return s;
  }

  /** continue to an outer loop from an inner one, then the inner loop runs in full again. */
  @Differentiable
  public static double continueOuter(double x) {
    double s = 0;
    outer:
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        if (j == i) {
          continue outer;
        }
        s += x * (10 * i + j);
      }
      s += 100 * x;
    }
    return s;
  }

  /** continue in a while loop whose test is data dependent. */
  @Differentiable
  public static double continueInWhile(double x) {
    double s = 0;
    int i = 0;
    while (i < 6) {
      i++;
      if (i == 2 || i == 3) {
        continue;
      }
      s += x * x * i;
    }
    return s;
  }

  // --- hand-written adjoints with several scalar parameters ---------------------------------

  static double weighted(double a, double b, double c) {
    return a * b * b + 3 * c;
  }

  @Derivative(of = "weighted")
  static double[] weightedAdjoint(double a, double b, double c, double seed) {
    return new double[] {seed * b * b, seed * 2 * a * b, seed * 3};
  }

  /** Scalars around an array: the array's gradient goes to its buffer, the scalars' are returned. */
  static double mixed(double a, double[] v, double b) {
    return a * v[0] + b * v[1];
  }

  @Derivative(of = "mixed")
  static double[] mixedAdjoint(double a, double[] v, double b, double seed, double[] dv) {
    if (dv != null) {
      dv[0] += seed * a;
      dv[1] += seed * b;
    }
    return new double[] {seed * v[0], seed * v[1]};
  }

  /** Arguments swapped and repeated: each scalar gradient must reach its own argument. */
  @Differentiable
  public static double callsWeighted(double x, double y) {
    return weighted(x, y, 2 * x) + weighted(y, x, y) + 0.5 * weighted(1, x, x * y);
  }

  @Differentiable
  public static double callsMixed(double x, double[] v, double y) {
    return mixed(y, v, x) * 2 + mixed(x * x, v, 3);
  }
}
