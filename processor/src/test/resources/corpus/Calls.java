package corpus;

import static corpus.Domains.args;
import static corpus.Domains.matrix;
import static corpus.Domains.separated;
import static corpus.Domains.uniform;
import static corpus.Domains.vector;

import corpus.util.Activations;
import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import java.util.Random;

/** Calls between @Differentiable methods, in the same class and in other classes. */
public class Calls {
  /** A same-class callee. */
  @Differentiable
  public static double square(double x) {
    return x * x;
  }

  static Object[] squareArgs(Random random) {
    return args(uniform(random, -2, 2));
  }

  /** A same-class callee with constant parameters. */
  @Differentiable
  public static double scaledSum(double[] v, @NoGrad double factor, int upTo) {
    double s = 0;
    for (int i = 0; i < upTo; i++) {
      s += v[i] * factor;
    }
    return s;
  }

  static Object[] scaledSumArgs(Random random) {
    return args(vector(random, 5, -1, 1), uniform(random, 0.5, 2), 1 + random.nextInt(5));
  }

  /** Nested calls f(g(x)) and the same callee twice. */
  @Differentiable
  public static double nestedCalls(double x, double y) {
    return square(Math.sin(square(x) + y)) + square(y) * Activations.softplus(x * y);
  }

  static Object[] nestedCallsArgs(Random random) {
    double x = uniform(random, -2, 2);
    double y = uniform(random, -2, 2);
    return Math.abs(x * y) < 0.05 ? nestedCallsArgs(random) : args(x, y);
  }

  /** Calls to another class inside a loop, with row aliases and local arrays as arguments. */
  @Differentiable
  public static double callsInLoop(double[][] W, double[] x) {
    double[] h = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      double[] row = W[i];
      h[i] = Activations.softplus(Activations.dot(row, x));
    }
    return Activations.dot(h, h) + scaledSum(h, 0.5, h.length);
  }

  static Object[] callsInLoopArgs(Random random) {
    while (true) {
      double[][] W = matrix(random, 3, 4, -1, 1);
      double[] x = vector(random, 4, -1, 1);
      boolean ok = true;
      for (double[] row : W) {
        double d = 0;
        for (int j = 0; j < x.length; j++) {
          d += row[j] * x[j];
        }
        ok &= Math.abs(d) > 0.05; // softplus switches formula at 0
      }
      if (ok) {
        return args(W, x);
      }
    }
  }

  /** A callee that itself calls another callee, with a matrix argument taken from a record. */
  @Differentiable
  public static double throughRecord(Records.Dense layer, double[] x) {
    return Activations.quadraticForm(layer.W(), x) + Records.denseNorm(layer, x);
  }

  static Object[] throughRecordArgs(Random random) {
    return args(new Records.Dense(matrix(random, 3, 3, -1, 1), vector(random, 3, -1, 1)), vector(random, 3, -1, 1));
  }

  /** The lecture's network via a call for the nonlinearity in another class of the corpus. */
  @Differentiable
  public static double viaLecture(Lecture.Layer p, double[] x) {
    return Lecture.sigmoidNetwork(p, x) + Lecture.sigmoid(x[0]) * Lecture.cube(x[1]);
  }

  static Object[] viaLectureArgs(Random random) {
    return args(Lecture.layer(random, 2, 3), vector(random, 3, -1, 1));
  }

  /** A plain static method returning int: its result is a constant (argmax of the logits). */
  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** A plain static method returning boolean: a constant too. */
  static boolean isLong(double[] v) {
    return v.length > 3;
  }

  /** Calls that return int and boolean are constants. */
  @Differentiable
  public static double constantCalls(double[] logits, double w) {
    int best = argmax(logits);
    double s = logits[best] * w;
    if (isLong(logits)) {
      s += logits[logits.length - 1];
    }
    return s + Math.abs(w);
  }

  static Object[] constantCallsArgs(Random random) {
    return args(separated(random, 5, -2, 2, 0.1), Domains.signed(random, 0.2, 2));
  }

  /** A callee result used in a condition and in a data-dependent loop. */
  @Differentiable
  public static double callInCondition(double x) {
    double y = x;
    int guard = 0;
    while (square(y) > 2 && guard < 50) {
      y = y * 0.75;
      guard++;
    }
    return square(y) + y;
  }

  static Object[] callInConditionArgs(Random random) {
    // y shrinks by 0.75 each step until y^2 <= 2; keep every y^2 that is compared away from 2.
    while (true) {
      double x = uniform(random, -6, 6);
      double y = x;
      boolean ok = true;
      for (int i = 0; i < 50; i++) {
        ok &= Math.abs(y * y - 2) > 0.1;
        if (y * y <= 2) {
          break;
        }
        y *= 0.75;
      }
      if (ok) {
        return args(x);
      }
    }
  }
}
