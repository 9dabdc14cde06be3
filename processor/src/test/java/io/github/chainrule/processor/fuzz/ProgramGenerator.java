package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.Shape.Component;
import io.github.chainrule.processor.fuzz.Shape.Kind;
import io.github.chainrule.processor.fuzz.Shape.Param;
import io.github.chainrule.processor.fuzz.Shape.RecordType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes random programs inside chainrule's supported subset of Java, from a seed.
 *
 * <p>A program is a class with zero to two nested record types (arrays, doubles and nested records)
 * and two or three static {@code @Differentiable} methods; later methods may call earlier ones. A
 * method body mixes straight-line arithmetic over every {@code Math}/{@code StrictMath} function of
 * the subset (arguments wrapped into their smooth domains, e.g. {@code log(1 + e * e)}), non-smooth
 * operations ({@code abs max min signum floor ceil rint round %}, {@code atan2}, casts to {@code
 * int}, comparisons), local scalars, booleans and ints, local 1-D and 2-D arrays (created, written
 * in place, written through row aliases, reassigned to new arrays or to other local arrays), row
 * aliases of parameter matrices, record accessor chains, loops of every form (with labeled and
 * plain {@code break}/{@code continue}, early returns, data-dependent trip counts), and calls.
 *
 * <p>The generator knows every array length statically, so each index it writes is in range by
 * construction ({@code i}, {@code (i + c) % a.length}, {@code a.length - 1 - i}, constants).
 * Values stay moderate: the smooth functions used are bounded or grow slowly, divisors are kept
 * away from zero, and loop updates contract ({@code t *= 0.5 + 0.4 * tanh(...)}).
 *
 * <p>The same seed with {@code traced = true} writes the traced twin, identical except that
 * non-smooth operations go through {@code fuzz.Trace} (see {@link TraceSource}): every random draw
 * happens in both modes, only the rendering differs.
 */
final class ProgramGenerator {
  /**
   * Switches for constructs kept out of the default run while a processor bug is open. Each is
   * named after the construct; all are on by default (system property {@code chainrule.fuzz.off}
   * takes a comma-separated list of names to turn off, for hunting).
   */
  enum Feature {
    REASSIGN_DOUBLE_PARAMETER,
    ARRAY_LITERAL_ARGUMENT,
    NESTED_RECORD_ARGUMENT,
    LOCAL_ARRAY_COPY_ALIAS,
    INT_MATH_MIN_INDEX,
    DOUBLE_INCREMENT,
    VAR_LOCAL,
    STRICT_MATH,
    /**
     * Passing a value that depends on the differentiable parameters to a callee's {@code @NoGrad}
     * parameter. Off by default: the processor treats {@code @NoGrad} as a stop-gradient, so the
     * gradient differs from the numerical one by design, not by a bug.
     */
    ACTIVE_ARGUMENT_TO_NOGRAD,
    ENHANCED_FOR_OVER_NEW_ARRAY,
    ROW_ASSIGNMENT,
    /** Helper methods with hand-written {@code @Derivative} adjoints of several scalar parameters. */
    ADJOINT_HELPER,
    /** {@code t = (c < k) ? a : b;} followed by an assignment to {@code c}. */
    TERNARY_THEN_OVERWRITE
  }

  /**
   * A helper with a hand-written adjoint: its parameters ("d" a double, "v" a vector) and the
   * source of the method and of its adjoint ({@code NAME} stands for the method's name).
   */
  private record AdjointTemplate(String params, String body, String adjoint) {}

  private static final AdjointTemplate[] ADJOINT_TEMPLATES = {
    new AdjointTemplate(
        "dd",
        "return a * Math.sin(b) + 0.5 * a * a;",
        "return new double[] {seed * (Math.sin(b) + a), seed * a * Math.cos(b)};"),
    new AdjointTemplate(
        "ddd",
        "return a * b - Math.tanh(c) * b + c;",
        "double t = Math.tanh(c);\n"
            + "return new double[] {seed * b, seed * (a - t), seed * (1 - b * (1 - t * t))};"),
    new AdjointTemplate(
        "dvd",
        "return a * v[0] + Math.exp(0.3 * Math.tanh(b)) * v[v.length - 1];",
        "double t = Math.tanh(b);\n"
            + "double e = Math.exp(0.3 * t);\n"
            + "if (dv != null) {\n"
            + "  dv[0] += seed * a;\n"
            + "  dv[v.length - 1] += seed * e;\n"
            + "}\n"
            + "return new double[] {seed * v[0], seed * 0.3 * e * (1 - t * t) * v[v.length - 1]};"),
    new AdjointTemplate(
        "ddd",
        "return Math.atan(a * c) + b * b * c;",
        "double r = 1 + a * a * c * c;\n"
            + "return new double[] {seed * c / r, seed * 2 * b * c, seed * (a / r + b * b)};"),
  };

  /** A place where a statement may be inserted, with what is in scope there. */
  record Point(int line, String indent, int method, List<Var> scope, List<RecordValue> records, int loopDepth) {}

  /**
   * A variable (or read-only expression such as {@code p.in().v()}) in scope.
   *
   * @param name its expression
   * @param kind DOUBLE, INT, VECTOR or MATRIX
   * @param rows vector length or matrix rows
   * @param cols matrix columns
   * @param param an array that refers to parameter storage (never written)
   * @param assignable whether {@code name = ...} is allowed (locals; double parameters)
   * @param lo least value of an int
   * @param hi greatest value of an int
   * @param local declared in the method body (not a parameter or accessor)
   */
  record Var(
      String name,
      Kind kind,
      int rows,
      int cols,
      boolean param,
      boolean assignable,
      int lo,
      int hi,
      boolean local) {}

  /** A record-typed expression in scope: a parameter or an accessor chain such as {@code p.in()}. */
  record RecordValue(String expression, RecordType type) {}

  private static final String[] CONSTANTS = {
    "0.5", "1.5", "2.0", "0.25", "3.0", "0.1", "0.75", "1.0", "1.25", "0.3"
  };

