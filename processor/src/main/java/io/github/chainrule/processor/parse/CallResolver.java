package io.github.chainrule.processor.parse;

import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.MathFn;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Call resolution: which method a call names, given its already parsed arguments, and what
 * chainrule makes of it. A {@code Math}/{@code StrictMath} function becomes a {@link
 * Expr.MathCall} (the rule table knows its derivative); a {@code @Differentiable} method or one
 * with a {@code @Derivative} becomes a differentiable {@link Expr.Call}; a method returning an
 * {@code int}, {@code long} or {@code boolean} is a constant; anything else is refused.
 */
final class CallResolver {
  static final Set<String> MATH_OWNERS =
      Set.of("Math", "StrictMath", "java.lang.Math", "java.lang.StrictMath");

  /** {@code Math} methods on integers that need no derivative: their results are constants. */
  private static final Set<String> INTEGER_MATH =
      Set.of(
          "floorMod",
          "floorDiv",
          "addExact",
          "subtractExact",
          "multiplyExact",
          "negateExact",
          "toIntExact",
          "incrementExact",
          "decrementExact",
          "absExact",
          "ceilDiv",
          "ceilMod",
          "clamp");

  private final SourceContext context;
  private final NameResolver names;
  private final StatementArrays arrays;

  CallResolver(SourceContext context, NameResolver names, StatementArrays arrays) {
    this.context = context;
    this.names = names;
    this.arrays = arrays;
  }

  /** {@code Owner.name(args)}, where {@code Owner} names a type. */
  Expr qualified(MemberSelectTree select, List<Expr> args, Tree at) throws Unsupported {
    String name = select.getIdentifier().toString();
    if (MATH_OWNERS.contains(select.getExpression().toString())) {
      return mathCall(select.getExpression().toString().replace("java.lang.", ""), name, args, at);
    }
    TypeElement type = names.resolveType(select.getExpression());
    if (type == null) {
      throw new Unsupported(
          Tag.UNKNOWN_TYPE, select.getExpression(), "cannot resolve '" + select.getExpression() + "'");
    }
    return call(type, name, args, at);
  }

