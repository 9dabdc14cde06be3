package io.github.chainrule.processor.reverse;

import static io.github.chainrule.processor.reverse.Build.add;
import static io.github.chainrule.processor.reverse.Build.div;
import static io.github.chainrule.processor.reverse.Build.lit;
import static io.github.chainrule.processor.reverse.Build.math;
import static io.github.chainrule.processor.reverse.Build.mul;
import static io.github.chainrule.processor.reverse.Build.neg;
import static io.github.chainrule.processor.reverse.Build.sub;

import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.MathFn;
import io.github.chainrule.processor.ir.Type;
import java.util.List;

/**
 * The local derivatives: for each {@link MathFn}, the partial derivative with respect to each
 * argument, written in terms of the arguments {@code a} and of {@code y}, the function's value.
 * This is the one table of derivative rules; arithmetic operators are handled next to it in
 * {@link ReverseMode}.
 *
 * <p>The policy at points where a rule's formula is singular or undefined (docs/singular-points.md
 * has the table, with PyTorch's and JAX's values at the same points):
 *
 * <ol>
 *   <li>A zero upstream gradient never becomes NaN: where a partial can be infinite or NaN
 *       ({@link #mayBeInfinite}, and division), {@link ReverseMode} adds nothing when the gradient
 *       reaching the call is zero, instead of {@code 0 * inf = NaN}.
 *   <li>Where a function is not differentiable but Java takes a branch, the derivative is the
 *       one-sided one of that branch: {@code max} and {@code min} route the whole gradient to the
 *       argument they return, the first one on a tie; {@code abs} has derivative {@code +1} at
 *       zero, as {@code max(x, -x)} routing to {@code x}.
 *   <li>Where the formula is {@code 0/0} or {@code 0 * inf} although the function is constant along
 *       the argument, the partial is that of the constant, zero: {@code atan2} and {@code hypot}
 *       at the origin, {@code d/dx pow(x, 0)}, and {@code d/dp pow(0, p)}. At the origin this is
 *       exact whenever the arguments do not actually move (both identically zero), and finite
 *       otherwise.
 *   <li>Where the true one-sided derivative is infinite, it is infinite: {@code sqrt} and {@code
 *       cbrt} at 0, {@code asin} and {@code acos} at +-1, {@code pow(x, p)} at 0 with {@code 0 < p <
 *       1}; {@code log} at 0 and division by zero, whose values are infinite too.
 *   <li>Where no real derivative exists, it is NaN, loudly: {@code d/dp pow(x, p)} for a negative
 *       base ({@code x^p} is real only at integer {@code p}).
 * </ol>
 */
final class DerivativeRules {

  private DerivativeRules() {}

