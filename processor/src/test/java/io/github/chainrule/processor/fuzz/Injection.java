package io.github.chainrule.processor.fuzz;

import io.github.chainrule.processor.fuzz.ProgramGenerator.Point;
import io.github.chainrule.processor.fuzz.ProgramGenerator.Var;
import io.github.chainrule.processor.fuzz.Shape.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One line of Java outside chainrule's subset, inserted into an otherwise valid generated program.
 * Every snippet is valid Java where it is inserted (the test compiles each injected program with
 * plain javac too), fits on one line, and uses only what is in scope at its {@link Point}.
 *
 * <p>{@link #expected} lists the tags that the contract suggests; the test requires only some
 * {@code [Chainrule...]} tag on the injected line (and reports which tags came), since several tags
 * can honestly describe one construct (a lambda in a local of a functional type is both a local of
 * an unsupported type and an unsupported expression).
 */
enum Injection {
  LAMBDA("UnsupportedExpression", "UnsupportedCall") {
    @Override
    String statement(Context c) {
      return "double zz = ((java.util.function.DoubleUnaryOperator) u -> u * 2).applyAsDouble(" + c.d() + ");";
    }
  },
  LAMBDA_LOCAL("LocalType", "UnsupportedExpression") {
    @Override
    String statement(Context c) {
      return "java.util.function.DoubleUnaryOperator zz = u -> u * 2;";
    }
  },
  METHOD_REFERENCE("UnsupportedExpression", "UnsupportedCall") {
    @Override
    String statement(Context c) {
      return "double zz = ((java.util.function.DoubleUnaryOperator) Math::sin).applyAsDouble(" + c.d() + ");";
    }
  },
  TRY_CATCH("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "try { double zz = " + c.d() + " * 2; } catch (RuntimeException zze) { }";
    }
  },
  TRY_FINALLY("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "try { double zz = " + c.d() + "; } finally { }";
    }
  },
  THROW("UnsupportedStatement", "ObjectCreation") {
    @Override
    String statement(Context c) {
      return "if (" + c.d() + " > 1e9) { throw new IllegalStateException(); }";
    }
  },
  SWITCH_STATEMENT("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "switch (" + c.i() + ") { case 1: break; default: break; }";
    }
  },
  SWITCH_EXPRESSION("UnsupportedExpression") {
    @Override
    String statement(Context c) {
      return "double zz = switch (" + c.i() + ") { case 1 -> " + c.d() + "; default -> 2.0; };";
    }
  },
  SYNCHRONIZED("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "synchronized (" + c.className() + ".class) { double zz = " + c.d() + "; }";
    }
  },
  ASSERT("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "assert " + c.d() + " < 1e9;";
    }
  },
  LOCAL_CLASS("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "class Zz { }";
    }
  },
  LABELED_BLOCK("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return "zzblock: { if (" + c.d() + " > 0) { break zzblock; } }";
    }
  },
  FIELD_WRITE("FieldAccess") {
    @Override
    String statement(Context c) {
      return "counter = " + c.d() + ";";
    }
  },
  FIELD_READ("FieldAccess") {
    @Override
    String statement(Context c) {
      return "double zz = counter * " + c.d() + ";";
    }
  },
  PARAMETER_ARRAY_WRITE("ParameterWrite") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.VECTOR && v.param() && !v.local());
    }

    @Override
    String statement(Context c) {
      Var a = c.pick(v -> v.kind() == Kind.VECTOR && v.param() && !v.local());
      return a.name() + "[0] " + (c.random().nextBoolean() ? "= " + c.d() : "+= 1.0") + ";";
    }
  },
  PARAMETER_MATRIX_WRITE("ParameterWrite") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.MATRIX && v.param());
    }

    @Override
    String statement(Context c) {
      Var m = c.pick(v -> v.kind() == Kind.MATRIX && v.param());
      return m.name() + "[1][0] *= " + c.d() + ";";
    }
  },
  PARAMETER_ROW_ALIAS_WRITE("ParameterWrite") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.MATRIX && v.param());
    }

    @Override
    String statement(Context c) {
      Var m = c.pick(v -> v.kind() == Kind.MATRIX && v.param());
      return "double[] zzr = " + m.name() + "[0]; zzr[1] = " + c.d() + ";";
    }
  },
  EXISTING_ROW_ALIAS_WRITE("ParameterWrite") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.VECTOR && v.param() && v.local());
    }

    @Override
    String statement(Context c) {
      Var r = c.pick(v -> v.kind() == Kind.VECTOR && v.param() && v.local());
      return r.name() + "[0] -= " + c.d() + ";";
    }
  },
  OBJECT_LOCAL("ObjectCreation", "LocalType") {
    @Override
    String statement(Context c) {
      return "Object zz = new Object();";
    }
  },
  OBJECT_CREATION("ObjectCreation", "UnsupportedCall") {
    @Override
    String statement(Context c) {
      return "double zz = new java.util.Random(7).nextDouble() * " + c.d() + ";";
    }
  },
  UNKNOWN_CALL("UnsupportedCall") {
    @Override
    String statement(Context c) {
      String d = c.d();
      String[] calls = {
        "helper(" + d + ")",
        "Math.random()",
        "Math.toRadians(" + d + ")",
        "Math.fma(" + d + ", " + d + ", 1.0)",
        "Math.ulp(" + d + ")",
        "Math.nextUp(" + d + ")",
        "Double.parseDouble(\"1.5\")",
        "Math.IEEEremainder(" + d + ", 2.0)",
        "Math.scalb(" + d + ", 2)",
        "Math.copySign(" + d + ", 1.0)",
        "StrictMath.toDegrees(" + d + ")",
      };
      return "double zz = " + calls[c.random().nextInt(calls.length)] + ";";
    }
  },
  INSTANCE_CALL("UnsupportedCall", "UnknownType") {
    @Override
    String statement(Context c) {
      return "double zz = Double.valueOf(" + c.d() + ").doubleValue();";
    }
  },
  ARRAYS_CALL("UnsupportedCall") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.VECTOR);
    }

    @Override
    String statement(Context c) {
      return "double zz = java.util.Arrays.stream(" + c.pick(v -> v.kind() == Kind.VECTOR).name() + ").sum();";
    }
  },
  CLONE("UnsupportedCall") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.VECTOR);
    }

    @Override
    String statement(Context c) {
      return "double[] zz = " + c.pick(v -> v.kind() == Kind.VECTOR).name() + ".clone();";
    }
  },
  PRINT("FieldAccess", "UnsupportedStatement", "UnsupportedCall") {
    @Override
    String statement(Context c) {
      return "System.out.println(" + c.d() + ");";
    }
  },
  CALL_STATEMENT("UnsupportedStatement") {
    @Override
    String statement(Context c) {
      return (c.random().nextBoolean() ? "Math.sin(" : "helper(") + c.d() + ");";
    }
  },
  STRING_LOCAL("LocalType") {
    @Override
    String statement(Context c) {
      return "String zz = \"a\" + " + c.d() + ";";
    }
  },
  STRING_CONCATENATION("UnsupportedExpression") {
    @Override
    String statement(Context c) {
      return "double zz = (\"a\" + " + c.d() + ").isEmpty() ? 1.0 : 2.0;";
    }
  },
  FLOAT_LOCAL("LocalType") {
    @Override
    String statement(Context c) {
      return "float zz = (float) " + c.d() + ";";
    }
  },
  FLOAT_LITERAL("UnsupportedExpression") {
    @Override
    String statement(Context c) {
      return "double zz = " + c.d() + " * 1.5f;";
    }
  },
  BOXED_LOCAL("LocalType") {
    @Override
    String statement(Context c) {
      return "Double zz = " + c.d() + ";";
    }
  },
  CHAR_LOCAL("LocalType") {
    @Override
    String statement(Context c) {
      return "char zz = 'a';";
    }
  },
  RANK_THREE("LocalType") {
    @Override
    String statement(Context c) {
      return "double[][][] zz = new double[2][2][2];";
    }
  },
  OBJECT_ARRAY("LocalType") {
    @Override
    String statement(Context c) {
      return "Object[] zz = new Object[1];";
    }
  },
  RECORD_LOCAL("LocalType") {
    @Override
    boolean fits(Point p) {
      return !p.records().isEmpty();
    }

    @Override
    String statement(Context c) {
      ProgramGenerator.RecordValue r = p(c);
      return r.type().name() + " zz = " + r.expression() + ";";
    }
  },
  INSTANCEOF("UnsupportedExpression") {
    @Override
    String statement(Context c) {
      return "boolean zz = ((Object) " + c.d() + ") instanceof Double;";
    }
  },
  ASSIGNMENT_IN_EXPRESSION("UnsupportedExpression") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.DOUBLE && v.assignable() && v.local());
    }

    @Override
    String statement(Context c) {
      Var t = c.pick(v -> v.kind() == Kind.DOUBLE && v.assignable() && v.local());
      return c.random().nextBoolean()
          ? "double zz = (" + t.name() + " = 2.0) + 1;"
          : "double zz = 3.0 * (" + t.name() + " += 1.0);";
    }
  },
  INCREMENT_IN_EXPRESSION("UnsupportedExpression") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.DOUBLE && v.assignable() && v.local());
    }

    @Override
    String statement(Context c) {
      Var t = c.pick(v -> v.kind() == Kind.DOUBLE && v.assignable() && v.local());
      return "double zz = " + t.name() + "++ * 2;";
    }
  },
  ARRAY_ALIAS("ArrayAlias") {
    @Override
    boolean fits(Point p) {
      return has(p, v -> v.kind() == Kind.VECTOR && v.param());
    }

    @Override
    String statement(Context c) {
      Var a = c.pick(v -> v.kind() == Kind.VECTOR && v.param());
      return "double[] zz = new double[2]; zz = " + a.name() + ";";
    }
  },
  // Class-level injections: a whole method on one line, inserted between methods.
  INSTANCE_METHOD("NotStatic") {
    @Override
    String member(Context c) {
      return "@Differentiable public double zzInstance(double v) { return v * v; }";
    }
  },
  FLOAT_RESULT("ReturnType") {
    @Override
    String member(Context c) {
      return "@Differentiable public static float zzFloat(double v) { return (float) v; }";
    }
  },
  STRING_PARAMETER("ParameterType") {
    @Override
    String member(Context c) {
      String[] types = {"String", "float", "Double", "java.util.List<Double>", "double[][][]", "Object"};
      return "@Differentiable public static double zzParam(double v, "
          + types[c.random().nextInt(types.length)] + " q) { return v * v; }";
    }
  },
  PRIVATE_METHOD("NotAccessible") {
    @Override
    String member(Context c) {
      return "@Differentiable private static double zzPrivate(double v) { return v * v; }";
    }
  },
  OVERLOAD("DuplicateName") {
    @Override
    String member(Context c) {
      // A boolean first parameter: no generated f0 has one, so this is always a true overload.
      return "@Differentiable public static double f0(boolean zb, double zv) { return zb ? zv : -zv; }";
    }
  };

  private final Set<String> expected;

  Injection(String... expected) {
    this.expected = Set.of(expected);
  }

  /** The tags (without brackets and the {@code Chainrule} prefix) the contract suggests. */
  Set<String> expected() {
    return expected;
  }

  /** Whether the snippet is a class member (inserted between methods) rather than a statement. */
  boolean isMember() {
    return ordinal() >= INSTANCE_METHOD.ordinal();
  }

  /** Whether the snippet can be written at {@code p}. */
  boolean fits(Point p) {
    return has(p, v -> v.kind() == Kind.DOUBLE);
  }

  /** The statement to insert, for statement injections. */
  String statement(Context c) {
    return null;
  }

  /** The member to insert, for class-level injections. */
  String member(Context c) {
    return null;
  }

  private static ProgramGenerator.RecordValue p(Context c) {
    return c.point().records().get(c.random().nextInt(c.point().records().size()));
  }

  static boolean has(Point p, java.util.function.Predicate<Var> filter) {
    return p.scope().stream().anyMatch(filter) && p.scope().stream().anyMatch(v -> v.kind() == Kind.DOUBLE);
  }

  /** What a snippet may use: the point, the program's class name, a random source. */
  record Context(Point point, String className, SplittableRandom random) {
    /** A double-valued variable in scope. */
    String d() {
      return pick(v -> v.kind() == Kind.DOUBLE).name();
    }

    /** An int-valued expression: an int in scope or a constant. */
    String i() {
      List<Var> ints = matching(v -> v.kind() == Kind.INT);
      return ints.isEmpty() || random.nextInt(4) == 0 ? "2" : ints.get(random.nextInt(ints.size())).name();
    }

    Var pick(java.util.function.Predicate<Var> filter) {
      List<Var> fits = matching(filter);
      return fits.get(random.nextInt(fits.size()));
    }

    private List<Var> matching(java.util.function.Predicate<Var> filter) {
      List<Var> out = new ArrayList<>();
      for (Var v : point.scope()) {
        if (filter.test(v)) {
          out.add(v);
        }
      }
      return out;
    }
  }
}
