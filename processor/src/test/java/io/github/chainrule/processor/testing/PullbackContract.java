package io.github.chainrule.processor.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * Checks that the pullback forms of an array-valued companion behave as the contract says,
 * independently of whether the vector-Jacobian product itself is right (that is {@link
 * GradientCheck#checkPullback}'s job):
 *
 * <ul>
 *   <li>the value returned by {@code m(args, upstream, into)} and kept by the holder equals the
 *       original method's value exactly (same shape, same bits);
 *   <li>{@code m(args, upstream)} gives the same gradient as accumulating into {@code
 *       M.zerosLike(args)} and into an empty {@code new M()}, exactly;
 *   <li>accumulating twice doubles it; {@code zero()} clears it; the product is linear in {@code
 *       upstream} (within {@link CompanionContract#ROUNDING});
 *   <li>{@code upstream} is never modified, nor are the arguments;
 *   <li>an upstream of the wrong length (one element too many or too few; for a matrix result also
 *       a wrong row count or one row of the wrong length) throws {@link IllegalArgumentException}
 *       from both forms.
 * </ul>
 */
public final class PullbackContract {
  private PullbackContract() {}

  /** Runs every check at {@code args} with an upstream drawn from {@code random}. */
  public static void check(PullbackFunction f, Object[] args, Random random) {
    long seed = random.nextLong();
    checkValues(f, args, new Random(seed));
    checkAccumulation(f, args, new Random(seed));
    checkUpstream(f, args, new Random(seed));
  }

  /**
   * The value returned by {@code m(args, upstream, into)} and kept by the holders of both forms
   * equals the original method's value exactly.
   */
  public static void checkValues(PullbackFunction f, Object[] args, Random random) {
    Object value = f.call(args.clone());
    Object upstream = PullbackFunction.randomUpstream(value, random);
    expectSameValue(f, "value() of the fresh holder m(args, upstream)", value, f.fresh(args.clone(), upstream).value());
    PullbackFunction.Holder into = f.zerosLike(args.clone());
    expectSameValue(
        f, "the value returned by m(args, upstream, into)", value, f.pullback(args.clone(), upstream, into));
    expectSameValue(f, "value() after m(args, upstream, into)", value, into.value());
  }

  /**
   * The forms agree exactly (fresh, into zerosLike, into an empty holder), accumulating twice
   * doubles, {@code zero()} clears, the product is linear in upstream, the arguments are untouched.
   */
  public static void checkAccumulation(PullbackFunction f, Object[] args, Random random) {
    Object[] before = snapshot(args);
    Object value = f.call(args.clone());
    Object upstream = PullbackFunction.randomUpstream(value, random);
    Gradient gradient = f.fresh(args.clone(), upstream).snapshot();

    PullbackFunction.Holder zeros = f.zerosLike(args.clone());
    if (!zeros.snapshot().isZero()) {
      throw failure(f, "zerosLike(args) is not all zero: " + zeros.snapshot());
    }
    f.pullback(args.clone(), upstream, zeros);
    expectEqual(f, "m(args, upstream) vs m(args, upstream, zerosLike(args))", gradient, zeros.snapshot(), 0.0);

    PullbackFunction.Holder empty = f.emptyHolder();
    f.pullback(args.clone(), upstream, empty);
    expectEqual(f, "m(args, upstream) vs m(args, upstream, new M())", gradient, empty.snapshot(), 0.0);

    f.pullback(args.clone(), upstream, zeros);
    expectEqual(
        f, "accumulating twice vs 2 * gradient", gradient.scaled(2.0), zeros.snapshot(),
        CompanionContract.ROUNDING);

    zeros.zero();
    if (!zeros.snapshot().isZero()) {
      throw failure(f, "zero() left a gradient: " + zeros.snapshot());
    }

    for (double factor : new double[] {2.5, -0.75}) {
      zeros.zero();
      Object scaled = Coordinates.rebuild(upstream, scale(Coordinates.flatten(upstream), factor));
      f.pullback(args.clone(), scaled, zeros);
      expectEqual(
          f, "m(args, " + factor + " * upstream, into) vs " + factor + " * gradient",
          gradient.scaled(factor), zeros.snapshot(), CompanionContract.ROUNDING);
    }

    Object[] after = snapshot(args);
    if (!Arrays.deepEquals(before, after)) {
      throw failure(
          f, "a call changed its arguments: before " + GradientCheck.describePoint(before)
              + ", after " + GradientCheck.describePoint(after));
    }
  }

  /**
   * Neither form modifies {@code upstream}, and an upstream shaped unlike the value throws {@link
   * IllegalArgumentException} from both.
   */
  public static void checkUpstream(PullbackFunction f, Object[] args, Random random) {
    Object value = f.call(args.clone());
    Object upstream = PullbackFunction.randomUpstream(value, random);
    Object upstreamBefore = Coordinates.copy(upstream);
    f.fresh(args.clone(), upstream);
    f.pullback(args.clone(), upstream, f.zerosLike(args.clone()));
    f.pullback(args.clone(), upstream, f.emptyHolder());
    if (!Arrays.equals(Coordinates.flatten(upstreamBefore), Coordinates.flatten(upstream))) {
      throw failure(
          f, "a call changed upstream: before " + Arrays.toString(Coordinates.flatten(upstreamBefore))
              + ", after " + Arrays.toString(Coordinates.flatten(upstream)));
    }
    for (Object wrong : mismatchedUpstreams(value)) {
      String shape = Coordinates.shape(wrong);
      expectIllegalArgument(
          f, "m(args, upstream " + shape + ")", () -> f.fresh(args.clone(), wrong));
      expectIllegalArgument(
          f, "m(args, upstream " + shape + ", into)",
          () -> f.pullback(args.clone(), wrong, f.zerosLike(args.clone())));
    }
  }

  /** Upstreams shaped unlike {@code value}: one too long, one too short, and for matrices rows off. */
  static java.util.List<Object> mismatchedUpstreams(Object value) {
    java.util.List<Object> wrong = new java.util.ArrayList<>();
    if (value instanceof double[] v) {
      wrong.add(new double[v.length + 1]);
      if (v.length > 0) {
        wrong.add(new double[v.length - 1]);
      }
    } else if (value instanceof double[][] m) {
      wrong.add(zerosWithRows(m, m.length + 1));
      if (m.length > 0) {
        wrong.add(zerosWithRows(m, m.length - 1));
        double[][] shortRow = zerosWithRows(m, m.length);
        shortRow[m.length - 1] = new double[m[m.length - 1].length + 1];
        wrong.add(shortRow);
      }
    }
    return wrong;
  }

  private static double[][] zerosWithRows(double[][] m, int rows) {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = new double[m.length == 0 ? 0 : m[Math.min(i, m.length - 1)].length];
    }
    return out;
  }

  private static void expectIllegalArgument(PullbackFunction f, String what, Runnable call) {
    try {
      call.run();
    } catch (AssertionError e) {
      if (e.getCause() instanceof IllegalArgumentException) {
        return;
      }
      throw failure(f, what + " should throw IllegalArgumentException, threw " + e.getCause());
    }
    throw failure(f, what + " should throw IllegalArgumentException (upstream shaped unlike the value), returned normally");
  }

  private static double[] scale(double[] values, double factor) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }

  private static void expectSameValue(PullbackFunction f, String what, Object expected, Object actual) {
    if (!Coordinates.sameShape(expected, actual)
        || !Arrays.equals(Coordinates.flatten(expected), Coordinates.flatten(actual))) {
      throw failure(
          f, what + " is " + Coordinates.shape(actual) + Arrays.toString(Coordinates.flatten(actual))
              + ", the original method returns " + Coordinates.shape(expected)
              + Arrays.toString(Coordinates.flatten(expected)));
    }
  }

  private static void expectEqual(
      PullbackFunction f, String what, Gradient expected, Gradient actual, double tolerance) {
    String difference = expected.firstDifference(actual, tolerance);
    if (difference != null) {
      throw failure(f, what + " differ at " + difference + "\n  expected " + expected + "\n  actual   " + actual);
    }
  }

  private static AssertionError failure(PullbackFunction f, String message) {
    return new AssertionError(f.name() + ": " + message);
  }

  private static Object[] snapshot(Object[] args) {
    Object[] copy = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      copy[i] = arg instanceof Record ? Coordinates.flatten(arg) : Coordinates.copy(arg);
    }
    return copy;
  }
}
