package io.github.chainrule.processor.diagnostics;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per diagnostic tag in {@link Tag} (see {@code docs/errors.md}): each compiles small
 * methods that leave the supported subset and checks that the error carries the tag, sits on the
 * exact line of the offending code, says what to do instead, and that no companion is written.
 *
 * <p>{@link Tag#INTERNAL_ERROR} cannot come from user code; {@link InternalErrorTest} simulates a
 * processor bug instead. {@link TagCoverageTest} checks that every tag has a method here.
 */
class TagDiagnosticsTest {

  /**
   * One construct that must be rejected.
   *
   * @param construct what the case shows, for the test's display name
   * @param members the members of {@code demo.Model} (see {@link UserSource#model})
   * @param onLine a text found on exactly one line of the source: the line the error must point at
   * @param hint a part of the message that says what to do instead
   */
  record Case(String construct, String members, String onLine, String hint) {
    @Override
    public String toString() {
      return construct;
    }
  }

  static Case of(String construct, String onLine, String hint, String members) {
    return new Case(construct, members, onLine, hint);
  }

  /** Compiles the case and checks its error: tag, file, line, hint; no companion; no untagged error. */
  private static void assertRejected(String tag, Case c) {
    JavaFileObject source = UserSource.model(c.members());
    Compilation compilation =
        Compiler.javac()
            .withProcessors(UserSource.processors())
            .withOptions(UserSource.LINT)
            .compile(source);
    assertThat(compilation).failed();
    long line = UserSource.lineContaining(source, c.onLine());
    assertThat(compilation).hadErrorContaining("[" + tag + "]").inFile(source).onLine(line);
    assertThat(compilation).hadErrorContaining(c.hint()).inFile(source).onLine(line);
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      assertWithMessage("every error is tagged and in the user's file:\n%s", UserSource.describe(compilation))
          .that(d.getMessage(null))
          .startsWith("[Chainrule");
      assertWithMessage("error outside the user's file:\n%s", UserSource.describe(compilation))
          .that(d.getSource())
          .isSameInstanceAs(source);
    }
    assertWithMessage("a class with errors gets no companion").that(UserSource.writtenSources(source)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  static Stream<Case> notStaticCases() {
    return Stream.of(
        of(
            "instance method",
            "public double score(double x)",
            "pass what it reads from 'this' as parameters",
            """
            @Differentiable
            public double score(double x) {
              return x * x;
            }
            """),
        of(
            "abstract method",
            "public abstract double score(double x);",
            "an abstract method has no body, nor one implementation to differentiate",
            """
            public abstract static class Base {
              @Differentiable
              public abstract double score(double x);
            }
            """),
        of(
            "interface method without a body",
            "double loss(double[] w);",
            "declare a static method with a body (an interface may have one)",
            """
            public interface Loss {
              @Differentiable
              double loss(double[] w);
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notStaticCases")
  void notStatic(Case c) {
    assertRejected("ChainruleNotStatic", c);
  }

  static Stream<Case> notAccessibleCases() {
    return Stream.of(
        of(
            "private method",
            "private static double score(double x)",
            "make it package-private or public",
            """
            @Differentiable
            private static double score(double x) {
              return x * x;
            }
            """),
        of(
            "private nested class",
            "static double score(double x)",
            "make the class package-private or public",
            """
            private static class Hidden {
              @Differentiable
              static double score(double x) {
                return x * x;
              }
            }
            """),
        of(
            "class nested in a private class",
            "static double score(double x)",
            "class 'Hidden' is private",
            """
            private static class Hidden {
              static class Inner {
                @Differentiable
                static double score(double x) {
                  return x * x;
                }
              }
            }
            """),
        of(
            "private record as a parameter type",
            "static double score(Weights w, double[] x)",
            "record 'Weights': it is private, so the generated Model_Grad cannot use it; make it package-private or public",
            """
            private record Weights(double[] v) {}

            @Differentiable
            static double score(Weights w, double[] x) {
              return w.v()[0] * x[0];
            }
            """),
        of(
            "private record as a constant parameter",
            "static double score(@NoGrad Weights w, double[] x)",
            "record 'Weights': it is private",
            """
            private record Weights(double[] v) {}

            @Differentiable
            static double score(@NoGrad Weights w, double[] x) {
              return w.v()[0] * x[0];
            }
            """),
        of(
            "record inside a private class, nested in a parameter's record",
            "static double score(Outer o)",
            "record 'Inner', component 'inner' of 'Outer': class 'Hidden' around it is private",
            """
            private static class Hidden {
              record Inner(double[] v) {}
            }

            record Outer(Hidden.Inner inner) {}

            @Differentiable
            static double score(Outer o) {
              return o.inner().v()[0];
            }
            """),
        of(
            "private helper that computes a constant",
            "int k = half(x.length);",
            "'half' is private in Model, so the generated Model_Grad cannot call Model.half",
            """
            private static int half(int n) {
              return n / 2;
            }

            @Differentiable
            static double score(double[] x) {
              int k = half(x.length);
              return x[k];
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notAccessibleCases")
  void notAccessible(Case c) {
    assertRejected("ChainruleNotAccessible", c);
  }

  static Stream<Case> returnTypeCases() {
    return Stream.of(
        of("float", "static float score", "it must return double", "@Differentiable\nstatic float score(double x) {\n  return 1;\n}"),
        of("int", "static int score", "it must return double", "@Differentiable\nstatic int score(double x) {\n  return 1;\n}"),
        of("void", "static void score", "it must return double", "@Differentiable\nstatic void score(double x) {}"),
        of(
            "boxed Double",
            "static Double score",
            "returns java.lang.Double; it must return double",
            "@Differentiable\nstatic Double score(double x) {\n  return x;\n}"),
        of(
            "double[][][]",
            "static double[][][] score",
            "returns double[][][]; it must return double, double[] or double[][]",
            "@Differentiable\nstatic double[][][] score(double x) {\n  throw new UnsupportedOperationException();\n}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("returnTypeCases")
  void returnType(Case c) {
    assertRejected("ChainruleReturnType", c);
  }

  static Stream<Case> parameterTypeCases() {
    String hint = "a differentiable method takes double, double[], double[][], records of these";
    return Stream.of(
        of("float", "score(float x)", hint, "@Differentiable\nstatic double score(float x) {\n  return x;\n}"),
        of("boxed Double", "score(Double x)", hint, "@Differentiable\nstatic double score(Double x) {\n  return x;\n}"),
        of("char", "score(double x, char c)", hint, "@Differentiable\nstatic double score(double x, char c) {\n  return x;\n}"),
        of(
            "List<Double>",
            "score(java.util.List<Double> xs)",
            hint,
            "@Differentiable\nstatic double score(java.util.List<Double> xs) {\n  return 0;\n}"),
        of(
            "String, even with @NoGrad",
            "score(@NoGrad String name, double x)",
            hint,
            "@Differentiable\nstatic double score(@NoGrad String name, double x) {\n  return x;\n}"),
        of(
            "double[][][]",
            "score(double[][][] t)",
            hint,
            "@Differentiable\nstatic double score(double[][][] t) {\n  return 0;\n}"),
        of(
            "record with a String component",
            "score(Named n)",
            "component name of record Named",
            """
            public record Named(String name, double[] v) {}

            @Differentiable
            static double score(Named n) {
              return 0;
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parameterTypeCases")
  void parameterType(Case c) {
    assertRejected("ChainruleParameterType", c);
  }

  /** A method whose body is {@code body}, with parameters the bodies below can use. */
  private static String body(String body) {
    return """
        @Differentiable
        static double score(Params p, double x, double[] v, double[][] W, int[] n, int k) {
        %s}
        """
        .formatted(body.indent(2));
  }

  static Stream<Case> localTypeCases() {
    String hint = "use double, double[], double[][] (or int, long, boolean and their arrays";
    return Stream.of(
        of("float", "float y = 1;", hint, body("float y = 1;\nreturn x;")),
        of("String", "String s = \"a\";", hint, body("String s = \"a\";\nreturn x;")),
        of("Object", "Object o = x;", hint, body("Object o = x;\nreturn x;")),
        of("Integer", "Integer i = k;", hint, body("Integer i = k;\nreturn x;")),
        of("char", "char c = 'a';", hint, body("char c = 'a';\nreturn x;")),
        of("double[][][]", "double[][][] t", hint, body("double[][][] t = new double[1][1][1];\nreturn x;")),
        of("record local via var", "var q = p;", "read components directly, e.g. p.W()", body("var q = p;\nreturn x;")),
        of(
            "loop variable wider than the elements",
            "for (long m : n)",
            "loop variable of type long over elements of type int",
            body("double s = 0;\nfor (long m : n) {\n  s += m;\n}\nreturn s * x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("localTypeCases")
  void localType(Case c) {
    assertRejected("ChainruleLocalType", c);
  }

  static Stream<Case> unsupportedCallCases() {
    return Stream.of(
        of(
            "call that needs boxing",
            "Helper.boxed(x)",
            "boxed, generic and varargs parameters do not match",
            body("return Helper.boxed(x);")),
        of(
            "generic method",
            "Helper.same(x)",
            "boxed, generic and varargs parameters do not match",
            body("return Helper.same(x);")),
        of(
            "plain static helper",
            "Helper.plain(x)",
            "cannot differentiate through Helper.plain(double): mark it @Differentiable or give it a @Derivative",
            body("return Helper.plain(x);")),
        of(
            "Math function without a rule",
            "Math.fma(x, x, x)",
            "write it with these or in a @Differentiable method",
            body("return Math.fma(x, x, x);")),
        of("Math.random", "Math.random()", "cannot differentiate through Math.random()", body("return Math.random() * x;")),
        of(
            "method of an array",
            "v.clone()",
            "only static methods and record accessors can be called",
            body("double[] w = v.clone();\nreturn x;")),
        of(
            "JDK stream",
            "java.util.Arrays.stream(v)",
            "cannot differentiate through Arrays.stream(double[])",
            body("return java.util.Arrays.stream(v).sum();")),
        of(
            "record passed to a plain method",
            "Helper.count(p)",
            "cannot pass a record to Helper.count(Model.Params), which is not @Differentiable",
            body("return Helper.count(p) * x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedCallCases")
  void unsupportedCall(Case c) {
    assertRejected("ChainruleUnsupportedCall", c);
  }

  static Stream<Case> unsupportedStatementCases() {
    return Stream.of(
        of("try", "try {", "move the code that can fail out of it", body("try {\n  x = x * 2;\n} finally {\n  x = x + 1;\n}\nreturn x;")),
        of("throw", "throw new", "validate arguments in the caller", body("if (x < 0) {\n  throw new IllegalArgumentException();\n}\nreturn x;")),
        of(
            "switch",
            "switch (k) {",
            "use if/else",
            body("switch (k) {\n  case 0:\n    x = 2 * x;\n    break;\n  default:\n    break;\n}\nreturn x;")),
        of("synchronized", "synchronized (Model.class)", "synchronized is not supported", body("synchronized (Model.class) {\n  x = x * 2;\n}\nreturn x;")),
        of("assert", "assert x", "check arguments in the caller", body("assert x > 0 : \"positive\";\nreturn x;")),
        of("local class", "class Local", "declare it outside", body("class Local {}\nreturn x;")),
        of("local record", "record Pair", "declare it outside", body("record Pair(double a, double b) {}\nreturn x;")),
        of("unused call", "Math.sin(x);", "assign its result or remove it", body("Math.sin(x);\nreturn x;")),
        of(
            "labeled block",
            "outer: {",
            "put 'outer:' on a loop or remove it",
            body("outer: {\n  if (x > 0) {\n    break outer;\n  }\n  x = -x;\n}\nreturn x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedStatementCases")
  void unsupportedStatement(Case c) {
    assertRejected("ChainruleUnsupportedStatement", c);
  }

  static Stream<Case> unsupportedExpressionCases() {
    String statement = "make it a statement of its own";
    return Stream.of(
        of("lambda", "() -> x", "write a loop, or a @Differentiable method", body("return Helper.supply(() -> x);")),
        of("method reference", "Math::random", "call the method directly", body("return Helper.supply(Math::random) * x;")),
        of("instanceof", "p instanceof Record", "instanceof is not supported", body("boolean b = p instanceof Record;\nreturn x;")),
        of("assignment inside an expression", "(y = x) * y", statement, body("double y;\nreturn (y = x) * y;")),
        of("i++ inside an expression", "x * i++", statement, body("int i = 0;\ndouble y = x * i++;\nreturn x;")),
        of("compound assignment inside an expression", "y += y *= 2", statement, body("double y = x;\ny += y *= 2;\nreturn y;")),
        of("float literal", "1.5f * x", "write a double literal (drop the 'f')", body("double y = 1.5f * x;\nreturn y;")),
        of("string literal", "\"abc\".length()", "only numbers and booleans are", body("int m = \"abc\".length();\nreturn x * m;")),
        of("char literal", "('b' - 'a')", "only numbers and booleans are", body("return x * ('b' - 'a');")),
        of("null", "= null;", "only numbers and booleans are", body("double[] w = new double[1];\nw = null;\nreturn x;")),
        of(
            "switch expression",
            "switch (k) {",
            "use the ternary operator",
            body("return switch (k) {\n  case 0 -> x;\n  default -> 2 * x;\n};")),
        of("cast to float", "(float) x", "only casts between double, long and int are supported", body("return (float) x;")),
        of("comparison of arrays", "v == v", "only numbers and booleans can be compared with ==", body("return v == v ? x : 0;")),
        of(
            "computed array passed to a differentiable method in a loop condition",
            "sum(new double[] {x, x})",
            "in a loop condition or update, pass an array variable or a matrix row to 'sum'",
            body("while (sum(new double[] {x, x}) < 0) {\n  x = -x;\n}\nreturn x;")
                + "\n@Differentiable\nstatic double sum(double[] a) {\n  return a[0] + a[1];\n}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedExpressionCases")
  void unsupportedExpression(Case c) {
    assertRejected("ChainruleUnsupportedExpression", c);
  }

  static Stream<Case> objectCreationCases() {
    String hint = "cannot create objects in a @Differentiable method (only arrays); pass what you need as parameters";
    return Stream.of(
        of("new on a class", "new Helper()", hint, body("return new Helper().get() * x;")),
        of("new on a JDK class", "new StringBuilder()", hint, body("return new StringBuilder().length() * x;")),
        of("new record", "new Params(", hint, body("return Helper.count(new Params(W, v, x)) * x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectCreationCases")
  void objectCreation(Case c) {
    assertRejected("ChainruleObjectCreation", c);
  }

  static Stream<Case> parameterWriteCases() {
    String hint = "copy it into a new array first";
    return Stream.of(
        of("element of a parameter", "v[0] = x;", hint, body("v[0] = x;\nreturn x;")),
        of("element of a parameter matrix", "W[0][1] = x;", hint, body("W[0][1] = x;\nreturn x;")),
        of("++ on a parameter element", "v[0]++;", hint, body("v[0]++;\nreturn x;")),
        of("compound assignment on a parameter element", "v[0] += x;", hint, body("v[0] += x;\nreturn x;")),
        of("int[] parameter", "n[0] = 3;", hint, body("n[0] = 3;\nreturn x;")),
        of("record component", "p.b()[0] = x;", hint, body("p.b()[0] = x;\nreturn x;")),
        of("row alias", "row[1] = x;", hint, body("double[] row = W[0];\nrow[1] = x;\nreturn x;")),
        of("whole-array alias", "a[0] = x;", hint, body("double[] a = v;\na[0] = x;\nreturn x;")),
        of("row of an enhanced for", "row[0] = x;", hint, body("for (double[] row : W) {\n  row[0] = x;\n}\nreturn x;")),
        of("alias through a ternary", "r[0] = x;", hint, body("double[] r = k > 0 ? W[0] : W[1];\nr[0] = x;\nreturn x;")),
        of(
            "record parameter reassigned",
            "p = q;",
            "record parameter 'p' cannot be reassigned",
            "@Differentiable\nstatic double score(Params p, Params q) {\n  p = q;\n  return 0;\n}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parameterWriteCases")
  void parameterWrite(Case c) {
    assertRejected("ChainruleParameterWrite", c);
  }

  static Stream<Case> fieldAccessCases() {
    String read = "pass the value as a parameter (use @NoGrad if it needs no gradient)";
    String write = "a @Differentiable method may only write its own local variables and arrays";
    String fields =
        "static double scale = 2;\nstatic final double[] WEIGHTS = {1, 2};\nstatic final double ROOT2 = Math.sqrt(2);\n";
    return Stream.of(
        of("read of a static field", "x * scale", read, fields + body("return x * scale;")),
        of("qualified read of a static field", "x * Model.scale", read, fields + body("return x * Model.scale;")),
        of("read of a static final array", "WEIGHTS[0]", read, fields + body("return x * WEIGHTS[0];")),
        of("read of a static final that is not a constant", "x * ROOT2", read, fields + body("return x * ROOT2;")),
        of("write of a static field", "scale = x;", write, fields + body("scale = x;\nreturn x;")),
        of("qualified write of a static field", "Model.scale = x;", write, fields + body("Model.scale = x;\nreturn x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldAccessCases")
  void fieldAccess(Case c) {
    assertRejected("ChainruleFieldAccess", c);
  }

  /** Compile-time constants are not fields to chainrule: they are inlined, so these compile. */
  @org.junit.jupiter.api.Test
  void fieldAccessAllowsConstants() {
    JavaFileObject source =
        UserSource.model(
            """
            static final double HALF = 0.5;
            static final int TWO = 2;
            static final boolean ON = true;

            @Differentiable
            static double score(double x) {
              double c = Math.PI + Math.E + StrictMath.PI + HALF * TWO + Model.HALF;
              double big = Double.MAX_VALUE * 0 + Integer.MAX_VALUE * 0.0 + Long.MIN_VALUE * 0.0;
              return ON ? c * x + big : x;
            }
            """);
    Compilation compilation = UserSource.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("demo.Model_Grad");
  }

  static Stream<Case> arrayAliasCases() {
    String hint = "copy the parameter into a new array instead";
    return Stream.of(
        of("new array, then a parameter", "a = v;", hint, body("double[] a = new double[2];\na = v;\nreturn a[0] * x;")),
        of("new matrix, then a parameter", "M = W;", hint, body("double[][] M = new double[2][2];\nM = W;\nreturn M[0][0] * x;")),
        of("parameter, then a new array", "double[] a = v;", hint, body("double[] a = v;\na = new double[3];\nreturn a[0] * x;")),
        of("parameter as a row of a new matrix", "M[k] = v;", hint, body("double[][] M = new double[2][2];\nM[k] = v;\nreturn M[0][0] * x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrayAliasCases")
  void arrayAlias(Case c) {
    assertRejected("ChainruleArrayAlias", c);
  }

  static Stream<Case> rowAssignmentCases() {
    String hint = "the rows of a matrix initializer must be new arrays ({...}), not existing arrays, which they would alias";
    return Stream.of(
        of("rows of a parameter matrix", "{W[0], W[1]}", hint, body("double[][] M = {W[0], W[1]};\nreturn x;")),
        of("a parameter as a row", "{v, {x}}", hint, body("double[][] M = {v, {x}};\nreturn x;")),
        of("a local array as a row", "{r, r}", hint, body("double[] r = {x};\ndouble[][] M = {r, r};\nreturn x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rowAssignmentCases")
  void rowAssignment(Case c) {
    assertRejected("ChainruleRowAssignment", c);
  }

  static Stream<Case> unknownTypeCases() {
    return Stream.of(
        of("class literal", "Model.class", "cannot resolve 'Model.class'", body("return Model.class.hashCode() * x;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknownTypeCases")
  void unknownType(Case c) {
    assertRejected("ChainruleUnknownType", c);
  }

  static Stream<Case> scalarComponentCases() {
    String hint = "no optimizer could train it; declare it as double[] bias (length 1) and read it as p.bias()[0]";
    return Stream.of(
        of(
            "the bias of a logistic regression",
            "record LogReg(double[] w, double bias) {}",
            hint,
            """
            record LogReg(double[] w, double bias) {}

            @Differentiable
            static double loss(LogReg p, double[] x) {
              double z = p.bias();
              for (int j = 0; j < x.length; j++) {
                z += p.w()[j] * x[j];
              }
              return Math.log1p(Math.exp(-z));
            }
            """),
        of(
            "a scalar in a nested record",
            "record Layer(double[] w, double bias) {}",
            "read it as p.out().bias()[0]",
            """
            record Layer(double[] w, double bias) {}

            record Net(Layer out) {}

            @Differentiable
            static double loss(Net p, double[] x) {
              return p.out().bias() * x[0];
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalarComponentCases")
  void scalarComponent(Case c) {
    assertRejected("ChainruleScalarComponent", c);
  }

  static Stream<Case> wrtCases() {
    return Stream.of(
        of(
            "a name that is not a parameter",
            "@Differentiable(wrt = \"q\")",
            "wrt names 'q', which is not a parameter of 'loss'; its parameters are p, x",
            """
            @Differentiable(wrt = "q")
            static double loss(double[] p, double[] x) {
              return p[0] * x[0];
            }
            """),
        of(
            "a parameter without a gradient",
            "@Differentiable(wrt = {\"p\", \"label\"})",
            "wrt names 'label', of type int, which has no gradient",
            """
            @Differentiable(wrt = {"p", "label"})
            static double loss(double[] p, int label) {
              return p[label];
            }
            """),
        of(
            "a parameter also marked @NoGrad",
            "@Differentiable(wrt = {\"p\", \"x\"})",
            "'x' is in wrt and marked @NoGrad; keep one of the two",
            """
            @Differentiable(wrt = {"p", "x"})
            static double loss(double[] p, @NoGrad double[] x) {
              return p[0] * x[0];
            }
            """),
        of(
            "a name twice",
            "@Differentiable(wrt = {\"p\", \"p\"})",
            "wrt names 'p' twice",
            """
            @Differentiable(wrt = {"p", "p"})
            static double loss(double[] p, double[] x) {
              return p[0] * x[0];
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrtCases")
  void wrt(Case c) {
    assertRejected("ChainruleWrt", c);
  }

  static Stream<Case> duplicateNameCases() {
    return Stream.of(
        of(
            "overloads",
            "static double score(double x, double y)",
            "would both have a gradient holder named Score; rename one",
            """
            @Differentiable
            static double score(double x) {
              return x * x;
            }

            @Differentiable
            static double score(double x, double y) {
              return x * y;
            }
            """),
        of(
            "parameter named like a holder method",
            "score(double x, double value)",
            "clashes with the holder's own value(); rename the parameter",
            "@Differentiable\nstatic double score(double x, double value) {\n  return x * value;\n}"),
        of(
            "parameter named zero",
            "score(double zero)",
            "clashes with the holder's own zero(); rename the parameter",
            "@Differentiable\nstatic double score(double zero) {\n  return zero;\n}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("duplicateNameCases")
  void duplicateName(Case c) {
    assertRejected("ChainruleDuplicateName", c);
  }

  /** {@code f(x, v) = x * v[0]}: its adjoint is {@code static double df(double x, double[] v, double seed, double[] dv)}. */
  private static String adjoint(String adjoint) {
    return """
        static double f(double x, double[] v) {
          return x * v[0];
        }

        @Derivative(of = "f")
        %s

        @Differentiable
        static double score(double x, double[] v) {
          return f(x, v);
        }
        """
        .formatted(adjoint);
  }

  static Stream<Case> derivativeSignatureCases() {
    String expected = "expected static double df(double x, double[] v, double seed, double[] dv)";
    return Stream.of(
        of(
            "too few parameters",
            "static double df(",
            "takes 3 parameters but needs 4; " + expected,
            adjoint("static double df(double x, double[] v, double seed) {\n  return seed * v[0];\n}")),
        of(
            "wrong parameter type",
            "static double df(",
            "parameter 4 ('dv') has type double but must be double[]; " + expected,
            adjoint("static double df(double x, double[] v, double seed, double dv) {\n  return seed * v[0];\n}")),
        of(
            "wrong return type",
            "static void df(",
            "returns void but must return double (the gradient of each double parameter, times the seed); " + expected,
            adjoint("static void df(double x, double[] v, double seed, double[] dv) {}")),
        of(
            "instance method",
            "double df(",
            "@Derivative method 'df' must be static and not private; " + expected,
            adjoint("double df(double x, double[] v, double seed, double[] dv) {\n  return seed * v[0];\n}")),
        of(
            "no such method",
            "static void dg(",
            "@Derivative(of = \"g\"): Model has no method named 'g'",
            """
            @Derivative(of = "g")
            static void dg(double x, double seed) {}
            """),
        of(
            "method that is not differentiable",
            "static void dn(",
            "'n' returns int; differentiable methods return double, double[] or double[][]",
            """
            static int n(double x) {
              return 1;
            }

            @Derivative(of = "n")
            static void dn(double x, double seed) {}
            """),
        of(
            "takesResult with a double result",
            "static double df(",
            "@Derivative(of = \"f\", takesResult = true): 'f' returns double; only an array result can be"
                + " passed to the adjoint",
            """
            static double f(double x) {
              return x * x;
            }

            @Derivative(of = "f", takesResult = true)
            static double df(double x, double value, double seed) {
              return 2 * x * seed;
            }
            """),
        of(
            "takesResult without the result parameter",
            "static void dt(",
            "takes 3 parameters but needs 4; expected static void dt(double[] x, double[] value, double[]"
                + " upstream, double[] dx)",
            """
            static double[] t(double[] x) {
              return x.clone();
            }

            @Derivative(of = "t", takesResult = true)
            static void dt(double[] x, double[] upstream, double[] dx) {}
            """),
        of(
            "two adjoints for one method",
            "static double dh2(",
            "'h' already has a @Derivative, dh; keep one",
            """
            static double h(double x) {
              return x;
            }

            @Derivative(of = "h")
            static double dh(double x, double seed) {
              return seed;
            }

            @Derivative(of = "h")
            static double dh2(double x, double seed) {
              return seed;
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derivativeSignatureCases")
  void derivativeSignature(Case c) {
    assertRejected("ChainruleDerivativeSignature", c);
  }
}
