package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fence never crashes: odd but valid Java, mostly outside the supported subset, must either
 * compile (and then the generated companion compiles too, without warnings) or fail with
 * {@code [Chainrule...]} errors in the user's file. Never a processor exception, a
 * {@code [ChainruleInternalError]}, an untagged error, or an error in generated code.
 */
class FenceTest {

  /** One method: its parameter list and body (the name is the display name of the case). */
  record Body(String name, String params, String body) {
    @Override
    public String toString() {
      return name;
    }

    String members() {
      return """
          static double constant = 1;

          static double twice(double y) {
            return 2 * y;
          }

          @Differentiable
          public static double f(%s) {
          %s}
          """
          .formatted(params, body.indent(2));
    }
  }

  static Body body(String name, String params, String body) {
    return new Body(name, params, body);
  }

  /**
   * Cases that break the fence today, with what happens; each is a processor problem to fix. The
   * test checks that they still break, so that a fix shows up as a failure that asks to remove the
   * entry.
   */
  static final Map<String, String> KNOWN_BREAKS = Map.of();

  static Stream<Body> bodies() {
    return Stream.of(
        body("generic List", "double x", "java.util.List<Double> l = java.util.List.of(x);\nreturn l.get(0);"),
        body("var with a generic type", "double x", "var l = new java.util.ArrayList<Double>();\nreturn x + l.size();"),
        body("clone of a parameter", "double[] v", "double[] w = v.clone();\nreturn w[0];"),
        body("var clone", "double[] v", "var w = v.clone();\nreturn w[0];"),
        body("nested ternaries of arrays", "double x, boolean b, boolean c", "double[] p = {x, 2 * x};\ndouble[] q = {x};\ndouble[] r = {3 * x};\nreturn (b ? p : c ? q : r)[0];"),
        body("nested ternaries of values", "double x, boolean b, boolean c", "return b ? (c ? x : 2 * x) : (c ? 3 * x : x * x);"),
        body("labeled block", "double x", "outer: {\n  if (x > 0) break outer;\n  x = -x;\n}\nreturn x;"),
        body("switch expression", "double x, int k", "return switch (k) { case 0 -> x; default -> 2 * x; };"),
        body("text block", "double x", "String s = \"\"\"\n    hi\n    \"\"\";\nreturn x + s.length();"),
        body("local record created inline", "double x", "record P(double v) {}\nreturn new P(x).v();"),
        body("stream", "double[] v", "return java.util.Arrays.stream(v).map(Math::exp).sum();"),
        body("Integer boxing", "double x", "Integer i = 3;\nreturn x * i;"),
        body("char arithmetic", "double x", "char c = 'a';\nreturn x * (c + 1);"),
        body("char literals", "double x", "return x * ('b' - 'a');"),
        body("3-D array", "double x", "double[][][] t = new double[2][2][2];\nt[0][0][0] = x;\nreturn t[0][0][0];"),
        body("3-D array with var", "double x", "var t = new double[2][2][2];\nreturn x * t.length;"),
        body("int[] parameter written", "double x, int[] idx", "idx[0] = 3;\nreturn x * idx[0];"),
        body("int[] parameter incremented", "double x, int[] idx", "idx[0]++;\nreturn x;"),
        body("shifts and bit operators", "double x", "int i = (int) x;\ni >>>= 1;\ni ^= 3;\nlong l = 3L << 2 | i & 1;\nreturn x * i + l;"),
        body("i++ in an expression", "double x", "int i = 0;\ndouble y = x * i++;\nreturn y;"),
        body("assignment as a value", "double x", "double y;\nreturn (y = x) * y;"),
        body("object cast", "double x", "Object o = x;\nreturn (Double) o;"),
        body("casts", "double x", "return (double) (int) x + (long) x + (int) (long) (x * 3);"),
        body("boxed call", "double x", "return Double.valueOf(x);"),
        body("Math without a rule", "double x", "return Math.fma(x, x, x) + Math.random();"),
        body("println", "double x", "System.out.println(x);\nreturn x;"),
        body("unused call of a differentiable-looking method", "double x", "twice(x);\nreturn x;"),
        body("call of a plain static method", "double x", "return twice(x);"),
        body("static field", "double x", "return x * constant;"),
        body("static field written", "double x", "constant = x;\nreturn x;"),
        body("enhanced for over an inline array", "double x", "double s = 0;\nfor (double d : new double[] {x, x}) s += d;\nreturn s;"),
        body("for with two variables", "double x", "double s = 0;\nfor (int i = 0, j = 1; i < 2; i++, j++) s += x * j;\nreturn s;"),
        body("nested enhanced for over a matrix", "double[][] m", "double s = 0;\nfor (double[] row : m) for (double e : row) s += e;\nreturn s;"),
        body("row alias reassigned", "double[][] m", "double[] r = m[0];\nr = m[1];\nreturn r[0];"),
        body("matrix clone", "double[][] m", "double[][] c = m.clone();\nreturn c[0][0];"),
        body("non-short-circuit booleans", "double x", "boolean b = x > 0 & x < 1 | x == 2 ^ true;\nreturn b ? x : -x;"),
        body("synchronized", "double x", "synchronized (Model.class) {\n  return x;\n}"),
        body("assert", "double x", "assert x > 0 : \"positive\";\nreturn x;"),
        body("throw as the only statement", "double x", "throw new IllegalStateException(\"no \" + x);"),
        body("throw in an else", "double x", "if (x > 0) return x;\nelse throw new RuntimeException();"),
        body("infinite loop with return", "double x", "while (true) {\n  if (x > 1) return x;\n  x = x * 2 + 1;\n}"),
        body("class literal", "double x", "return Model.class.hashCode() * x;"),
        body("method reference cast", "double x", "return ((java.util.function.DoubleUnaryOperator) Math::sin).applyAsDouble(x);"),
        body("odd literals", "double x", "return x + 0x10 + 0b11 + 1_000 + 1e-3 + .5 + 1d + 07 + 'c';"),
        body("NaN and infinities", "double x", "return x + Double.NaN * 0 + Double.POSITIVE_INFINITY * 0 + Double.MIN_VALUE;"),
        body("varargs parameter", "double... xs", "return xs[0] * xs.length;"),
        body("empty array", "double x", "double[] a = new double[0];\nreturn a.length == 0 ? x : a[0];"),
        body("several declarators", "double x", "double[] a = {x}, b = {2 * x};\ndouble y = a[0], z = y * b[0];\nreturn z;"),
        body("jagged int matrix", "double x", "int[][] g = {{1}, {2, 3}};\nreturn x * g[1][1];"),
        body("empty statements and blocks", "double x", ";\n;\n{\n  {\n    return x;\n  }\n}"),
        body("long loop counter", "double x, long n", "double s = 0;\nfor (long i = 0; i < n; i++) s += x;\nreturn s;"),
        body("unary operators", "double x", "return -(-x) + +x - ~1;"),
        body("remainders and division by zero", "double x", "return x % 3.0 + 7 % 2 + x / 0;"),
        body("generic method call", "double x", "return java.util.Objects.requireNonNull(x);"),
        body("varargs call", "double x", "return java.util.Objects.hash(x) * x;"),
        body("null", "double x", "double[] v = null;\nreturn v == null ? x : v[0];"),
        body("array equality", "double[] v, double[] w", "return v == w ? v[0] : w[0];"),
        body("ternary of a parameter and a new array", "double[] p, boolean b", "double[] a = b ? p : new double[1];\nreturn a[0];"),
        body("rows replaced", "double x, int k", "double[][] M = new double[2][2];\nM[0] = new double[3];\nM[k] = new double[] {x, x};\nreturn M[k][1] + M[0].length;"),
        body("matrix without row length", "double x", "double[][] M = new double[2][];\nM[1] = new double[] {x};\nreturn M[1][0];"),
        body("3-D array as the result", "double x", "return new double[1][1][1][0][0][0] + x;"),
        body("recursion", "double x, int n", "return n == 0 ? x : f(x * 0.5, n - 1);"),
        body("parameter reassigned", "double x", "x = x * x;\nx += 1;\nx++;\nreturn x;"),
        body("local shadowing a field", "double x", "double constant = 2;\nreturn x * constant;"),
        body("local named like a generated temporary", "double[] v", "int index = 0;\ndouble array = 0;\nfor (double d : v) {\n  array += d * index;\n  index++;\n}\nreturn array;"),
        body("locals named like the companion's", "double into, double seed", "double result = into * seed;\ndouble value = result;\nreturn value;"),
        body("instanceof pattern", "double x", "Object o = x;\nreturn o instanceof Double d ? d : 0;"),
        body("lambda in a local", "double x", "java.util.function.DoubleSupplier s = () -> x;\nreturn s.getAsDouble();"),
        body("anonymous class", "double x", "Object o = new Object() {};\nreturn x + o.hashCode();"),
        body("string concatenation", "double x", "String s = \"x = \" + x;\nreturn s.length() * x;"),
        body("float local", "double x", "float y = (float) x;\nreturn y * 2;"),
        body("array of records", "Params[] ps", "return ps[0].c()[0];"),
        body("record parameter component arithmetic", "Params p", "return p.c()[0] * p.b()[0] + p.W()[0][0];"),
        body("native method", "double x", null),
        body("methods named f and F", "double x", "return x;"));
  }

