package corpus;

import static corpus.Domains.args;
import static corpus.Domains.awayFrom;
import static corpus.Domains.signed;
import static corpus.Domains.uniform;

import io.github.chainrule.Differentiable;
import java.util.Random;

/** Every Math (and StrictMath) function of the supported subset, each composed with a little algebra. */
public class MathFunctions {
  @Differentiable
  public static double exp(double x) {
    return Math.exp(x * x - 1);
  }

  static Object[] expArgs(Random random) {
    return args(uniform(random, -2, 2));
  }

  @Differentiable
  public static double log(double x) {
    return Math.log(x * x + 0.5) * x;
  }

  static Object[] logArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  @Differentiable
  public static double log10(double x) {
    return Math.log10(3 * x);
  }

  static Object[] log10Args(Random random) {
    return args(uniform(random, 0.2, 5));
  }

  @Differentiable
  public static double log1p(double x) {
    return Math.log1p(x * x);
  }

  static Object[] log1pArgs(Random random) {
    return args(uniform(random, -2, 2));
  }

  @Differentiable
  public static double expm1(double x) {
    return Math.expm1(2 * x) / 3;
  }

  static Object[] expm1Args(Random random) {
    return args(uniform(random, -2, 2));
  }

  @Differentiable
  public static double sqrt(double x, double y) {
    return Math.sqrt(x * x + y * y + 1);
  }

  static Object[] sqrtArgs(Random random) {
    return args(uniform(random, -2, 2), uniform(random, -2, 2));
  }

  @Differentiable
  public static double cbrt(double x) {
    return Math.cbrt(x);
  }

  static Object[] cbrtArgs(Random random) {
    return args(signed(random, 0.3, 4));
  }

  /** pow with a constant exponent. */
  @Differentiable
  public static double powConstantExponent(double x) {
    return Math.pow(x, 3.5) + Math.pow(x, 2);
  }

  static Object[] powConstantExponentArgs(Random random) {
    return args(uniform(random, 0.2, 3));
  }

  /** pow with both base and exponent active: d/dy x^y = x^y log x. */
  @Differentiable
  public static double powBoth(double x, double y) {
    return Math.pow(x, y);
  }

  static Object[] powBothArgs(Random random) {
    return args(uniform(random, 0.2, 3), uniform(random, -2, 2));
  }

  /** pow with a constant base. */
  @Differentiable
  public static double powConstantBase(double x) {
    return Math.pow(2.0, x) - Math.pow(Math.E, -x);
  }

  static Object[] powConstantBaseArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  @Differentiable
  public static double sin(double x) {
    return Math.sin(2 * x + 1);
  }

  static Object[] sinArgs(Random random) {
    return args(uniform(random, -4, 4));
  }

  @Differentiable
  public static double cos(double x) {
    return Math.cos(x * x);
  }

  static Object[] cosArgs(Random random) {
    return args(uniform(random, -2, 2));
  }

  @Differentiable
  public static double tan(double x) {
    return Math.tan(x);
  }

  static Object[] tanArgs(Random random) {
    return args(uniform(random, -1.2, 1.2));
  }

  @Differentiable
  public static double asin(double x) {
    return Math.asin(x);
  }

  static Object[] asinArgs(Random random) {
    return args(uniform(random, -0.9, 0.9));
  }

  @Differentiable
  public static double acos(double x) {
    return Math.acos(x / 2);
  }

  static Object[] acosArgs(Random random) {
    return args(uniform(random, -1.8, 1.8));
  }

  @Differentiable
  public static double atan(double x) {
    return Math.atan(3 * x);
  }

  static Object[] atanArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  /** atan2(y, x) away from the branch cut (x < 0, y = 0) and the origin. */
  @Differentiable
  public static double atan2(double y, double x) {
    return Math.atan2(y, x);
  }

  static Object[] atan2Args(Random random) {
    return args(signed(random, 0.3, 2), signed(random, 0.3, 2));
  }

  @Differentiable
  public static double sinh(double x) {
    return Math.sinh(x);
  }