  /** {@code name(args)}: a method of the class or an enclosing class, or a static import. */
  Expr unqualified(String name, List<Expr> args, Tree at) throws Unsupported {
    for (Element e = context.owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      for (ExecutableElement m : ElementFilter.methodsIn(e.getEnclosedElements())) {
        if (m.getSimpleName().contentEquals(name)) {
          return call((TypeElement) e, name, args, at);
        }
      }
    }
    for (ImportTree imp : context.unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree) {
        MemberSelectTree q = (MemberSelectTree) imp.getQualifiedIdentifier();
        String member = q.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          String typeName = q.getExpression().toString();
          if (MATH_OWNERS.contains(typeName) && MathFn.byJavaName(name) != null) {
            return mathCall(typeName.replace("java.lang.", ""), name, args, at);
          }
          TypeElement type = context.elements.getTypeElement(typeName);
          if (type != null
              && ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                  .anyMatch(m -> m.getSimpleName().contentEquals(name))) {
            return call(type, name, args, at);
          }
        }
      }
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, at, "cannot resolve method '" + name + "'");
  }

  private Expr mathCall(String ownerName, String name, List<Expr> args, Tree at) throws Unsupported {
    MathFn fn = MathFn.byJavaName(name);
    for (Expr a : args) {
      TypeRules.requireNumeric(a, at, "an argument of " + ownerName + "." + name);
    }
    if (fn == null || fn.arity() != args.size()) {
      boolean allInts = args.stream().allMatch(a -> a.type().base() != Type.Base.DOUBLE);
      if (allInts && INTEGER_MATH.contains(name)) {
        Type type = args.stream().anyMatch(a -> a.type().base() == Type.Base.LONG) ? Type.LONG : Type.INT;
        Callee callee = Callee.constant(new ClassRef("java.lang", List.of(ownerName)), name, type);
        return new Expr.Call(callee, args, type);
      }
      throw new Unsupported(
          Tag.UNSUPPORTED_CALL,
          at,
          "cannot differentiate through "
              + ownerName
              + "."
              + name
              + signature(args)
              + ": chainrule knows exp log log10 log1p expm1 sqrt cbrt pow sin cos tan asin acos atan atan2 sinh"
              + " cosh tanh abs max min hypot signum floor ceil rint round; write it with these or in a"
              + " @Differentiable method");
    }
    if (fn.acceptsIntegers() && args.stream().allMatch(a -> a.type().base() != Type.Base.DOUBLE)) {
      Type type = args.stream().anyMatch(a -> a.type().base() == Type.Base.LONG) ? Type.LONG : Type.INT;
      return new Expr.MathCall(ownerName, fn, args, type);
    }
    Type type = fn == MathFn.ROUND ? Type.LONG : Type.DOUBLE;
    return new Expr.MathCall(ownerName, fn, args, type);
  }

  private static String signature(List<Expr> args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Expr a = args.get(i);
      sb.append(a instanceof Expr.RecordRef ? ((Expr.RecordRef) a).node().type().toString() : a.type().toString());
    }
    return sb.append(")").toString();
  }

  private Expr call(TypeElement type, String name, List<Expr> args, Tree at) throws Unsupported {
    ExecutableElement chosen = null;
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(name) && m.getParameters().size() == args.size() && accepts(m, args)) {
        if (chosen == null || exactly(m, args)) {
          chosen = m;
        }
      }
    }
    String display = type.getSimpleName() + "." + name + signature(args);
    if (chosen == null) {
      boolean named =
          ElementFilter.methodsIn(type.getEnclosedElements()).stream()
              .anyMatch(m -> m.getSimpleName().contentEquals(name));
      if (named) {
        throw new Unsupported(
            Tag.UNSUPPORTED_CALL,
            at,
            "cannot call "
                + type.getSimpleName()
                + "."
                + name
                + " with "
                + signature(args)
                + ": chainrule passes only double, long, int, boolean, their arrays and records, so"
                + " boxed, generic and varargs parameters do not match; give the method such a signature");
      }
      throw new Unsupported(Tag.UNKNOWN_TYPE, at, "no method " + display + " found");
    }
    if (!chosen.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(
          Tag.UNSUPPORTED_CALL,
          at,
          "cannot call instance method " + display + " from a @Differentiable method; make it static");
    }
    TypeMirror ret = chosen.getReturnType();
    boolean differentiable =
        chosen.getAnnotation(Differentiable.class) != null || hasDerivative(type, name);
    Type resultType = SignatureReader.plainType(ret);
    if (differentiable) {
      if (resultType == null || !resultType.isDifferentiable()) {
        throw new Unsupported(
            Tag.UNSUPPORTED_CALL,
            at,
            "cannot call "
                + display
                + " returning "
                + ret
                + ": differentiable methods return double, double[] or double[][]");
      }
      List<Param> calleeParams;
      try {
        calleeParams = SignatureReader.params(chosen);
      } catch (SignatureReader.UnsupportedTypeAt e) {
        throw new Unsupported(Tag.UNSUPPORTED_CALL, at, "cannot call " + display + ": " + e.getMessage());
      }
      for (int i = 0; i < args.size(); i++) {
        Param p = calleeParams.get(i);
        Expr a = args.get(i);
        if (p.differentiable() && a.type().isArray() && !(a instanceof Expr.Ref || a instanceof Expr.Index)) {
          if (!arrays.canHoist()) {
            throw new Unsupported(
                Tag.UNSUPPORTED_EXPRESSION,
                at,
                "in a loop condition or update, pass an array variable or a matrix row to '"
                    + name
                    + "', not a computed array: compute it into a variable first");
          }
          // f(new double[] {a, b}): the array goes into a temporary first, as if the user had.
          Var temp = Var.of("arg", a.type(), Var.Role.TEMP);
          arrays.hoist(new Stmt.Assign(new Expr.Ref(temp), a, context.pos(at)));
          arrays.stored(a);
          args.set(i, new Expr.Ref(temp));
        }
      }
      ExecutableElement callable = callableAdjoint(type, name);
      Expr.Call call =
          new Expr.Call(
              new Callee(
                  SignatureReader.classRef(type),
                  name,
                  calleeParams,
                  resultType,
                  true,
                  callable == null ? null : callable.getSimpleName().toString(),
                  callable != null && callable.getAnnotation(Derivative.class).takesResult()),
              args,
              resultType);
      if (resultType.isArray()) {
        arrays.unstored(call, at);
      }
      return call;
    }
    if (resultType != null && resultType.isScalar() && resultType.base() != Type.Base.DOUBLE) {
      for (Expr a : args) {
        if (a instanceof Expr.RecordRef) {
          throw new Unsupported(
              Tag.UNSUPPORTED_CALL, at, "cannot pass a record to " + display + ", which is not @Differentiable");
        }
      }
      return new Expr.Call(Callee.constant(SignatureReader.classRef(type), name, resultType), args, resultType);
    }
    String qualified = type.getQualifiedName().toString();
    if (qualified.startsWith("java.") || qualified.startsWith("javax.")) {
      throw new Unsupported(
          Tag.UNSUPPORTED_CALL,
          at,
          "cannot differentiate through "
              + display
              + ": write it with loops and the Math functions chainrule knows, or wrap it in a method"
              + " of your own with a @Derivative");
    }
    throw new Unsupported(
        Tag.UNSUPPORTED_CALL,
        at,
        "cannot differentiate through " + display + ": mark it @Differentiable or give it a @Derivative");
  }

  private static boolean hasDerivative(TypeElement type, String name) {
    return adjointOf(type, name) != null;
  }

  /**
   * The adjoint of {@code name} when the companion being written may call it directly (public,
   * or in the same package), else null: then the call goes through the callee's companion.
   */
  private ExecutableElement callableAdjoint(TypeElement type, String name) {
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Derivative d = m.getAnnotation(Derivative.class);
      if (d != null && d.of().equals(name)) {
        boolean visible =
            m.getModifiers().contains(Modifier.PUBLIC)
                ? isPublicChain(type)
                : !m.getModifiers().contains(Modifier.PRIVATE)
                    && context.elements.getPackageOf(type).equals(context.elements.getPackageOf(context.owner));
        return visible ? m : null;
      }
    }
    return null;
  }

  private static boolean isPublicChain(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** The name of the {@code @Derivative} adjoint of {@code name} in {@code type}, or null. */
  private static String adjointOf(TypeElement type, String name) {
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Derivative d = m.getAnnotation(Derivative.class);
      if (d != null && d.of().equals(name)) {
        return m.getSimpleName().toString();
      }
    }
    return null;
  }

  private static boolean accepts(ExecutableElement m, List<Expr> args) {
    for (int i = 0; i < args.size(); i++) {
      TypeMirror pt = m.getParameters().get(i).asType();
      Expr a = args.get(i);
      if (a instanceof Expr.RecordRef) {
        if (!SignatureReader.isRecord(pt)) {
          return false;
        }
        ClassRef want = SignatureReader.classRef((TypeElement) ((javax.lang.model.type.DeclaredType) pt).asElement());
        if (!want.equals(((Expr.RecordRef) a).node().type())) {
          return false;
        }
        continue;
      }
      Type p = SignatureReader.plainType(pt);
      if (p == null) {
        return false;
      }
      if (p.equals(a.type())) {
        continue;
      }
      if (p.isNumericScalar() && a.type().isNumericScalar() && widens(a.type(), p)) {
        continue;
      }
      return false;
    }
    return true;
  }

  private static boolean exactly(ExecutableElement m, List<Expr> args) {
    for (int i = 0; i < args.size(); i++) {
      Type p = SignatureReader.plainType(m.getParameters().get(i).asType());
      if (!(args.get(i) instanceof Expr.RecordRef) && (p == null || !p.equals(args.get(i).type()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean widens(Type from, Type to) {
    return from.base().ordinal() >= to.base().ordinal();
  }
}
