package io.github.chainrule.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the derivative table at a regular point, against its closed form (to a few
 * ulps: the generated code may group the same product differently).
 */
class RuleTableTest {
  @BeforeEach
  void compile() {
    CompiledRules.forgetUnderMutationTesting();
  }

  private static void expect(String method, double[] expected, Object... args) {
    double[] actual = CompiledRules.gradient("Functions", method, args);
    assertWithMessage("gradient of %s at %s: %s", method, Arrays.toString(args), Arrays.toString(actual))
        .that(actual.length)
        .isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double tolerance = 4 * Math.ulp(Math.max(1.0, Math.abs(expected[i])));
      assertWithMessage("gradient %s of %s at %s: %s", i, method, Arrays.toString(args), Arrays.toString(actual))
          .that(actual[i])
          .isWithin(tolerance)
          .of(expected[i]);
    }
  }

  @Test
  void exponentialsAndLogarithms() {
    double x = 0.7;
    expect("exp", new double[] {Math.exp(x)}, x);
    expect("expm1", new double[] {Math.exp(x)}, x);
    expect("log", new double[] {1 / x}, x);
    expect("log10", new double[] {1 / (x * Math.log(10))}, x);
    expect("log1p", new double[] {1 / (1 + x)}, x);
  }

  @Test
  void roots() {
    double x = 0.7;
    expect("sqrt", new double[] {0.5 / Math.sqrt(x)}, x);
    expect("cbrt", new double[] {1 / (3 * Math.cbrt(x) * Math.cbrt(x))}, x);
    expect("cbrt", new double[] {1 / (3 * Math.cbrt(-x) * Math.cbrt(-x))}, -x);
  }

  @Test
  void powers() {
    double x = 1.3;
    double p = 0.6;
    expect("powConstant", new double[] {2.5 * Math.pow(x, 1.5)}, x);
    expect("pow", new double[] {p * Math.pow(x, p - 1), Math.pow(x, p) * Math.log(x)}, x, p);
  }

  @Test
  void trigonometry() {
    double x = 0.4;
    expect("sin", new double[] {Math.cos(x)}, x);
    expect("cos", new double[] {-Math.sin(x)}, x);
    expect("tan", new double[] {1 + Math.tan(x) * Math.tan(x)}, x);
    expect("asin", new double[] {1 / Math.sqrt(1 - x * x)}, x);
    expect("acos", new double[] {-1 / Math.sqrt(1 - x * x)}, x);
    expect("atan", new double[] {1 / (1 + x * x)}, x);
    double u = 0.3;
    double v = -1.2;
    expect("atan2", new double[] {v / (u * u + v * v), -u / (u * u + v * v)}, u, v);
  }

  @Test
  void hyperbolic() {
    double x = 0.4;
    expect("sinh", new double[] {Math.cosh(x)}, x);
    expect("cosh", new double[] {Math.sinh(x)}, x);
    expect("tanh", new double[] {1 - Math.tanh(x) * Math.tanh(x)}, x);
    expect("hypot", new double[] {0.6, -0.8}, 3.0, -4.0);
  }

  @Test
  void piecewiseFunctions() {
    expect("abs", new double[] {-1}, -0.4);
    expect("abs", new double[] {1}, 0.4);
    // floor is piecewise constant: d/dx x floor(x) = floor(x)
    expect("floorTimes", new double[] {2}, 2.5);
  }

  @Test
  void arithmetic() {
    expect("quotient", new double[] {1 / 4.0, -3 / 16.0}, 3.0, 4.0);
    // l % r = l - r trunc(l / r): d/dl = 1, d/dr = -trunc(l / r)
    expect("remainder", new double[] {1, -2}, 7.5, 3.0);
    expect("remainder", new double[] {1, 2}, -7.5, 3.0);
    expect("square", new double[] {-3}, -1.5);
    expect("product", new double[] {5, 2}, 2.0, 5.0);
    expect("difference", new double[] {1, -1}, 2.0, 5.0);
    expect("negated", new double[] {-1}, 2.0);
  }
}
