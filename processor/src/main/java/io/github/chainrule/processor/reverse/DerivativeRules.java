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
 * <p>At points where a function is not differentiable the rule gives the one-sided derivative of
 * the branch Java takes: {@code max} and {@code min} route the whole gradient to the argument they
 * return (the first one on a tie), {@code abs} has derivative {@code +1} at zero, as
 * {@code max(x, -x)} routing to {@code x}.
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
        if (k == 0) { // d/dx x^p = p x^(p-1)
          Expr p = a.get(1);
          return mul(p, math(owner, MathFn.POW, x, sub(p, lit(1.0))));
        }
        // d/dp x^p = x^p ln x
        return mul(y, math(owner, MathFn.LOG, x));
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
          // atan2(u, v): d/du = v / (u^2 + v^2), d/dv = -u / (u^2 + v^2)
          Expr u = a.get(0);
          Expr v = a.get(1);
          Expr r2 = add(mul(u, u), mul(v, v));
          return k == 0 ? div(v, r2) : div(neg(u), r2);
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
        return new Expr.Conditional(
            new Expr.Binary(Expr.BinaryOp.EQ, y, lit(0.0), Type.BOOLEAN), lit(0.0), div(a.get(k), y), Type.DOUBLE);
      case MAX:
      case MIN:
        throw new IllegalArgumentException("max and min route the gradient; see ReverseMode");
      default:
        return null; // signum, floor, ceil, rint, round: piecewise constant
    }
  }

}
