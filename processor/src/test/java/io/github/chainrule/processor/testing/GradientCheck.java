package io.github.chainrule.processor.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Compares analytic gradients with {@link NumericalDerivative numerical} ones, coordinate by
 * coordinate, for every differentiable parameter.
 *
 * <p>The error measure is {@code |a - n| / max(1, |a|, |n|)}: a relative error for gradients larger
 * than one and an absolute error for smaller ones. A pure relative error would be meaningless for
 * coordinates whose true gradient is zero or tiny (numerical noise of 1e-12 against 0 is "100%
 * wrong"), and a pure absolute error would be too strict for large gradients, where the numerical
 * estimate itself only has relative accuracy. With the Ridders estimate this measure is typically
 * 1e-10 or below for a correct gradient, so {@link #TOLERANCE} {@code = 1e-6} separates correct
 * from wrong with a wide margin on both sides (a wrong derivative rule, a missed path or a wrong
 * index is usually off by 1e-2 or more).
 */
public final class GradientCheck {
  /** The largest accepted {@link #relativeError}. */
  public static final double TOLERANCE = 1e-6;

  private GradientCheck() {}

  /** {@code |a - n| / max(1, |a|, |n|)}; infinite if either is NaN or infinite. */
  public static double relativeError(double analytic, double numeric) {
    if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
      return analytic == numeric ? 0.0 : Double.POSITIVE_INFINITY;
    }
    double scale = Math.max(1.0, Math.max(Math.abs(analytic), Math.abs(numeric)));
    return Math.abs(analytic - numeric) / scale;
  }

  /**
   * Checks the companion's gradient of {@code function} at {@code args} (from the fresh-holder form)
   * against central differences of the original method.
   */
  public static GradientReport check(GradientFunction function, Object[] args) {
    GradientFunction.Holder holder = function.fresh(args.clone());
    Map<Integer, String> names = new LinkedHashMap<>();
    Map<Integer, Object> analytic = new LinkedHashMap<>();
    for (int index : function.differentiableParameters()) {
      names.put(index, function.parameterName(index));
      analytic.put(index, holder.gradient(index));
    }
    return compare(function.name(), function::call, args, names, analytic);
  }

  /**
   * Checks the vector-Jacobian product of an array-valued {@code function} at {@code args} with
   * {@code upstream} (from the fresh-holder form {@code m(args, upstream)}) against central
   * differences of the scalar {@code sum(m(args) * upstream)}.
   */
  public static GradientReport checkPullback(
      PullbackFunction function, Object[] args, Object upstream) {
    Object frozen = Coordinates.copy(upstream);
    PullbackFunction.Holder holder = function.fresh(args.clone(), Coordinates.copy(upstream));
    Map<Integer, String> names = new LinkedHashMap<>();
    Map<Integer, Object> analytic = new LinkedHashMap<>();
    for (int index : function.differentiableParameters()) {
      names.put(index, function.parameterName(index));
      analytic.put(index, holder.gradient(index));
    }
    return compare(
        function.name() + " with upstream " + describe(frozen),
        a -> PullbackFunction.weightedSum(function.call(a), frozen),
        args,
        names,
        analytic);
  }

  /**
   * Checks {@code analytic} gradients of {@code f} at {@code args}.
   *
   * @param function name for the report
   * @param f the function of the whole argument array
   * @param args the point; never modified
   * @param parameters index and name of each parameter to check
   * @param analytic the claimed gradient of each checked parameter, shaped like the argument
   */
  public static GradientReport compare(
      String function,
      ToDoubleFunction<Object[]> f,
      Object[] args,
      Map<Integer, String> parameters,
      Map<Integer, Object> analytic) {
    List<GradientReport.Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Integer, String> parameter : parameters.entrySet()) {
      int index = parameter.getKey();
      String name = parameter.getValue();
      Object value = args[index];
      Object gradient = analytic.get(index);
      if (!Coordinates.sameShape(value, gradient)) {
        problems.add(
            "gradient of "
                + name
                + " has shape "
                + Coordinates.shape(gradient)
                + ", the argument has shape "
                + Coordinates.shape(value));
        continue;
      }
      double[] point = Coordinates.flatten(value);
      double[] claimed = Coordinates.flatten(gradient);
      List<String> coordinateNames = Coordinates.names(name, value);
      for (int j = 0; j < point.length; j++) {
        int coordinate = j;
        NumericalDerivative.Estimate numeric =
            NumericalDerivative.derivative(
                t -> {
                  Object[] moved = args.clone();
                  moved[index] = Coordinates.with(value, coordinate, t);
                  return f.applyAsDouble(moved);
                },
                point[j]);
        entries.add(
            new GradientReport.Entry(
                name, coordinateNames.get(j), point[j], claimed[j], numeric.value(), numeric.error()));
      }
    }
    return new GradientReport(function, describePoint(args), entries, problems);
  }

  /** A short description of a point, for reports. */
  public static String describePoint(Object[] args) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      out.append(i == 0 ? "" : ", ").append(describe(args[i]));
    }
    return out.append(')').toString();
  }

  private static String describe(Object value) {
    if (value instanceof Double || value instanceof double[] || value instanceof double[][]
        || value instanceof Record) {
      double[] flat = Coordinates.flatten(value);
      if (flat.length <= 6) {
        return Coordinates.shape(value) + java.util.Arrays.toString(flat);
      }
      return Coordinates.shape(value);
    }
    if (value instanceof int[] ints) {
      return java.util.Arrays.toString(ints);
    }
    return String.valueOf(value);
  }
}
