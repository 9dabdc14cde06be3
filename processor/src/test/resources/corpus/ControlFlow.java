package corpus;

import static corpus.Domains.args;
import static corpus.Domains.awayFrom;
import static corpus.Domains.signed;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** Locals, assignment forms, branches, loops, break/continue and early returns. */
public class ControlFlow {
  /** A local overwritten several times; the old value feeds the new one. */
  @Differentiable
  public static double reassignment(double x, double y) {
    double a = x * y;
    a = a + x;
    a = Math.sin(a) * a;
    double b = a;
    a = y;
    a = a * b;
    return a + b;
  }

  static Object[] reassignmentArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }

  /** Every compound assignment, ++ and -- on doubles and ints, unary minus. */
  @Differentiable
  public static double compoundAssignment(double x, double y) {
    double a = x;
    a += y * y;
    a -= 2 * x;
    a *= x + 1;
    a /= y;
    a++;
    a--;
    a++;
    int n = 0;
    n++;
    n += 2;
    n--;
    a *= n;
    double b = -a;
    b += -x;
    return -b;
  }

  static Object[] compoundAssignmentArgs(Random random) {
    return args(uniform(random, -2, 2), signed(random, 0.5, 2));
  }

  /** var, long, boolean and int locals, casts between int and double. */
  @Differentiable
  public static double localKinds(double x, int k) {
    var y = x * 2;
    long big = 3L * k;
    boolean positive = x > 0;
    int i = (int) big + 1;
    double scale = (double) i / 4;
    boolean small = k < 2;
    if (positive && !small) {
      y = y * scale;
    }
    return y + big * x;
  }

  static Object[] localKindsArgs(Random random) {
    return args(signed(random, 0.1, 2), random.nextInt(4));
  }

  /** Ternaries, nested, choosing between active values. */
  @Differentiable
  public static double ternary(double x, double y) {
    double a = x > y ? x * y : x / y;
    double b = a > 0 ? (x > 0 ? Math.exp(a) : a * a) : -a;
    return a + b;
  }

  static Object[] ternaryArgs(Random random) {
    double y = signed(random, 0.5, 2);
    double x = awayFrom(random, -2, 2, 0.1, y, 0);
    double a = x > y ? x * y : x / y;
    return Math.abs(a) < 0.05 ? ternaryArgs(random) : args(x, y);
  }

  /** An if / else if / else chain. */
  @Differentiable
  public static double ifElseChain(double x) {
    double y;
    if (x < -1) {
      y = -x * x;
    } else if (x < 1) {
      y = Math.sin(x);
    } else {
      y = Math.log(x) + Math.sin(1);
    }
    return y * x;
  }

  static Object[] ifElseChainArgs(Random random) {
    return args(awayFrom(random, -3, 3, 0.1, -1, 1));
  }

  /** if without else, conditions with && || !, a branch that only sometimes overwrites. */
  @Differentiable
  public static double conditions(double x, double y) {
    double r = x + y;
    if (x > 0 && y > 0) {
      r = r * x;
    }
    if (!(x > 0) || y < -1) {
      r = r - y * y;
    }
    if (x * y > 1) {
      r += 1;
    } else {
      r -= x;
    }
    return r;
  }

  static Object[] conditionsArgs(Random random) {
    while (true) {
      double x = awayFrom(random, -2, 2, 0.1, 0);
      double y = awayFrom(random, -2, 2, 0.1, 0, -1);
      if (Math.abs(x * y - 1) > 0.1) {
        return args(x, y);
      }
    }
  }

  /** A for loop with an int trip count: x^n by repeated multiplication. */
  @Differentiable
  public static double power(double x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
      p *= x;
    }
    return p;
  }

  static Object[] powerArgs(Random random) {
    return args(uniform(random, -1.5, 1.5), 2 + random.nextInt(5));
  }

  /** A data-dependent trip count: halve until at most 1 (the parameter itself is reassigned). */
  @Differentiable
  public static double halving(double x) {
    while (x > 1) {
      x = x / 2;
    }
    return x;
  }

  static Object[] halvingArgs(Random random) {
    // Stay off the powers of two, where the trip count changes.
    int k = random.nextInt(5);
    return args(Math.pow(2, k) * uniform(random, 1.05, 1.95));
  }

  /** A data-dependent trip count that also counts, with compound division. */
  @Differentiable
  public static double halvingCount(double x, double w) {
    double y = x;
    int n = 0;
    while (y > 1) {
      y /= 2;
      n++;
    }
    return y * w + n * w * w;
  }

  static Object[] halvingCountArgs(Random random) {
    int k = random.nextInt(6);
    return args(Math.pow(2, k) * uniform(random, 1.05, 1.95), uniform(random, -2, 2));
  }

  /** do/while: Newton's iteration for sqrt(a), differentiated through the iterations. */
  @Differentiable
  public static double newtonSqrt(double a) {
    double g = a;
    int k = 0;
    do {
      g = 0.5 * (g + a / g);
      k++;
    } while (k < 8);
    return g;
  }

  static Object[] newtonSqrtArgs(Random random) {
    return args(uniform(random, 0.5, 4));
  }

  /** A recurrence that overwrites a scalar many times: the logistic map. */
  @Differentiable
  public static double logisticMap(double r, double y0) {
    double y = y0;
    for (int t = 0; t < 30; t++) {
      y = r * y * (1 - y);
    }
    return y;
  }

  static Object[] logisticMapArgs(Random random) {
    return args(uniform(random, 1.5, 2.8), uniform(random, 0.2, 0.8));
  }

  /** An RNN-like recurrence over a sequence: h = tanh(w h + v x_t + c). */
  @Differentiable
  public static double recurrent(double w, double v, double c, double[] xs) {
    double h = 0;
    for (int t = 0; t < xs.length; t++) {
      h = Math.tanh(w * h + v * xs[t] + c);
    }
    return h * h;
  }

  static Object[] recurrentArgs(Random random) {
    return args(
        uniform(random, -1, 1), uniform(random, -1, 1), uniform(random, -0.5, 0.5),
        vector(random, 6, -1, 1));
  }

  /** Enhanced for over a parameter array and over the rows of a matrix. */
  @Differentiable
  public static double enhancedFor(double[] xs, double[][] m) {
    double s = 0;
    for (double v : xs) {
      s += v * v;
    }
    for (double[] row : m) {
      for (double v : row) {
        s += Math.sin(v) * s / 10;
      }
    }
    return s;
  }

  static Object[] enhancedForArgs(Random random) {
    return args(vector(random, 4, -1, 1), Domains.matrix(random, 2, 3, -1, 1));
  }

  /** break and continue with int conditions, and a data-dependent break. */
  @Differentiable
  public static double breakContinue(double[] xs, double limit) {
    double s = 0;
    for (int i = 0; i < xs.length; i++) {
      if (i % 3 == 1) {
        continue;
      }
      s += xs[i] * limit;
      if (s > 1.75 * limit) {
        break;
      }
    }
    return s;
  }

  static Object[] breakContinueArgs(Random random) {
    // Entries 0, 2, 3, 5, ... count; partial sums: first in [1, 1.5] < 1.75, second in [2, 3].
    return args(vector(random, 8, 1, 1.5), uniform(random, 0.5, 2));
  }

  /** Labeled break and continue in nested loops. */
  @Differentiable
  public static double labeled(double[][] m, double x) {
    double s = 0;
    outer:
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        if (j > i + 1) {
          continue outer;
        }
        if (i + j == 5) {
          break outer;
        }
        s = s * x + m[i][j];
      }
      s *= 0.9;
    }
    return s;
  }

  static Object[] labeledArgs(Random random) {
    return args(Domains.matrix(random, 5, 4, -1, 1), uniform(random, -1, 1));
  }

  /** while (true) with a labeled continue and a data-dependent exit. */
  @Differentiable
  public static double whileTrue(double x) {
    double y = x;
    int steps = 0;
    loop:
    while (true) {
      steps++;
      if (steps % 2 == 0) {
        y = y * 1.5;
        continue loop;
      }
      y = y + 0.25;
      if (y > 10) {
        break;
      }
    }
    return y * x;
  }

  static Object[] whileTrueArgs(Random random) {
    // y runs x, x+.25, 1.5(x+.25), ... The exits happen at values that must stay away from 10.
    while (true) {
      double x = uniform(random, 0.5, 3);
      double y = x;
      boolean ok = true;
      for (int steps = 1; ; steps++) {
        if (steps % 2 == 0) {
          y *= 1.5;
          continue;
        }
        y += 0.25;
        ok &= Math.abs(y - 10) > 0.1;
        if (y > 10) {
          break;
        }
      }
      if (ok) {
        return args(x);
      }
    }
  }

  /** return inside a loop, with a fallback return after it. */
  @Differentiable
  public static double returnInLoop(double[] xs, double x) {
    double s = 0;
    for (int i = 0; i < xs.length; i++) {
      s += xs[i];
      if (s > 1.75) {
        return s * x + i;
      }
    }
    return -s * x;
  }

  static Object[] returnInLoopArgs(Random random) {
    if (random.nextBoolean()) {
      return args(vector(random, 5, 1, 1.5), uniform(random, -2, 2));
    }
    return args(vector(random, 3, 0.1, 0.55), uniform(random, -2, 2)); // never reaches 1.75
  }

  /** return inside nested branches before any loop. */
  @Differentiable
  public static double earlyReturn(double x, double y) {
    if (x > 0) {
      if (y > 0) {
        return x * y;
      }
      return x - y;
    }
    double z = x * x;
    for (int i = 0; i < 3; i++) {
      z = z * y + 1;
    }
    return z;
  }

  static Object[] earlyReturnArgs(Random random) {
    return args(signed(random, 0.1, 2), signed(random, 0.1, 2));
  }

  /** Remainders: int % for indices and double % (d/dx = 1, d/dy = -trunc(x / y)). */
  @Differentiable
  public static double remainder(double x, double y, int k) {
    int j = (k * 7 + 3) % 5;
    double r = x % y;
    return r * r + j * x;
  }

  static Object[] remainderArgs(Random random) {
    // x / y stays off integers, where % jumps.
    double y = uniform(random, 0.5, 1.5);
    double q = Math.floor(uniform(random, -3, 3)) + uniform(random, 0.1, 0.9);
    return args(q * y, y, random.nextInt(10));
  }
}
