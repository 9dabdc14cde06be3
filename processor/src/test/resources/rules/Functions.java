package rules;

import io.github.chainrule.Differentiable;

/** One method per rule of the table (DerivativeRules), driven by RuleTableTest at regular points. */
public class Functions {
  @Differentiable public static double exp(double x) { return Math.exp(x); }
  @Differentiable public static double expm1(double x) { return Math.expm1(x); }
  @Differentiable public static double log(double x) { return Math.log(x); }
  @Differentiable public static double log10(double x) { return Math.log10(x); }
  @Differentiable public static double log1p(double x) { return Math.log1p(x); }
  @Differentiable public static double sqrt(double x) { return Math.sqrt(x); }
  @Differentiable public static double cbrt(double x) { return Math.cbrt(x); }
  @Differentiable public static double powConstant(double x) { return Math.pow(x, 2.5); }
  @Differentiable public static double pow(double x, double p) { return Math.pow(x, p); }
  @Differentiable public static double sin(double x) { return Math.sin(x); }
  @Differentiable public static double cos(double x) { return Math.cos(x); }
  @Differentiable public static double tan(double x) { return Math.tan(x); }
  @Differentiable public static double asin(double x) { return Math.asin(x); }
  @Differentiable public static double acos(double x) { return Math.acos(x); }
  @Differentiable public static double atan(double x) { return Math.atan(x); }
  @Differentiable public static double atan2(double u, double v) { return Math.atan2(u, v); }
  @Differentiable public static double sinh(double x) { return Math.sinh(x); }
  @Differentiable public static double cosh(double x) { return Math.cosh(x); }
  @Differentiable public static double tanh(double x) { return Math.tanh(x); }
  @Differentiable public static double hypot(double x, double z) { return Math.hypot(x, z); }
  @Differentiable public static double abs(double x) { return Math.abs(x); }
  @Differentiable public static double floorTimes(double x) { return x * Math.floor(x); }
  @Differentiable public static double quotient(double l, double r) { return l / r; }
  @Differentiable public static double remainder(double l, double r) { return l % r; }
  @Differentiable public static double square(double x) { return x * x; }
  @Differentiable public static double product(double a, double b) { return a * b; }
  @Differentiable public static double difference(double a, double b) { return a - b; }
  @Differentiable public static double negated(double a) { return -a + 2; }
}
