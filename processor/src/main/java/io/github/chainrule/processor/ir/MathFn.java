package io.github.chainrule.processor.ir;

/**
 * The {@code Math} and {@code StrictMath} functions of the supported subset. Their derivatives
 * live in one table in the reverse stage; this enum only knows names and arities.
 */
public enum MathFn {
  EXP(1),
  LOG(1),
  LOG10(1),
  LOG1P(1),
  EXPM1(1),
  SQRT(1),
  CBRT(1),
  POW(2),
  SIN(1),
  COS(1),
  TAN(1),
  ASIN(1),
  ACOS(1),
  ATAN(1),
  ATAN2(2),
  SINH(1),
  COSH(1),
  TANH(1),
  ABS(1),
  MAX(2),
  MIN(2),
  HYPOT(2),
  // Piecewise constant: derivative zero wherever it exists.
  SIGNUM(1),
  FLOOR(1),
  CEIL(1),
  RINT(1),
  ROUND(1);

  private final int arity;

  MathFn(int arity) {
    this.arity = arity;
  }

  public int arity() {
    return arity;
  }

  /** The method name in {@code java.lang.Math}. */
  public String javaName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the function is piecewise constant, so its derivative is zero. */
  public boolean isPiecewiseConstant() {
    return this == SIGNUM || this == FLOOR || this == CEIL || this == RINT || this == ROUND;
  }

  /**
   * Whether the derivative is best written with the function's own value, as {@code exp' = exp}
   * or {@code tanh' = 1 - tanh^2}: the backward sweep then reuses the value instead of computing
   * the function again.
   */
  public boolean derivativeUsesValue() {
    switch (this) {
      case EXP:
      case SQRT:
      case CBRT:
      case POW:
      case TAN:
      case TANH:
      case HYPOT:
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether the derivative needs nothing but the function's value ({@code exp' = exp}, {@code
   * tanh' = 1 - tanh^2}, {@code tan' = 1 + tan^2}, {@code cbrt' = 1 / (3 cbrt^2)}): when the
   * forward sweep saves the value, the backward sweep does not need the argument.
   */
  public boolean derivativeFromValueOnly() {
    return this == EXP || this == TANH || this == TAN || this == CBRT;
  }

  /** Whether {@code Math} also defines the function for int and long arguments. */
  public boolean acceptsIntegers() {
    return this == ABS || this == MAX || this == MIN;
  }

  public static MathFn byJavaName(String name) {
    for (MathFn fn : values()) {
      if (fn.javaName().equals(name)) {
        return fn;
      }
    }
    return null;
  }
}