  private final SplittableRandom random;
  private final long seed;
  private final boolean traced;
  private final String packageName;
  private final String className;
  private final java.util.Set<Feature> off;

  private final List<String> lines = new ArrayList<>();
  private final List<Point> points = new ArrayList<>();
  private final List<RecordType> records = new ArrayList<>();
  private final List<Shape.Method> methods = new ArrayList<>();
  /** The adjoint-backed helpers of the program: name and parameter kinds ("d" or "v"). */
  private final List<String[]> helpers = new ArrayList<>();

  // Per method state.
  private final Deque<List<Var>> scopes = new ArrayDeque<>();
  private final List<RecordValue> recordValues = new ArrayList<>();
  private final Deque<String> loopLabels = new ArrayDeque<>(); // "" for unlabeled loops
  /** Expressions of @NoGrad parameters (and their record components): constants of the method. */
  private final java.util.Set<String> constants = new java.util.HashSet<>();
  private int methodIndex;
  private int counter;
  private int budget;
  private String indent = "";

  private ProgramGenerator(
      long seed, boolean traced, String packageName, String className, java.util.Set<Feature> off) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.traced = traced;
    this.packageName = packageName;
    this.className = className;
    this.off = off;
  }

  /** The program of {@code seed}, as class {@code packageName.className}, with its traced twin. */
  static GeneratedProgram generate(
      long seed, String packageName, String className, java.util.Set<Feature> off) {
    ProgramGenerator plain = new ProgramGenerator(seed, false, packageName, className, off);
    plain.program();
    ProgramGenerator twin = new ProgramGenerator(seed, true, packageName, className, off);
    twin.program();
    return new GeneratedProgram(
        seed,
        packageName,
        className,
        List.copyOf(plain.lines),
        String.join("\n", twin.lines) + "\n",
        List.copyOf(plain.methods),
        List.copyOf(plain.records),
        List.copyOf(plain.points));
  }

  private boolean on(Feature feature) {
    return !off.contains(feature);
  }

  // ---------------------------------------------------------------- program and methods

  private void program() {
    lines.add("package " + packageName + ";");
    lines.add("");
    if (!traced) {
      lines.add("import io.github.chainrule.Derivative;");
      lines.add("import io.github.chainrule.Differentiable;");
      lines.add("import io.github.chainrule.NoGrad;");
      lines.add("");
      lines.add("/** Generated by ProgramGenerator, seed " + seed + "L. */");
      lines.add("public class " + className + " {");
    } else {
      lines.add("/** The traced twin of " + className + " (seed " + seed + "L). */");
      lines.add("final class " + className + "T {");
      lines.add("  private " + className + "T() {}");
    }
    int recordCount = random.nextInt(3);
    for (int r = 0; r < recordCount; r++) {
      records.add(recordType(r));
    }
    if (!traced) {
      for (RecordType type : records) {
        StringBuilder components = new StringBuilder();
        for (Component c : type.components()) {
          components.append(components.length() == 0 ? "" : ", ")
              .append(c.shape().javaType(""))
              .append(' ')
              .append(c.name());
        }
        lines.add("  /** A generated record. */");
        lines.add("  public record " + type.name() + "(" + components + ") {}");
        lines.add("");
      }
      // Not used by valid programs: the targets of injected field accesses and unknown calls.
      lines.add("  /** A mutable field (only injected code touches it). */");
      lines.add("  public static double counter;");
      lines.add("");
      lines.add("  /** A method without a derivative (only injected code calls it). */");
      lines.add("  static double helper(double v) {");
      lines.add("    return v * 2;");
      lines.add("  }");
    }
    if (on(Feature.ADJOINT_HELPER)) {
      int count = random.nextInt(3);
      for (int h = 0; h < count; h++) {
        adjointHelper("u" + h, ADJOINT_TEMPLATES[random.nextInt(ADJOINT_TEMPLATES.length)]);
      }
    }
    int methodCount = 2 + random.nextInt(2);
    for (int m = 0; m < methodCount; m++) {
      methodIndex = m;
      method("f" + m);
    }
    lines.add("}");
  }

  /** Writes helper {@code name} from {@code t}, with its adjoint unless this is the traced twin. */
  private void adjointHelper(String name, AdjointTemplate t) {
    String[] names = {"a", "b", "c"};
    StringBuilder params = new StringBuilder();
    StringBuilder buffers = new StringBuilder();
    int scalar = 0;
    for (int i = 0; i < t.params().length(); i++) {
      boolean vector = t.params().charAt(i) == 'v';
      params.append(i == 0 ? "" : ", ").append(vector ? "double[] v" : "double " + names[scalar++]);
      if (vector) {
        buffers.append(", double[] dv");
      }
    }
    helpers.add(new String[] {name, t.params()});
    lines.add("");
    lines.add("  static double " + name + "(" + params + ") {");
    lines.add("    " + t.body());
    lines.add("  }");
    if (!traced) {
      lines.add("");
      lines.add("  @Derivative(of = \"" + name + "\")");
      lines.add("  static double[] " + name + "Adjoint(" + params + ", double seed" + buffers + ") {");
      for (String line : t.adjoint().split("\n")) {
        lines.add("    " + line);
      }
      lines.add("  }");
    }
  }

  private RecordType recordType(int index) {
    List<Component> components = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    String[] names = {"v", "w", "s", "W", "c", "inner"};
    for (int i = 0; i < n; i++) {
      Shape shape;
      int pick = random.nextInt(index > 0 ? 5 : 4);
      if (pick == 0) {
        shape = Shape.DOUBLE;
      } else if (pick == 1 || pick == 2) {
        shape = Shape.vector(2 + random.nextInt(3));
      } else if (pick == 3) {
        shape = Shape.matrix(2 + random.nextInt(2), 2 + random.nextInt(2));
      } else {
        shape = Shape.of(records.get(random.nextInt(index)));
      }
      components.add(new Component(names[i * 2 + random.nextInt(2)] + i, shape));
    }
    return new RecordType("R" + index, components);
  }

  private String recordPrefix() {
    return traced ? className + "." : "";
  }

  private void method(String name) {
    scopes.clear();
    recordValues.clear();
    loopLabels.clear();
    constants.clear();
    counter = 0;
    budget = 5 + random.nextInt(8);
    List<Param> params = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    // Sometimes reuse an earlier method's parameter shapes, so that calls find arguments.
    Shape.Method model = methods.isEmpty() || random.nextInt(3) > 0
        ? null : methods.get(random.nextInt(methods.size()));
    for (int i = 0; i < count; i++) {
      Shape shape;
      if (model != null && i < model.params().size()) {
        shape = model.params().get(i).shape();
      } else {
        shape = randomParamShape();
      }
      boolean noGrad = shape.kind() != Kind.INT && random.nextInt(8) == 0;
      String prefix = switch (shape.kind()) {
        case DOUBLE -> "x";
        case VECTOR -> "a";
        case MATRIX -> "M";
        case INT -> "k";
        case RECORD -> "p";
        case BOOLEAN -> "b";
      };
      params.add(new Param(prefix + i, shape, noGrad));
    }
    methods.add(new Shape.Method(name, params));

    lines.add("");
    StringBuilder signature = new StringBuilder();
    for (Param p : params) {
      signature.append(signature.length() == 0 ? "" : ", ")
          .append(p.noGrad() && !traced ? "@NoGrad " : "")
          .append(p.shape().javaType(recordPrefix()))
          .append(' ')
          .append(p.name());
    }
    if (!traced) {
      lines.add("  @Differentiable");
      lines.add("  public static double " + name + "(" + signature + ") {");
    } else {
      lines.add("  static double " + name + "(" + signature + ") {");
    }
    indent = "    ";
    List<Var> top = new ArrayList<>();
    scopes.push(top);
    for (Param p : params) {
      int before = top.size();
      addParam(top, p.name(), p.shape());
      if (p.noGrad()) {
        constants.add(p.name());
        top.subList(before, top.size()).forEach(v -> constants.add(v.name()));
      }
    }
    List<Var> accumulators = new ArrayList<>();
    // A first scalar local, so that there is always something to accumulate into.
    point();
    String acc = fresh("s");
    emit("double " + acc + " = " + dexpr(2) + ";");
    Var accVar = scalarLocal(acc);
    top.add(accVar);
    accumulators.add(accVar);
    while (budget > 0) {
      statement(0);
    }
    point();
    StringBuilder result = new StringBuilder(acc);
    for (Var v : top) {
      if (v.kind() == Kind.DOUBLE && v.local() && v != accVar && random.nextInt(2) == 0) {
        result.append(" + ").append(v.name());
      }
    }
    result.append(" + ").append(dexpr(2));
    emit("return " + result + ";");
    scopes.pop();
    lines.add("  }");
  }

  private Shape randomParamShape() {
    int pick = random.nextInt(records.isEmpty() ? 9 : 11);
    if (pick <= 2) {
      return Shape.DOUBLE;
    } else if (pick <= 5) {
      return Shape.vector(2 + random.nextInt(3));
    } else if (pick <= 7) {
      return Shape.matrix(2 + random.nextInt(2), 2 + random.nextInt(2));
    } else if (pick == 8) {
      return Shape.INT;
    }
    return Shape.of(records.get(random.nextInt(records.size())));
  }

  private void addParam(List<Var> scope, String name, Shape shape) {
    switch (shape.kind()) {
      case DOUBLE -> scope.add(
          new Var(name, Kind.DOUBLE, 0, 0, false, on(Feature.REASSIGN_DOUBLE_PARAMETER) && name.startsWith("x"), 0, 0, false));
      case VECTOR -> scope.add(new Var(name, Kind.VECTOR, shape.rows(), 0, true, false, 0, 0, false));
      case MATRIX -> scope.add(
          new Var(name, Kind.MATRIX, shape.rows(), shape.cols(), true, false, 0, 0, false));
      case INT -> scope.add(new Var(name, Kind.INT, 0, 0, false, false, 1, 3, false));
      case RECORD -> {
        recordValues.add(new RecordValue(name, shape.record()));
        for (Component c : shape.record().components()) {
          addParam(scope, name + "." + c.name() + "()", c.shape());
        }
      }
    }
  }

  // ---------------------------------------------------------------- statements

  private void statement(int depth) {
    budget--;
    point();
    int pick = random.nextInt(100);
    boolean inLoop = !loopLabels.isEmpty();
    if (pick < 14) {
      declareScalar();
    } else if (pick < 26) {
      assignScalar();
    } else if (pick < 32) {
      declareVector();
    } else if (pick < 36) {
      declareMatrix();
    } else if (pick < 46) {
      writeElement();
    } else if (pick < 48) {
      reassignArray();
    } else if (pick < 49 && on(Feature.ROW_ASSIGNMENT)) {
      assignRow();
    } else if (pick < 53) {
      declareRowAlias();
    } else if (pick < 56) {
      declareIntOrBoolean();
    } else if (pick < 63 && depth < 3) {
      ifStatement(depth);
    } else if (pick < 78 && depth < 3) {
      loop(depth);
    } else if (pick < 84 && inLoop) {
      jump();
    } else if (pick < 91 && pick >= 87 && on(Feature.TERNARY_THEN_OVERWRITE)) {
      ternaryThenOverwrite();
    } else if (pick < 87) {
      emit("if (" + cond(1) + ") {");
      indent += "  ";
      point();
      emit("return " + dexpr(2) + ";");
      indent = indent.substring(2);
      emit("}");
    } else {
      assignScalar();
    }
  }

  /**
   * A ternary whose condition reads a local that is overwritten right after: the backward sweep
   * must take the branch with the old value.
   */
  private void ternaryThenOverwrite() {
    List<Var> targets = vars(v -> v.kind() == Kind.DOUBLE && v.assignable() && v.local());
    if (targets.isEmpty()) {
      declareScalar();
      return;
    }
    Var c = pick(targets);
    String name = fresh("t");
    String op = pick(new String[] {"<", "<=", ">", ">="});
    emit("double " + name + " = " + cmp(c.name(), op, pick(CONSTANTS)) + " ? " + dexpr(1) + " : " + dexpr(1) + ";");
    scope().add(scalarLocal(name));
    emit(c.name() + " = " + (random.nextBoolean() ? dexpr(1) : "0.5 * " + c.name() + " + " + dexpr(1)) + ";");
  }

  private void block(int depth, int statements) {
    for (int i = 0; i < statements; i++) {
      statement(depth);
    }
  }

  private void declareScalar() {
    String name = fresh("t");
    String type = on(Feature.VAR_LOCAL) && random.nextInt(8) == 0 ? "var" : "double";
    emit(type + " " + name + " = " + dexpr(1 + random.nextInt(3)) + ";");
    scope().add(scalarLocal(name));
  }

  private static Var scalarLocal(String name) {
    return new Var(name, Kind.DOUBLE, 0, 0, false, true, 0, 0, true);
  }

  private void assignScalar() {
    List<Var> targets = vars(v -> v.kind() == Kind.DOUBLE && v.assignable());
    if (targets.isEmpty()) {
      declareScalar();
      return;
    }
    Var t = pick(targets);
    int form = random.nextInt(on(Feature.DOUBLE_INCREMENT) ? 8 : 7);
    String e = dexpr(1 + random.nextInt(2));
    switch (form) {
      case 0, 1 -> emit(t.name() + " = " + e + ";");
      case 2 -> emit(t.name() + " += " + e + ";");
      case 3 -> emit(t.name() + " -= " + e + ";");
      case 4 -> emit(t.name() + " *= 0.5 + 0.4 * " + math() + ".tanh(" + e + ");");
      case 5 -> emit(t.name() + " /= 1.5 + 0.4 * " + math() + ".sin(" + e + ");");
      case 6 -> emit(t.name() + " = 0.5 * " + t.name() + " + " + e + ";");
      default -> emit(t.name() + (random.nextBoolean() ? "++;" : "--;"));
    }
  }

  private void declareVector() {
    String name = fresh("v");
    int n = 2 + random.nextInt(3);
    int form = random.nextInt(4);
    List<Var> params = vars(v -> v.kind() == Kind.VECTOR && v.param());
    if (form == 0) {
      emit("double[] " + name + " = new double[" + n + "];");
    } else if (form == 1) {
      emit("double[] " + name + " = {" + dexprs(n) + "};");
    } else if (form == 2) {
      emit("double[] " + name + " = new double[] {" + dexprs(n) + "};");
    } else if (!params.isEmpty()) {
      // A copy of a parameter array, scaled: the way users get a writable array.
      Var source = pick(params);
      n = source.rows();
      String i = fresh("i");
      emit("double[] " + name + " = new double[" + source.name() + ".length];");
      emit("for (int " + i + " = 0; " + i + " < " + name + ".length; " + i + "++) {");
      indent += "  ";
      scopes.push(new ArrayList<>(List.of(new Var(i, Kind.INT, 0, 0, false, false, 0, n - 1, true))));
      emit(name + "[" + i + "] = " + source.name() + "[" + i + "] * " + dexpr(1) + ";");
      scopes.pop();
      indent = indent.substring(2);
      emit("}");
    } else {
      emit("double[] " + name + " = new double[" + n + "];");
    }
    scope().add(new Var(name, Kind.VECTOR, n, 0, false, true, 0, 0, true));
  }

  private void declareMatrix() {
    String name = fresh("L");
    int r = 2 + random.nextInt(2);
    int c = 2 + random.nextInt(3);
    if (random.nextBoolean()) {
      emit("double[][] " + name + " = new double[" + r + "][" + c + "];");
    } else {
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < r; i++) {
        rows.append(i == 0 ? "" : ", ").append('{').append(dexprs(c)).append('}');
      }
      emit("double[][] " + name + " = {" + rows + "};");
    }
    scope().add(new Var(name, Kind.MATRIX, r, c, false, true, 0, 0, true));
  }

  private void writeElement() {
    List<Var> targets = vars(v -> (v.kind() == Kind.VECTOR || v.kind() == Kind.MATRIX) && !v.param());
    if (targets.isEmpty()) {
      declareVector();
      return;
    }
    Var t = pick(targets);
    String element = t.kind() == Kind.VECTOR
        ? t.name() + "[" + index(t.rows(), t.name() + ".length") + "]"
        : t.name() + "[" + index(t.rows(), t.name() + ".length") + "][" + index(t.cols(), t.name() + "[0].length") + "]";
    String e = dexpr(1 + random.nextInt(2));
    switch (random.nextInt(6)) {
      case 0, 1 -> emit(element + " = " + e + ";");
      case 2 -> emit(element + " += " + e + ";");
      case 3 -> emit(element + " -= " + e + ";");
      case 4 -> emit(element + " *= 0.5 + 0.4 * " + math() + ".cos(" + e + ");");
      default -> emit(element + " /= 1.5 + 0.4 * " + math() + ".sin(" + e + ");");
    }
  }

  private void reassignArray() {
    List<Var> targets = vars(v -> v.local() && v.assignable() && !v.param()
        && (v.kind() == Kind.VECTOR || v.kind() == Kind.MATRIX));
    if (targets.isEmpty()) {
      declareVector();
      return;
    }
    Var t = pick(targets);
    List<Var> others = vars(v -> v != t && !v.param() && v.kind() == t.kind()
        && v.rows() == t.rows() && v.cols() == t.cols());
    if (on(Feature.LOCAL_ARRAY_COPY_ALIAS) && !others.isEmpty() && random.nextBoolean()) {
      emit(t.name() + " = " + pick(others).name() + ";");
    } else if (t.kind() == Kind.VECTOR) {
      if (random.nextBoolean()) {
        emit(t.name() + " = new double[" + t.rows() + "];");
      } else {
        emit(t.name() + " = new double[] {" + dexprs(t.rows()) + "};");
      }
    } else {
      emit(t.name() + " = new double[" + t.rows() + "][" + t.cols() + "];");
    }
  }

  /** {@code L[i] = new double[c]} or {@code L[i] = v} for a local matrix (same row length). */
  private void assignRow() {
    List<Var> matrices = vars(v -> v.kind() == Kind.MATRIX && !v.param());
    if (matrices.isEmpty()) {
      declareMatrix();
      return;
    }
    Var m = pick(matrices);
    String row = m.name() + "[" + index(m.rows(), m.name() + ".length") + "]";
    List<Var> vectors = vars(v -> v.kind() == Kind.VECTOR && !v.param() && v.rows() == m.cols());
    if (!vectors.isEmpty() && random.nextBoolean()) {
      emit(row + " = " + pick(vectors).name() + ";");
    } else {
      emit(row + " = new double[" + m.cols() + "];");
    }
  }

  private void declareRowAlias() {
    List<Var> matrices = vars(v -> v.kind() == Kind.MATRIX);
    if (matrices.isEmpty()) {
      declareMatrix();
      return;
    }
    Var m = pick(matrices);
    List<Var> aliases = vars(v -> v.kind() == Kind.VECTOR && v.local() && v.assignable()
        && v.param() == m.param() && v.rows() == m.cols() && v.name().startsWith("r"));
    String row = m.name() + "[" + index(m.rows(), m.name() + ".length") + "]";
    if (!aliases.isEmpty() && random.nextInt(3) == 0) {
      emit(pick(aliases).name() + " = " + row + ";");
      return;
    }
    String name = fresh("r");
    emit("double[] " + name + " = " + row + ";");
    scope().add(new Var(name, Kind.VECTOR, m.cols(), 0, m.param(), true, 0, 0, true));
  }

  private void declareIntOrBoolean() {
    int pick = random.nextInt(4);
    if (pick == 0) {
      String name = fresh("b");
      emit("boolean " + name + " = " + cond(1) + ";");
      scope().add(new Var(name, Kind.BOOLEAN, 0, 0, false, false, 0, 0, true));
      return;
    }
    List<Var> arrays = vars(v -> v.kind() == Kind.VECTOR);
    String name = fresh("j");
    if (pick == 1 || arrays.isEmpty()) {
      List<Var> ints = vars(v -> v.kind() == Kind.INT);
      if (!ints.isEmpty() && random.nextBoolean()) {
        Var i = pick(ints);
        int c = random.nextInt(3);
        emit("int " + name + " = " + i.name() + " * 2 + " + c + ";");
        scope().add(new Var(name, Kind.INT, 0, 0, false, false, i.lo() * 2 + c, i.hi() * 2 + c, true));
      } else {
        int c = random.nextInt(4);
        emit("int " + name + " = " + c + ";");
        scope().add(new Var(name, Kind.INT, 0, 0, false, false, c, c, true));
      }
      return;
    }
    Var a = pick(arrays);
    if (pick == 2) {
      emit("int " + name + " = " + a.name() + ".length;");
      scope().add(new Var(name, Kind.INT, 0, 0, false, false, a.rows(), a.rows(), true));
    } else {
      emit("int " + name + " = " + index(a.rows(), a.name() + ".length") + ";");
      scope().add(new Var(name, Kind.INT, 0, 0, false, false, 0, a.rows() - 1, true));
    }
  }

  private void ifStatement(int depth) {
    emit("if (" + cond(2) + ") {");
    nested(depth, 1 + random.nextInt(3));
    if (random.nextBoolean()) {
      emit("} else {");
      nested(depth, 1 + random.nextInt(2));
    }
    emit("}");
  }

  private void nested(int depth, int statements) {
    indent += "  ";
    scopes.push(new ArrayList<>());
    block(depth + 1, statements);
    scopes.pop();
    indent = indent.substring(2);
  }

  private void loop(int depth) {
    List<Var> vectors = vars(v -> v.kind() == Kind.VECTOR);
    List<Var> matrices = vars(v -> v.kind() == Kind.MATRIX);
    List<Var> intParams = vars(v -> v.kind() == Kind.INT && v.lo() >= 1 && v.hi() <= 3 && !v.local());
    int form = random.nextInt(9);
    String label = "";
    if (random.nextInt(4) == 0 && form <= 5) {
      label = fresh("outer");
    }
    String at = label.isEmpty() ? "" : label + ": ";
    List<Var> inner = new ArrayList<>();
    String i = fresh("i");
    switch (form) {
      case 0, 1 -> {
        Var a = vectors.isEmpty() ? null : pick(vectors);
        int n = a == null ? 3 : a.rows();
        String bound = a == null ? "3" : a.name() + ".length";
        emit(at + "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {");
        inner.add(new Var(i, Kind.INT, 0, 0, false, false, 0, n - 1, true));
      }
      case 2 -> {
        Var a = vectors.isEmpty() ? null : pick(vectors);
        int n = a == null ? 4 : a.rows();
        String bound = a == null ? "4" : a.name() + ".length";
        emit(at + "for (int " + i + " = " + bound + " - 1; " + i + " >= 0; " + i + "--) {");
        inner.add(new Var(i, Kind.INT, 0, 0, false, false, 0, n - 1, true));
      }
      case 3 -> {
        if (!intParams.isEmpty()) {
          Var k = pick(intParams);
          emit(at + "for (int " + i + " = 0; " + i + " < " + k.name() + "; " + i + "++) {");
          inner.add(new Var(i, Kind.INT, 0, 0, false, false, 0, k.hi() - 1, true));
        } else {
          emit(at + "for (int " + i + " = 1; " + i + " < 5; " + i + " += 2) {");
          inner.add(new Var(i, Kind.INT, 0, 0, false, false, 1, 3, true));
        }
      }
      case 4 -> {
        // while with the increment first, so that continue cannot skip it.
        int n = 2 + random.nextInt(3);
        emit("int " + i + " = 0;");
        emit(at + "while (" + i + " < " + n + ") {");
        indent += "  ";
        emit(i + "++;");
        indent = indent.substring(2);
        inner.add(new Var(i, Kind.INT, 0, 0, false, false, 1, n, true));
      }
      case 5 -> {
        int n = 2 + random.nextInt(3);
        emit("int " + i + " = 0;");
        emit(at + "do {");
        indent += "  ";
        emit(i + "++;");
        indent = indent.substring(2);
        inner.add(new Var(i, Kind.INT, 0, 0, false, false, 1, n, true));
        loopBody(depth, label, inner);
        emit("} while (" + i + " < " + n + ");");
        return;
      }
      case 6 -> {
        // A data-dependent trip count: stops when an accumulator crosses a threshold.
        List<Var> scalars = vars(v -> v.kind() == Kind.DOUBLE && v.assignable() && v.local());
        if (scalars.isEmpty()) {
          declareScalar();
          return;
        }
        Var s = pick(scalars);
        emit("int " + i + " = 0;");
        emit("while (" + i + " < 4 && " + cmp(s.name(), "<", random.nextBoolean() ? "2.0" : "0.5") + ") {");
        indent += "  ";
        emit(i + "++;");
        emit(s.name() + " += 0.3 + " + dexpr(1) + " * " + dexpr(1) + ";");
        indent = indent.substring(2);
        inner.add(new Var(i, Kind.INT, 0, 0, false, false, 1, 4, true));
      }
      case 7 -> {
        if (vectors.isEmpty() && on(Feature.ENHANCED_FOR_OVER_NEW_ARRAY)) {
          emit("for (double " + i + " : new double[] {" + dexprs(2) + "}) {");
        } else if (vectors.isEmpty()) {
          String v = fresh("v");
          emit("double[] " + v + " = {" + dexprs(2) + "};");
          emit("for (double " + i + " : " + v + ") {");
        } else {
          emit("for (double " + i + " : " + pick(vectors).name() + ") {");
        }
        inner.add(new Var(i, Kind.DOUBLE, 0, 0, false, false, 0, 0, false));
      }
      default -> {
        if (matrices.isEmpty()) {
          emit("for (int " + i + " = 0; " + i + " < 2; " + i + "++) {");
          inner.add(new Var(i, Kind.INT, 0, 0, false, false, 0, 1, true));
        } else {
          Var m = pick(matrices);
          emit("for (double[] " + i + " : " + m.name() + ") {");
          inner.add(new Var(i, Kind.VECTOR, m.cols(), 0, m.param(), false, 0, 0, false));
        }
      }
    }
    loopBody(depth, label, inner);
    emit("}");
  }

  private void loopBody(int depth, String label, List<Var> inner) {
    indent += "  ";
    scopes.push(inner);
    loopLabels.push(label);
    int statements = 1 + random.nextInt(3);
    if (!label.isEmpty() && depth < 2) {
      // A labeled loop gets an inner loop, so that the label is meaningful.
      block(depth + 1, statements - 1);
      budget--;
      point();
      loop(depth + 1);
    } else {
      block(depth + 1, statements);
    }
    loopLabels.pop();
    scopes.pop();
    indent = indent.substring(2);
  }

  private void jump() {
    List<String> labels = loopLabels.stream().filter(l -> !l.isEmpty()).toList();
    String kind = random.nextBoolean() ? "break" : "continue";
    String target = !labels.isEmpty() && random.nextBoolean() ? " " + labels.get(random.nextInt(labels.size())) : "";
    List<Var> counters = vars(v -> v.kind() == Kind.INT && v.local());
    // Sometimes every other iteration: a jump taken, then not, then taken again.
    String condition =
        !counters.isEmpty() && random.nextInt(3) == 0 ? pick(counters).name() + " % 2 == 0" : cond(1);
    emit("if (" + condition + ") {");
    indent += "  ";
    emit(kind + target + ";");
    indent = indent.substring(2);
    emit("}");
  }

  // ---------------------------------------------------------------- expressions

  private String dexprs(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ", ").append(dexpr(1));
    }
    return out.toString();
  }

  /** A double-valued expression of nesting depth at most {@code depth}. */
  String dexpr(int depth) {
    if (depth <= 0) {
      return leaf();
    }
    int pick = random.nextInt(100);
    if (pick < 18) {
      return leaf();
    } else if (pick < 40) {
      String a = dexpr(depth - 1);
      String b = dexpr(depth - 1);
      return switch (random.nextInt(7)) {
        case 0, 1 -> "(" + a + " + " + b + ")";
        case 2 -> "(" + a + " - " + b + ")";
        case 3, 4 -> "(" + a + " * " + b + ")";
        case 5 -> "(" + a + " / (1.5 + " + math() + ".sin(" + b + ")))";
        default -> "(" + a + " / (1 + " + b + " * " + b + "))";
      };
    } else if (pick < 66) {
      return smooth(depth);
    } else if (pick < 76) {
      return kinked(depth);
    } else if (pick < 81) {
      return "(" + cond(depth - 1) + " ? " + dexpr(depth - 1) + " : " + dexpr(depth - 1) + ")";
    } else if (pick < 90) {
      String call = call(depth);
      return call != null ? call : leaf();
    } else if (pick < 94) {
      return "-(" + dexpr(depth - 1) + ")";
    } else {
      List<Var> ints = vars(v -> v.kind() == Kind.INT);
      if (ints.isEmpty()) {
        return leaf();
      }
      Var i = pick(ints);
      return random.nextBoolean()
          ? "(" + dexpr(depth - 1) + " * (" + i.name() + " + 1))"
          : "(" + dexpr(depth - 1) + " / (" + i.name() + " + 1))";
    }
  }

  private String math() {
    return on(Feature.STRICT_MATH) && random.nextInt(6) == 0 ? "StrictMath" : "Math";
  }

  private String smooth(int depth) {
    String e = dexpr(depth - 1);
    String m = math();
    return switch (random.nextInt(24)) {
      case 0 -> m + ".sin(" + e + ")";
      case 1 -> m + ".cos(" + e + ")";
      case 2 -> m + ".tanh(" + e + ")";
      case 3 -> m + ".atan(" + e + ")";
      case 4 -> m + ".exp(" + m + ".tanh(" + e + "))";
      case 5 -> m + ".exp(-(" + e + " * " + e + "))";
      case 6 -> m + ".log(1 + " + e + " * " + e + ")";
      case 7 -> m + ".log(2 + " + m + ".sin(" + e + "))";
      case 8 -> m + ".log10(1.5 + " + m + ".cos(" + e + "))";
      case 9 -> m + ".log1p(" + e + " * " + e + ")";
      case 10 -> m + ".expm1(" + m + ".tanh(" + e + "))";
      case 11 -> m + ".sqrt(1 + " + e + " * " + e + ")";
      case 12 -> m + ".cbrt(2 + " + m + ".tanh(" + e + "))";
      // The base is bounded: (1 + e^2)^3 inside a loop grows past 1e100, and s + (x - s) then
      // absorbs x, so central differences see a flat function (the hunt's seed 2613526620762470).
      case 13 -> m + ".pow(1 + " + m + ".tanh(" + e + ") * " + m + ".tanh(" + e + "), " + pick(new String[] {"0.5", "1.5", "-0.5", "2.0", "3"}) + ")";
      case 14 -> m + ".pow(1.5 + " + m + ".sin(" + e + "), " + m + ".tanh(" + dexpr(depth - 1) + "))";
      case 15 -> m + ".pow(" + e + ", " + pick(new String[] {"2", "3.0", "2.0"}) + ")";
      case 16 -> m + ".asin(0.9 * " + m + ".tanh(" + e + "))";
      case 17 -> m + ".acos(0.9 * " + m + ".tanh(" + e + "))";
      case 18 -> m + ".tan(0.7 * " + m + ".tanh(" + e + "))";
      case 19 -> m + ".sinh(" + m + ".tanh(" + e + "))";
      case 20 -> m + ".cosh(" + m + ".tanh(" + e + "))";
      case 21 -> {
        String y = dexpr(depth - 1);
        yield m + ".hypot(" + e + ", 0.5 + " + y + " * " + y + ")";
      }
      case 22 -> m + ".atan2(" + e + ", 1.5 + " + m + ".tanh(" + dexpr(depth - 1) + "))";
      default -> random.nextBoolean() ? "(" + e + " * Math.PI)" : "(" + e + " / Math.E)";
    };
  }

  private String kinked(int depth) {
    String e = dexpr(depth - 1);
    String f = dexpr(depth - 1);
    boolean strict = on(Feature.STRICT_MATH) && random.nextInt(6) == 0;
    String m = strict ? "StrictMath" : "Math";
    String t = traced ? "fuzz.Trace." : m + ".";
    return switch (random.nextInt(11)) {
      case 0, 1 -> t + "abs(" + e + ")";
      case 2 -> t + "max(" + e + ", " + f + ")";
      case 3 -> t + "min(" + e + ", " + f + ")";
      case 4 -> "(" + t + "signum(" + e + ") * " + f + ")";
      case 5 -> "(" + f + " * " + t + "floor(" + e + "))";
      case 6 -> "(" + f + " * " + t + "ceil(" + e + "))";
      case 7 -> "(" + f + " * " + t + (random.nextBoolean() ? "rint(" : "round(") + e + "))";
      case 8 -> traced ? "fuzz.Trace.rem(" + e + ", 1.3)" : "(" + e + " % 1.3)";
      case 9 -> traced
          ? "(" + f + " * fuzz.Trace.toInt(2 * " + e + "))"
          : "(" + f + " * (int) (2 * " + e + "))";
      default -> traced
          ? "fuzz.Trace." + (strict ? "strictAtan2(" : "atan2(") + e + ", " + f + ")"
          : m + ".atan2(" + e + ", " + f + ")";
    };
  }

  private String cmp(String a, String op, String b) {
    if (!traced) {
      return a + " " + op + " " + b;
    }
    String name = switch (op) {
      case "<" -> "lt";
      case "<=" -> "le";
      case ">" -> "gt";
      default -> "ge";
    };
    return "fuzz.Trace." + name + "(" + a + ", " + b + ")";
  }

  /** A boolean condition. */
  private String cond(int depth) {
    int pick = random.nextInt(100);
    if (depth > 0 && pick < 12) {
      return "(" + cond(depth - 1) + (random.nextBoolean() ? " && " : " || ") + cond(depth - 1) + ")";
    } else if (depth > 0 && pick < 16) {
      return "!(" + cond(depth - 1) + ")";
    } else if (pick < 24) {
      List<Var> ints = vars(v -> v.kind() == Kind.INT);
      if (!ints.isEmpty()) {
        Var i = pick(ints);
        return random.nextBoolean() ? i.name() + " % 2 == 0" : i.name() + " > " + (i.lo() + 1);
      }
    } else if (pick < 30) {
      List<Var> booleans = vars(v -> v.kind() == Kind.BOOLEAN);
      if (!booleans.isEmpty()) {
        return pick(booleans).name();
      }
    }
    String op = pick(new String[] {"<", "<=", ">", ">="});
    return "(" + cmp(dexpr(Math.max(depth, 1)), op, random.nextBoolean() ? dexpr(0) : pick(CONSTANTS)) + ")";
  }

  private String leaf() {
    int pick = random.nextInt(100);
    if (pick < 40) {
      List<Var> scalars = vars(v -> v.kind() == Kind.DOUBLE);
      if (!scalars.isEmpty()) {
        return pick(scalars).name();
      }
    } else if (pick < 80) {
      List<Var> arrays = vars(v -> v.kind() == Kind.VECTOR || v.kind() == Kind.MATRIX);
      if (!arrays.isEmpty()) {
        Var a = pick(arrays);
        if (a.kind() == Kind.VECTOR) {
          return a.name() + "[" + index(a.rows(), a.name() + ".length") + "]";
        }
        return a.name() + "[" + index(a.rows(), a.name() + ".length") + "]["
            + index(a.cols(), a.name() + "[0].length") + "]";
      }
    } else if (pick < 84) {
      List<Var> arrays = vars(v -> v.kind() == Kind.VECTOR || v.kind() == Kind.MATRIX);
      if (!arrays.isEmpty()) {
        return "(" + pick(CONSTANTS) + " / " + pick(arrays).name() + ".length)";
      }
    } else if (pick < 86) {
      return random.nextBoolean() ? "Math.PI" : "Math.E";
    }
    return pick(CONSTANTS);
  }

  /** An int index into an array of length {@code n} whose length reads {@code length}. */
  private String index(int n, String length) {
    List<Var> ints = vars(v -> v.kind() == Kind.INT && v.lo() >= 0);
    int pick = random.nextInt(10);
    if (ints.isEmpty() || pick < 2) {
      return Integer.toString(random.nextInt(n));
    }
    Var i = pick(ints);
    boolean inRange = i.hi() <= n - 1;
    if (inRange && pick < 5) {
      return i.name();
    } else if (inRange && pick < 7) {
      return length + " - 1 - " + i.name();
    } else if (inRange && pick < 8 && on(Feature.INT_MATH_MIN_INDEX)) {
      return "Math.min(" + i.name() + " + 1, " + length + " - 1)";
    }
    return "(" + i.name() + " + " + random.nextInt(3) + ") % " + length;
  }

  /** A call to an earlier method of the program, or null if no arguments fit. */
  private String call(int depth) {
    if (!helpers.isEmpty() && (methodIndex == 0 || random.nextInt(3) == 0)) {
      String[] helper = helpers.get(random.nextInt(helpers.size()));
      StringBuilder args = new StringBuilder();
      for (char kind : helper[1].toCharArray()) {
        String arg;
        if (kind == 'v') {
          List<Var> vectors = vars(v -> v.kind() == Kind.VECTOR);
          if (vectors.isEmpty()) {
            return null;
          }
          arg = pick(vectors).name();
        } else {
          arg = dexpr(Math.max(0, depth - 2));
        }
        args.append(args.length() == 0 ? "" : ", ").append(arg);
      }
      return helper[0] + "(" + args + ")";
    }
    if (methodIndex == 0) {
      return null;
    }
    Shape.Method callee = methods.get(random.nextInt(methodIndex));
    StringBuilder args = new StringBuilder();
    for (Param p : callee.params()) {
      String arg = p.noGrad() ? constantArgument(p.shape()) : argument(p.shape(), depth);
      if (arg == null) {
        return null;
      }
      args.append(args.length() == 0 ? "" : ", ").append(arg);
    }
    return callee.name() + "(" + args + ")";
  }

  /**
   * An argument for a {@code @NoGrad} parameter of a callee: a literal or a {@code @NoGrad}
   * parameter of the caller. The processor treats such a parameter as a constant, so no gradient
   * flows through it; an active argument there would make the numerical check disagree by design
   * (see {@link Feature#ACTIVE_ARGUMENT_TO_NOGRAD}).
   */
  private String constantArgument(Shape shape) {
    if (on(Feature.ACTIVE_ARGUMENT_TO_NOGRAD)) {
      return argument(shape, 1);
    }
    if (shape.kind() == Kind.DOUBLE) {
      return pick(CONSTANTS);
    }
    if (shape.kind() == Kind.INT) {
      return argument(shape, 0);
    }
    if (shape.kind() == Kind.RECORD) {
      for (RecordValue r : allRecordValues()) {
        if (r.type() == shape.record() && constants.contains(r.expression())) {
          return r.expression();
        }
      }
      return null;
    }
    List<Var> fits = vars(v -> constants.contains(v.name()) && v.kind() == shape.kind()
        && v.rows() == shape.rows() && v.cols() == shape.cols());
    return fits.isEmpty() ? null : pick(fits).name();
  }

  private String argument(Shape shape, int depth) {
    switch (shape.kind()) {
      case DOUBLE:
        return dexpr(Math.max(0, depth - 2));
      case INT:
        {
          List<Var> ints = vars(v -> v.kind() == Kind.INT && v.lo() >= 1 && v.hi() <= 3);
          return !ints.isEmpty() && random.nextBoolean()
              ? pick(ints).name()
              : Integer.toString(1 + random.nextInt(3));
        }
      case VECTOR:
        {
          List<Var> fits = vars(v -> v.kind() == Kind.VECTOR && v.rows() == shape.rows());
          if (on(Feature.ARRAY_LITERAL_ARGUMENT) && (fits.isEmpty() || random.nextInt(5) == 0)) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < shape.rows(); i++) {
              values.append(i == 0 ? "" : ", ").append(dexpr(0));
            }
            return "new double[] {" + values + "}";
          }
          return fits.isEmpty() ? null : pick(fits).name();
        }
      case MATRIX:
        {
          List<Var> fits = vars(v -> v.kind() == Kind.MATRIX && v.rows() == shape.rows() && v.cols() == shape.cols());
          return fits.isEmpty() ? null : pick(fits).name();
        }
      default:
        {
          List<RecordValue> fits = new ArrayList<>();
          for (RecordValue r : allRecordValues()) {
            if (r.type() == shape.record()) {
              fits.add(r);
            }
          }
          return fits.isEmpty() ? null : fits.get(random.nextInt(fits.size())).expression();
        }
    }
  }

  private List<RecordValue> allRecordValues() {
    List<RecordValue> out = new ArrayList<>();
    for (RecordValue r : recordValues) {
      collectRecords(r, out);
    }
    return out;
  }

  private void collectRecords(RecordValue r, List<RecordValue> out) {
    out.add(r);
    if (!on(Feature.NESTED_RECORD_ARGUMENT)) {
      return;
    }
    for (Component c : r.type().components()) {
      if (c.shape().kind() == Kind.RECORD) {
        collectRecords(new RecordValue(r.expression() + "." + c.name() + "()", c.shape().record()), out);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<Var> scope() {
    return scopes.peek();
  }

  private List<Var> vars(java.util.function.Predicate<Var> filter) {
    List<Var> out = new ArrayList<>();
    for (var it = scopes.descendingIterator(); it.hasNext(); ) {
      for (Var v : it.next()) {
        if (filter.test(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private String fresh(String prefix) {
    return prefix + counter++;
  }

  private void emit(String line) {
    lines.add(indent + line);
  }

  /** Records that a statement may be inserted before the next line. */
  private void point() {
    points.add(new Point(lines.size(), indent, methodIndex, vars(v -> true), allRecordValues(), loopLabels.size()));
  }
}