  /** Members for the two cases that need more than a body. */
  static String members(Body b) {
    switch (b.name()) {
      case "native method":
        return "@Differentiable\npublic static native double f(double x);\n";
      case "methods named f and F":
        return b.members() + "\n@Differentiable\npublic static double F(double x) {\n  return x;\n}\n";
      default:
        return b.members();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void compilesOrFailsWithTaggedErrors(Body b) {
    JavaFileObject source = UserSource.model(members(b));
    Compilation compilation = UserSource.compile(source);
    List<String> problems = problems(compilation, source);
    String known = KNOWN_BREAKS.get(b.name());
    if (known != null) {
      assertWithMessage(
              "'%s' was a known break (%s) but now passes the fence: remove it from KNOWN_BREAKS", b.name(), known)
          .that(problems)
          .isNotEmpty();
      return;
    }
    assertWithMessage("%s\n%s", members(b), UserSource.describe(compilation)).that(problems).isEmpty();
  }

  /** What is wrong with the outcome: empty when it compiled cleanly or failed with tagged errors only. */
  private static List<String> problems(Compilation compilation, JavaFileObject source) {
    List<String> problems = new ArrayList<>();
    if (compilation.status() == Compilation.Status.SUCCESS) {
      if (compilation.generatedSourceFile("demo.Model_Grad").isEmpty()) {
        problems.add("compiled, but no companion was written");
      }
      for (Diagnostic<? extends JavaFileObject> w : compilation.warnings()) {
        if (w.getSource() != null && w.getSource() != source) {
          problems.add("warning in generated code: " + UserSource.firstLine(w));
        }
      }
      return problems;
    }
    for (Diagnostic<? extends JavaFileObject> e : compilation.errors()) {
      String message = e.getMessage(null);
      if (!message.startsWith("[Chainrule")) {
        problems.add("untagged error: " + UserSource.firstLine(e));
      } else if (message.startsWith("[ChainruleInternalError]")) {
        problems.add("internal error: " + UserSource.firstLine(e));
      } else if (e.getSource() != source) {
        problems.add("error outside the user's file: " + UserSource.firstLine(e));
      }
    }
    if (compilation.errors().isEmpty()) {
      problems.add("failed without errors");
    }
    return problems;
  }
}