  static Object[] sinhArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  @Differentiable
  public static double cosh(double x) {
    return Math.cosh(x);
  }

  static Object[] coshArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  @Differentiable
  public static double tanh(double x) {
    return Math.tanh(x);
  }

  static Object[] tanhArgs(Random random) {
    return args(uniform(random, -3, 3));
  }

  /** abs away from 0. */
  @Differentiable
  public static double abs(double x, double y) {
    return Math.abs(x - y) * y;
  }

  static Object[] absArgs(Random random) {
    double y = uniform(random, -2, 2);
    return args(awayFrom(random, -2, 2, 0.1, y), y);
  }

  /** max of three, away from ties. */
  @Differentiable
  public static double max3(double x, double y, double z) {
    return Math.max(Math.max(x, y), z * 2);
  }

  static Object[] max3Args(Random random) {
    double x = uniform(random, -2, 2);
    double y = awayFrom(random, -2, 2, 0.1, x);
    double z = awayFrom(random, -1, 1, 0.1, x / 2, y / 2);
    return args(x, y, z);
  }

  /** min, away from ties. */
  @Differentiable
  public static double min(double x, double y) {
    return Math.min(x * y, x + y);
  }

  static Object[] minArgs(Random random) {
    while (true) {
      double x = uniform(random, -2, 2);
      double y = uniform(random, -2, 2);
      if (Math.abs(x * y - (x + y)) > 0.1) {
        return args(x, y);
      }
    }
  }

  @Differentiable
  public static double hypot(double x, double y) {
    return Math.hypot(x, y);
  }

  static Object[] hypotArgs(Random random) {
    return args(signed(random, 0.2, 3), signed(random, 0.2, 3));
  }

  /** signum, floor, ceil, rint and round have derivative zero; points stay off the jumps. */
  @Differentiable
  public static double rounding(double x) {
    double a = Math.signum(x) * x;
    double b = Math.floor(x) * x + Math.ceil(x);
    double c = Math.rint(x) * x * x;
    double d = Math.round(x) * x;
    return a + b + c + d;
  }

  static Object[] roundingArgs(Random random) {
    // Off integers (floor, ceil, round flip there) and off half-integers (rint, round flip there).
    double k = Math.floor(uniform(random, -3, 3));
    return args(k + (random.nextBoolean() ? uniform(random, 0.1, 0.4) : uniform(random, 0.6, 0.9)));
  }

  /** Math.PI and Math.E are constants. */
  @Differentiable
  public static double constants(double x) {
    return Math.PI * x * x + Math.E * x;
  }

  static Object[] constantsArgs(Random random) {
    return args(uniform(random, -2, 2));
  }

  /** StrictMath has the same rules as Math. */
  @Differentiable
  public static double strictMath(double x, double y) {
    return StrictMath.exp(x) * StrictMath.sin(y) + StrictMath.sqrt(x * x + 1)
        + StrictMath.pow(StrictMath.abs(y) + 1, x) + StrictMath.atan2(y, x + 5)
        + StrictMath.log(x + 3) + StrictMath.tanh(x * y) + StrictMath.max(x, -3);
  }

  static Object[] strictMathArgs(Random random) {
    return args(uniform(random, -2, 2), awayFrom(random, -2, 2, 0.1, 0));
  }

  /** Every one-argument function in one expression tree. */
  @Differentiable
  public static double composed(double x) {
    double t = Math.sin(Math.cos(x)) + Math.exp(Math.tanh(x)) * Math.log(Math.cosh(x) + 1);
    t += Math.sqrt(Math.hypot(x, 1)) - Math.atan(Math.sinh(x / 2)) + Math.cbrt(x * x + 1);
    t *= Math.expm1(x / 3) + Math.log1p(x * x) + Math.log10(x * x + 2) + 2;
    return t + Math.asin(x / 4) * Math.acos(x / 5) + Math.tan(x / 3);
  }

  static Object[] composedArgs(Random random) {
    return args(uniform(random, -2.5, 2.5));
  }
}
