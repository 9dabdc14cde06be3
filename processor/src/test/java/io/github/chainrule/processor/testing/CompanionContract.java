package io.github.chainrule.processor.testing;

import java.util.Arrays;

/**
 * Checks that the three calling forms of a companion and its holder behave as the contract says,
 * independently of whether the gradient itself is right (that is {@link GradientCheck}'s job):
 *
 * <ul>
 *   <li>the value returned and stored in the holder equals the original method's value, exactly
 *       (the forward sweep runs the same operations in the same order);
 *   <li>the fresh-holder form {@code m(args)} gives the same gradient as accumulating into {@code
 *       M.zerosLike(args)} and into an empty {@code new M()}, exactly;
 *   <li>accumulating twice doubles the gradient; {@code zero()} clears it; {@code m(args, seed,
 *       into)} adds {@code seed} times it (within {@link #ROUNDING}, since the generated code may
 *       add partial contributions one by one);
 *   <li>no call changes its arguments.
 * </ul>
 */
public final class CompanionContract {
  /** Allowed relative difference where summation order may legitimately differ. */
  public static final double ROUNDING = 1e-12;

  private CompanionContract() {}

  /** Runs every check at {@code args}; throws an {@link AssertionError} naming the first broken. */
  public static void check(GradientFunction f, Object[] args) {
    Object[] before = snapshot(args);
    double value = f.call(args.clone());

    GradientFunction.Holder fresh = f.fresh(args.clone());
    expectSame(f, "value() of the fresh holder", value, fresh.value());
    Gradient gradient = fresh.snapshot();

    GradientFunction.Holder zeros = f.zerosLike(args.clone());
    if (!zeros.snapshot().isZero()) {
      throw failure(f, "zerosLike(args) is not all zero: " + zeros.snapshot());
    }
    expectSame(f, "the value returned by m(args, into)", value, f.accumulate(args.clone(), zeros));
    expectSame(f, "value() after m(args, into)", value, zeros.value());
    expectEqual(f, "m(args) vs m(args, zerosLike(args))", gradient, zeros.snapshot(), 0.0);

    GradientFunction.Holder empty = f.emptyHolder();
    f.accumulate(args.clone(), empty);
    expectEqual(f, "m(args) vs m(args, new M())", gradient, empty.snapshot(), 0.0);

    f.accumulate(args.clone(), zeros);
    expectEqual(
        f, "accumulating twice vs 2 * gradient", gradient.scaled(2.0), zeros.snapshot(), ROUNDING);

    zeros.zero();
    if (!zeros.snapshot().isZero()) {
      throw failure(f, "zero() left a gradient: " + zeros.snapshot());
    }

    for (double seed : new double[] {2.5, -0.75}) {
      zeros.zero();
      expectSame(
          f, "the value returned by m(args, seed, into)", value, f.accumulate(args.clone(), seed, zeros));
      expectEqual(
          f, "m(args, " + seed + ", into) vs seed * gradient", gradient.scaled(seed),
          zeros.snapshot(), ROUNDING);
    }

    Object[] after = snapshot(args);
    if (!Arrays.deepEquals(before, after)) {
      throw failure(
          f,
          "a call changed its arguments: before "
              + GradientCheck.describePoint(before)
              + ", after "
              + GradientCheck.describePoint(after));
    }
  }

  private static void expectSame(GradientFunction f, String what, double expected, double actual) {
    if (Double.compare(expected, actual) != 0 && !(expected == actual)) {
      throw failure(f, what + " is " + actual + ", the original method returns " + expected);
    }
  }

  private static void expectEqual(
      GradientFunction f, String what, Gradient expected, Gradient actual, double tolerance) {
    String difference = expected.firstDifference(actual, tolerance);
    if (difference != null) {
      throw failure(f, what + " differ at " + difference + "\n  expected " + expected
          + "\n  actual   " + actual);
    }
  }

  private static AssertionError failure(GradientFunction f, String message) {
    return new AssertionError(f.name() + ": " + message);
  }

  /** Deep copies for comparison with {@link Arrays#deepEquals}: records become coordinate arrays. */
  private static Object[] snapshot(Object[] args) {
    Object[] copy = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      copy[i] = arg instanceof Record ? Coordinates.flatten(arg) : Coordinates.copy(arg);
    }
    return copy;
  }
}
