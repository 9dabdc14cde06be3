package io.github.chainrule.processor.parse;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks a method's signature as a whole before its body is read: every parameter whose type has
 * no place in the subset (all of them, not the first), every type the generated companion would
 * name but cannot reach (a private record), {@code double} components of differentiable records
 * (which no optimizer could update), the names in {@code @Differentiable(wrt = ...)}, and
 * abstract methods. After the body is read, {@link #checkCalls} checks that the companion can call
 * what the body calls.
 *
 * <p>The companion is a top-level class in the package of the method's class, so it reaches a
 * type when the type and every class around it are public, or not private and in that package.
 */
public final class SignatureCheck {
  private final Trees trees;
  private final Elements elements;
  private final Problems problems;
  private final TypeElement owner;
  private final PackageElement companionPackage;
  private final String companionName;
  private final boolean refuseScalarComponents;

  /**
   * @param refuseScalarComponents whether a {@code double} component of a differentiated record is
   *     an error (the default; {@code -Achainrule.scalarComponents=allow} turns it off)
   */
  public SignatureCheck(
      Trees trees, Elements elements, Problems problems, TypeElement owner, boolean refuseScalarComponents) {
    this.refuseScalarComponents = refuseScalarComponents;
    this.trees = trees;
    this.elements = elements;
    this.problems = problems;
    this.owner = owner;
    this.companionPackage = elements.getPackageOf(owner);
    this.companionName = SignatureReader.classRef(owner).companionSimpleName();
  }

  /**
   * Checks a {@code @Differentiable} method's signature.
   *
   * @return false when the method has no body to read at all (it is abstract): then nothing more
   *     is to be said about it
   */
  public boolean checkDifferentiable(ExecutableElement method) {
    MethodTree tree = trees.getTree(method);
    if (isAbstract(method)) {
      problems.report(
          Tag.NOT_STATIC,
          at(tree),
          "@Differentiable method '"
              + method.getSimpleName()
              + "' is abstract: chainrule writes the gradient of a static method's body, and an"
              + " abstract method has no body, nor one implementation to differentiate; declare a"
              + " static method with a body (an interface may have one) and mark that @Differentiable");
      return false;
    }
    Set<String> wrt = SignatureReader.wrt(method);
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      boolean noGrad = p.getAnnotation(NoGrad.class) != null || (wrt != null && !wrt.contains(name));
      Pos typePos = parameterTypePos(p, tree);
      try {
        SignatureReader.param(name, p.asType(), noGrad);
      } catch (SignatureReader.UnsupportedType e) {
        problems.report(
            Tag.PARAMETER_TYPE,
            typePos,
            "parameter '"
                + name
                + "' has type "
                + e.getMessage()
                + "; a differentiable method takes double, double[], double[][], records of these,"
                + " or int, long, boolean and their arrays as constants"
                + suggestion(p.asType()));
        continue;
      }
      if (SignatureReader.isRecord(p.asType())) {
        TypeElement rec = (TypeElement) ((DeclaredType) p.asType()).asElement();
        checkReachable(rec, typePos, "record '" + rec.getSimpleName() + "'", new HashSet<>());
        if (!noGrad && refuseScalarComponents) {
          checkScalars(rec, name + "." , name, typePos, new HashSet<>());
        }
      }
    }
    if (wrt != null) {
      checkWrt(method, tree);
    }
    return true;
  }

  /** Checks what the companion of a {@code @Derivative}'s method names: its record types. */
  public void checkDerivativeTarget(ExecutableElement method) {
    MethodTree tree = trees.getTree(method);
    for (VariableElement p : method.getParameters()) {
      if (SignatureReader.isRecord(p.asType())) {
        TypeElement rec = (TypeElement) ((DeclaredType) p.asType()).asElement();
        checkReachable(rec, parameterTypePos(p, tree), "record '" + rec.getSimpleName() + "'", new HashSet<>());
      }
    }
  }

  /**
   * Checks that the companion can call every method the body calls (a private helper that
   * computes an index, say), reporting at the statement that calls it.
   */
  public void checkCalls(Method ir) {
    Walk.stmts(
        ir.body(),
        s -> {
          if (s instanceof Stmt.Block) {
            return; // its statements are visited one by one
          }
          List<Expr> calls = new ArrayList<>();
          visitOwnExprs(s, e -> {
            if (e instanceof Expr.Call) {
              calls.add(e);
            }
          });
          for (Expr e : calls) {
            checkCall((Expr.Call) e, s.pos());
          }
        });
  }

  private static void visitOwnExprs(Stmt s, java.util.function.Consumer<Expr> visit) {
    if (s instanceof Stmt.Assign) {
      Walk.expr(((Stmt.Assign) s).target(), visit);
      Walk.expr(((Stmt.Assign) s).value(), visit);
    } else if (s instanceof Stmt.If) {
      Walk.expr(((Stmt.If) s).cond(), visit);
    } else if (s instanceof Stmt.Loop) {
      Walk.expr(((Stmt.Loop) s).cond(), visit);
    } else if (s instanceof Stmt.Return) {
      Walk.expr(((Stmt.Return) s).value(), visit);
    }
  }

  private void checkCall(Expr.Call call, Pos pos) {
    String qualified = call.callee().owner().qualifiedName();
    if (qualified.startsWith("java.")) {
      return;
    }
    TypeElement type = elements.getTypeElement(qualified);
    if (type == null) {
      return;
    }
    String name = call.callee().name();
    List<ExecutableElement> named = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(name)) {
        named.add(m);
      }
    }
    String unreachable = unreachableReason(type);
    if (unreachable == null
        && !named.isEmpty()
        && named.stream().allMatch(m -> m.getModifiers().contains(Modifier.PRIVATE))) {
      unreachable = "'" + name + "' is private in " + type.getSimpleName();
    } else if (unreachable == null
        && !named.isEmpty()
        && named.stream().noneMatch(m -> reachableMember(type, m))) {
      unreachable = "'" + name + "' is visible only inside its own package";
    }
    if (unreachable != null) {
      problems.report(
          Tag.NOT_ACCESSIBLE,
          pos,
          unreachable
              + ", so the generated "
              + companionName
              + " cannot call "
              + type.getSimpleName()
              + "."
              + name
              + "; make it package-private or public");
    }
  }

  private boolean reachableMember(TypeElement type, ExecutableElement m) {
    Set<Modifier> mods = m.getModifiers();
    return mods.contains(Modifier.PUBLIC)
        || (!mods.contains(Modifier.PRIVATE) && elements.getPackageOf(type).equals(companionPackage));
  }

  // ---------------------------------------------------------------------------------------------

  private static boolean isAbstract(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.ABSTRACT)) {
      return true;
    }
    Element enclosing = method.getEnclosingElement();
    return enclosing.getKind() == ElementKind.INTERFACE
        && !method.getModifiers().contains(Modifier.STATIC)
        && !method.getModifiers().contains(Modifier.DEFAULT)
        && !method.getModifiers().contains(Modifier.PRIVATE);
  }

  /** A hint for the types a user most often means as {@code double}. */
  private static String suggestion(TypeMirror type) {
    String t = type.toString();
    if (t.startsWith("float") || t.startsWith("java.lang.Float") || t.startsWith("java.lang.Double")) {
      return "; declare it as " + t.replace("java.lang.Float", "double").replace("java.lang.Double", "double").replace("float", "double");
    }
    return "";
  }

  /**
   * Reports {@code rec} (or a record inside it) when the companion cannot name it. {@code what}
   * says how the user meets it, for the message.
   */
  private void checkReachable(TypeElement rec, Pos pos, String what, Set<TypeElement> seen) {
    if (!seen.add(rec)) {
      return;
    }
    String reason = unreachableReason(rec);
    if (reason != null) {
      problems.report(
          Tag.NOT_ACCESSIBLE,
          pos,
          what
              + (what.contains(rec.getSimpleName()) ? "" : " (" + rec.getSimpleName() + ")")
              + ": "
              + reason
              + ", so the generated "
              + companionName
              + " cannot use it; make it package-private or public");
      return;
    }
    for (RecordComponentElement c : rec.getRecordComponents()) {
      TypeMirror ct = c.asType();
      if (SignatureReader.isRecord(ct)) {
        TypeElement nested = (TypeElement) ((DeclaredType) ct).asElement();
        checkReachable(
            nested,
            pos,
            "record '" + nested.getSimpleName() + "', component '" + c.getSimpleName() + "' of '" + rec.getSimpleName() + "'",
            seen);
      }
    }
  }

  /** Why the companion cannot name {@code type}, or null if it can. */
  private String unreachableReason(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      Set<Modifier> mods = e.getModifiers();
      String kind = e.getKind() == ElementKind.RECORD ? "record" : "class";
      if (mods.contains(Modifier.PRIVATE)) {
        return (e == type ? "it" : kind + " '" + e.getSimpleName() + "' around it") + " is private";
      }
      if (!mods.contains(Modifier.PUBLIC) && !elements.getPackageOf(e).equals(companionPackage)) {
        return (e == type ? "it" : kind + " '" + e.getSimpleName() + "' around it")
            + " is not public and in another package than "
            + companionName;
      }
    }
    return null;
  }

  /**
   * Reports each {@code double} component of a differentiable record, at the component's own
   * declaration when its source is being compiled, else at the parameter.
   */
  private void checkScalars(TypeElement rec, String accessPrefix, String param, Pos paramPos, Set<TypeElement> seen) {
    if (!seen.add(rec)) {
      return;
    }
    for (RecordComponentElement c : rec.getRecordComponents()) {
      TypeMirror ct = c.asType();
      String cname = c.getSimpleName().toString();
      if (ct.getKind() == TypeKind.DOUBLE) {
        TreePath declared = componentPath(rec, c);
        problems.report(
            Tag.SCALAR_COMPONENT,
            declared != null ? at(declared) : paramPos,
            "record component '"
                + cname
                + "' of "
                + rec.getSimpleName()
                + " is a double, and "
                + rec.getSimpleName()
                + " is differentiated (parameter '"
                + param
                + "'): a record cannot be changed in place, so no optimizer could train it; declare it"
                + " as double[] "
                + cname
                + " (length 1) and read it as "
                + accessPrefix
                + cname
                + "()[0], or pass a scalar that is not trained as a double parameter of its own");
      } else if (SignatureReader.isRecord(ct)) {
        TypeElement nested = (TypeElement) ((DeclaredType) ct).asElement();
        checkScalars(nested, accessPrefix + cname + "().", param, paramPos, seen);
      }
    }
  }

  /** The declaration of a record component in the sources being compiled, or null. */
  private TreePath componentPath(TypeElement rec, RecordComponentElement c) {
    TreePath path = trees.getPath(c);
    if (path != null && path.getLeaf() instanceof VariableTree) {
      return path;
    }
    for (VariableElement f : ElementFilter.fieldsIn(rec.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(c.getSimpleName())) {
        TreePath field = trees.getPath(f);
        if (field != null) {
          return field;
        }
      }
    }
    return null;
  }

  private void checkWrt(ExecutableElement method, MethodTree tree) {
    Pos pos = wrtPos(method, tree);
    List<String> names = SignatureReader.wrtNames(method);
    List<String> params = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      params.add(p.getSimpleName().toString());
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        problems.report(Tag.WRT, pos, "wrt names '" + name + "' twice; name each parameter once");
        continue;
      }
      int i = params.indexOf(name);
      if (i < 0) {
        problems.report(
            Tag.WRT,
            pos,
            "wrt names '"
                + name
                + "', which is not a parameter of '"
                + method.getSimpleName()
                + "'; its parameters are "
                + String.join(", ", params));
        continue;
      }
      VariableElement p = method.getParameters().get(i);
      if (p.getAnnotation(NoGrad.class) != null) {
        problems.report(
            Tag.WRT, pos, "'" + name + "' is in wrt and marked @NoGrad; keep one of the two");
        continue;
      }
      try {
        if (!SignatureReader.param(name, p.asType(), false).differentiable()) {
          problems.report(
              Tag.WRT,
              pos,
              "wrt names '"
                  + name
                  + "', of type "
                  + p.asType()
                  + ", which has no gradient; only double, double[], double[][] and records of these"
                  + " are differentiated");
        }
      } catch (SignatureReader.UnsupportedType e) {
        // reported as a parameter type
      }
    }
  }

  /** The position of the {@code wrt} value of the method's {@code @Differentiable}. */
  private Pos wrtPos(ExecutableElement method, MethodTree tree) {
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) a.getAnnotationType().asElement();
      if (!type.getQualifiedName().contentEquals(Differentiable.class.getName())) {
        continue;
      }
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : a.getElementValues().entrySet()) {
        if (v.getKey().getSimpleName().contentEquals("wrt")) {
          Tree valueTree = trees.getTree(method, a, v.getValue());
          if (valueTree != null) {
            return at(valueTree);
          }
        }
      }
      Tree annotationTree = trees.getTree(method, a);
      if (annotationTree != null) {
        return at(annotationTree);
      }
    }
    return at(tree);
  }

  private Pos parameterTypePos(VariableElement p, MethodTree method) {
    Tree at = trees.getTree(p);
    return at(at instanceof VariableTree ? ((VariableTree) at).getType() : method);
  }

  /** A position in the owner's compilation unit. */
  private Pos at(Tree tree) {
    CompilationUnitTree unit = trees.getPath(owner).getCompilationUnit();
    return new Pos(line(unit, tree), "", tree);
  }

  /** A position in any compilation unit; the handle is the path, which names the unit. */
  private Pos at(TreePath path) {
    return new Pos(line(path.getCompilationUnit(), path.getLeaf()), "", path);
  }

  private int line(CompilationUnitTree unit, Tree tree) {
    long start = trees.getSourcePositions().getStartPosition(unit, tree);
    return start >= 0 ? (int) unit.getLineMap().getLineNumber(start) : 0;
  }
}