  /**
   * The partial derivative of {@code fn} with respect to argument {@code k}, or null when it is
   * zero everywhere. {@code y} is the (shared) value of the call; it may be unused.
   */
  static Expr partial(String owner, MathFn fn, int k, List<Expr> a, Expr y) {
    Expr x = a.get(0);
    switch (fn) {
      case EXP: // d/dx exp(x) = exp(x)
        return y;
      case EXPM1: // d/dx expm1(x) = exp(x)
        return math(owner, MathFn.EXP, x);
      case LOG: // d/dx log(x) = 1 / x
        return div(lit(1.0), x);
      case LOG10: // d/dx log10(x) = 1 / (x ln 10)
        return div(lit(1.0), mul(x, new Expr.Literal(Type.DOUBLE, "2.302585092994046")));
      case LOG1P: // d/dx log1p(x) = 1 / (1 + x)
        return div(lit(1.0), add(lit(1.0), x));
      case SQRT: // d/dx sqrt(x) = 1 / (2 sqrt(x))
        return div(lit(0.5), y);
      case CBRT: // d/dx cbrt(x) = 1 / (3 cbrt(x)^2)
        return div(lit(1.0), mul(lit(3.0), mul(y, y)));
      case POW:
        if (k == 0) { // d/dx x^p = p x^(p-1); zero for p = 0 (x^0 = 1), also at x = 0
          Expr p = a.get(1);
          if (Build.isLiteral(p, 0.0)) {
            return null;
          }
          Expr d = mul(p, math(owner, MathFn.POW, x, sub(p, lit(1.0))));
          return p instanceof Expr.Literal ? d : zeroWhen(eq(p, lit(0.0)), d);
        }
        // d/dp x^p = x^p ln x; zero at x = 0 (0^p = 0 for every p > 0)
        return zeroWhen(eq(x, lit(0.0)), mul(y, math(owner, MathFn.LOG, x)));
      case SIN: // d/dx sin(x) = cos(x)
        return math(owner, MathFn.COS, x);
      case COS: // d/dx cos(x) = -sin(x)
        return neg(math(owner, MathFn.SIN, x));
      case TAN: // d/dx tan(x) = 1 + tan(x)^2
        return add(lit(1.0), mul(y, y));
      case ASIN: // d/dx asin(x) = 1 / sqrt(1 - x^2)
        return div(lit(1.0), math(owner, MathFn.SQRT, sub(lit(1.0), mul(x, x))));
      case ACOS: // d/dx acos(x) = -1 / sqrt(1 - x^2)
        return div(lit(-1.0), math(owner, MathFn.SQRT, sub(lit(1.0), mul(x, x))));
      case ATAN: // d/dx atan(x) = 1 / (1 + x^2)
        return div(lit(1.0), add(lit(1.0), mul(x, x)));
      case ATAN2:
        {
          // atan2(u, v): d/du = v / (u^2 + v^2), d/dv = -u / (u^2 + v^2); zero at the origin
          Expr u = a.get(0);
          Expr v = a.get(1);
          Expr r2 = add(mul(u, u), mul(v, v));
          Expr origin = new Expr.Binary(Expr.BinaryOp.AND, eq(u, lit(0.0)), eq(v, lit(0.0)), Type.BOOLEAN);
          return zeroWhen(origin, k == 0 ? div(v, r2) : div(neg(u), r2));
        }
      case SINH: // d/dx sinh(x) = cosh(x)
        return math(owner, MathFn.COSH, x);
      case COSH: // d/dx cosh(x) = sinh(x)
        return math(owner, MathFn.SINH, x);
      case TANH: // d/dx tanh(x) = 1 - tanh(x)^2
        return sub(lit(1.0), mul(y, y));
      case ABS: // d/dx |x| = x < 0 ? -1 : 1
        return new Expr.Conditional(
            new Expr.Binary(Expr.BinaryOp.LT, x, lit(0.0), Type.BOOLEAN), lit(-1.0), lit(1.0), Type.DOUBLE);
      case HYPOT:
        // d/dx hypot(x, z) = x / hypot(x, z); zero at the origin
        return zeroWhen(eq(y, lit(0.0)), div(a.get(k), y));
      case MAX:
      case MIN:
        throw new IllegalArgumentException("max and min route the gradient; see ReverseMode");
      default:
        return null; // signum, floor, ceil, rint, round: piecewise constant
    }
  }

  /**
   * Whether a partial of {@code fn} can be infinite or NaN (then a zero gradient must not be
   * multiplied by it), counting arguments that overflowed to infinity in a value the result no
   * longer depends on: {@code cos(inf)} and {@code hypot(inf, inf)} / {@code inf} are NaN. False
   * only where the partial is finite for every argument: {@code tanh}, {@code atan}, {@code abs},
   * the routing {@code max} and {@code min}, and the piecewise constant functions.
   */
  static boolean mayBeInfinite(MathFn fn) {
    switch (fn) {
      case TANH:
      case ATAN:
      case ABS:
      case MAX:
      case MIN:
        return false;
      default:
        return !fn.isPiecewiseConstant();
    }
  }

  private static Expr eq(Expr a, Expr b) {
    return new Expr.Binary(Expr.BinaryOp.EQ, a, b, Type.BOOLEAN);
  }

  /** {@code cond ? 0 : d}. */
  private static Expr zeroWhen(Expr cond, Expr d) {
    return new Expr.Conditional(cond, lit(0.0), d, Type.DOUBLE);
  }

}
