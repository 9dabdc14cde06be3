package io.github.chainrule.processor.parse;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import io.github.chainrule.Derivative;
import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.UserAdjoint;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Derivative(of = "f")} method: finds {@code f}, and checks that the adjoint has
 * the one signature chainrule calls.
 *
 * <p>For {@code static R f(P1 p1, ..., Pn pn)} the adjoint takes {@code f}'s parameters, then the
 * upstream gradient ({@code double seed} when {@code R} is {@code double}, else an {@code R}
 * named {@code upstream}), then one gradient buffer per differentiable array or record parameter,
 * of the parameter's type, into which it adds ({@code +=}) the vector-Jacobian product; with
 * {@code takesResult = true}, {@code f}'s (array) result comes between {@code f}'s parameters and
 * the upstream gradient. The
 * gradients of the scalar differentiable parameters are returned: {@code void} when there are
 * none, {@code double} for one, {@code double[]} in parameter order for several.
 */
public final class DerivativeReader {

  private final Trees trees;
  private final Types types;
  private final Problems problems;

  public DerivativeReader(Trees trees, Types types, Problems problems) {
    this.trees = trees;
    this.types = types;
    this.problems = problems;
  }

  /** The target of {@code adjoint}'s annotation, or null (with a problem reported). */
  public ExecutableElement target(TypeElement owner, ExecutableElement adjoint) {
    String of = adjoint.getAnnotation(Derivative.class).of();
    List<ExecutableElement> candidates = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(of) && !m.equals(adjoint)) {
        candidates.add(m);
      }
    }
    if (candidates.isEmpty()) {
      report(adjoint, "@Derivative(of = \"" + of + "\"): " + owner.getSimpleName() + " has no method named '" + of + "'");
      return null;
    }
    for (ExecutableElement m : candidates) {
      if (leadingParametersMatch(m, adjoint)) {
        return m;
      }
    }
    return candidates.get(0);
  }

  private boolean leadingParametersMatch(ExecutableElement f, ExecutableElement adjoint) {
    List<? extends VariableElement> fp = f.getParameters();
    List<? extends VariableElement> ap = adjoint.getParameters();
    if (ap.size() < fp.size()) {
      return false;
    }
    for (int i = 0; i < fp.size(); i++) {
      if (!types.isSameType(types.erasure(fp.get(i).asType()), types.erasure(ap.get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks {@code adjoint} against {@code f} and returns {@code f} as an IR method (without a
   * body) with the adjoint that computes its gradient, or null when a problem was reported.
   */
  public Result read(TypeElement owner, ExecutableElement f, ExecutableElement adjoint) {
    String of = f.getSimpleName().toString();
    Type result = SignatureReader.plainType(f.getReturnType());
    if (result == null || !result.isDifferentiable()) {
      report(adjoint, "@Derivative(of = \"" + of + "\"): '" + of + "' returns " + f.getReturnType()
          + "; differentiable methods return double, double[] or double[][]");
      return null;
    }
    if (!f.getModifiers().contains(Modifier.STATIC) || f.getModifiers().contains(Modifier.PRIVATE)) {
      report(adjoint, "@Derivative(of = \"" + of + "\"): '" + of + "' must be static and not private");
      return null;
    }
    List<Param> params;
    try {
      params = SignatureReader.params(f);
    } catch (SignatureReader.UnsupportedTypeAt e) {
      report(adjoint, "@Derivative(of = \"" + of + "\"): parameter '" + e.param.getSimpleName()
          + "' of '" + of + "' has type " + e.getMessage() + ", which chainrule cannot differentiate");
      return null;
    }
    // The expected signature.
    List<String> expectedTypes = new ArrayList<>();
    List<String> expectedNames = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      expectedTypes.add(f.getParameters().get(i).asType().toString());
      expectedNames.add(params.get(i).name());
    }
    boolean takesResult = adjoint.getAnnotation(Derivative.class).takesResult();
    if (takesResult && !result.isArray()) {
      report(adjoint, "@Derivative(of = \"" + of + "\", takesResult = true): '" + of + "' returns "
          + result.javaName() + "; only an array result can be passed to the adjoint (compute a double"
          + " result again inside the adjoint, or drop takesResult)");
      return null;
    }
    if (takesResult) {
      expectedTypes.add(result.javaName());
      expectedNames.add("value");
    }
    expectedTypes.add(result.javaName());
    expectedNames.add(result.isArray() ? "upstream" : "seed");
    int scalars = 0;
    boolean scalarRecordLeaf = false;
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      if (!p.differentiable()) {
        continue;
      }
      if (p.isRecord()) {
        scalarRecordLeaf |= hasScalarLeaf(p.record());
        expectedTypes.add(f.getParameters().get(i).asType().toString());
        expectedNames.add(gradName(p.name()));
      } else if (p.var().type().isArray()) {
        expectedTypes.add(p.var().type().javaName());
        expectedNames.add(gradName(p.name()));
      } else {
        scalars++;
      }
    }
    String ret = scalars == 0 ? "void" : scalars == 1 ? "double" : "double[]";
    StringBuilder expected = new StringBuilder("static ").append(ret).append(' ').append(adjoint.getSimpleName()).append('(');
    for (int i = 0; i < expectedTypes.size(); i++) {
      expected.append(i == 0 ? "" : ", ").append(simplify(expectedTypes.get(i))).append(' ').append(expectedNames.get(i));
    }
    expected.append(')');
    String hint = "; expected " + expected;
    if (scalarRecordLeaf) {
      report(adjoint, "@Derivative(of = \"" + of + "\"): records with double components cannot be returned from an"
          + " adjoint; use arrays in the record, or a @Differentiable body");
      return null;
    }
    if (!adjoint.getModifiers().contains(Modifier.STATIC) || adjoint.getModifiers().contains(Modifier.PRIVATE)) {
      report(adjoint, "@Derivative method '" + adjoint.getSimpleName() + "' must be static and not private" + hint);
      return null;
    }
    List<? extends VariableElement> actual = adjoint.getParameters();
    if (actual.size() != expectedTypes.size()) {
      report(adjoint, "@Derivative(of = \"" + of + "\") takes " + actual.size() + " parameters but needs "
          + expectedTypes.size() + hint);
      return null;
    }
    for (int i = 0; i < actual.size(); i++) {
      String have = actual.get(i).asType().toString();
      if (!have.equals(expectedTypes.get(i))) {
        report(adjoint, "@Derivative(of = \"" + of + "\"): parameter " + (i + 1) + " ('" + actual.get(i).getSimpleName()
            + "') has type " + simplify(have) + " but must be " + simplify(expectedTypes.get(i)) + hint);
        return null;
      }
    }
    TypeMirror rt = adjoint.getReturnType();
    boolean returnOk =
        scalars == 0
            ? rt.getKind() == TypeKind.VOID
            : scalars == 1 ? rt.getKind() == TypeKind.DOUBLE : rt.toString().equals("double[]");
    if (!returnOk) {
      report(adjoint, "@Derivative(of = \"" + of + "\") returns " + rt + " but must return " + ret
          + (scalars == 0 ? "" : " (the gradient of each double parameter, times the seed)") + hint);
      return null;
    }
    Var resultVar = Var.of("result", result, Var.Role.RESULT);
    Method method =
        new Method(SignatureReader.classRef(owner), of, params, resultVar, Stmt.Block.of(List.of()), Pos.NONE);
    ClassRef ownerRef = SignatureReader.classRef(owner);
    return new Result(method, new UserAdjoint(ownerRef, adjoint.getSimpleName().toString(), scalars, takesResult));
  }

  /** A method with the hand-written adjoint that computes its gradient. */
  public record Result(Method method, UserAdjoint adjoint) {}

  private static boolean hasScalarLeaf(RecordNode node) {
    for (Var v : node.leaves()) {
      if (v.type().equals(Type.DOUBLE)) {
        return true;
      }
    }
    return false;
  }

  private static String gradName(String name) {
    return name.length() == 1 ? "d" + name : "d" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String simplify(String type) {
    int dot = type.lastIndexOf('.');
    return dot < 0 ? type : type.substring(dot + 1);
  }

  private void report(ExecutableElement adjoint, String message) {
    Tree tree = trees.getTree(adjoint);
    Pos pos = Pos.NONE;
    if (tree != null) {
      SourcePositions sp = trees.getSourcePositions();
      var unit = trees.getPath(adjoint).getCompilationUnit();
      long start = sp.getStartPosition(unit, tree instanceof MethodTree ? ((MethodTree) tree).getModifiers() : tree);
      pos = new Pos(start >= 0 ? (int) unit.getLineMap().getLineNumber(start) : 0, "", tree);
    }
    problems.report(Tag.DERIVATIVE_SIGNATURE, pos, message);
  }
}
