package io.github.chainrule.processor.parse;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The fence and the front end: reads one {@code @Differentiable} method's javac trees into the IR,
 * rejecting everything outside the supported subset with a tagged problem at the exact tree.
 *
 * <p>This class checks the signature and runs the body through the parts of the parser, one
 * concern each:
 *
 * <ul>
 *   <li>{@link StatementParser}: statements, loops, jumps, declarations and assignments;
 *   <li>{@link ExpressionParser}: expressions;
 *   <li>{@link LocalScopes}: parameters and local variables in scope;
 *   <li>{@link TypeRules}: the type of every expression, and type checks;
 *   <li>{@link CallResolver}: which method a call names and what it becomes;
 *   <li>{@link NameResolver}: type names and compile-time constants;
 *   <li>{@link StatementArrays}: array values a statement must store, and temporaries before it;
 *   <li>{@link SourceContext}: positions and problem reports.
 * </ul>
 *
 * <p>Types are computed by the parser from declarations, literals and the {@code Math}
 * signatures, never from javac's attribution, which has not run yet when processors see the trees.
 */
public final class MethodParser {

  /** Methods every gradient holder has; no parameter accessor may take their names. */
  private static final Set<String> HOLDER_METHODS = Set.of("value", "zero", "zerosLike", "rebind");

  private final SourceContext context;
  private final LocalScopes scopes = new LocalScopes();
  private final StatementArrays arrays = new StatementArrays();
  private final ExpressionParser expressions;

  public MethodParser(
      Trees trees, Elements elements, Problems problems, TypeElement owner, ExecutableElement method) {
    this.context = new SourceContext(trees, elements, problems, owner, method);
    NameResolver names = new NameResolver(context);
    CallResolver calls = new CallResolver(context, names, arrays);
    this.expressions = new ExpressionParser(scopes, names, calls, arrays);
  }

  /** Returns the method in the IR, or null when problems were reported. */
  public Method parse() {
    ExecutableElement method = context.method;
    Problems problems = context.problems;
    int before = problems.all().size();
    MethodTree tree = context.trees.getTree(method);
    checkSignature(tree);
    List<Param> ps;
    try {
      ps = SignatureReader.params(method);
    } catch (SignatureReader.UnsupportedTypeAt e) {
      Tree at = context.trees.getTree(e.param);
      context.report(
          Tag.PARAMETER_TYPE,
          at instanceof VariableTree ? ((VariableTree) at).getType() : tree,
          "parameter '"
              + e.param.getSimpleName()
              + "' has type "
              + e.getMessage()
              + "; a differentiable method takes double, double[], double[][], records of these,"
              + " or int, long, boolean and their arrays as constants");
      return null;
    }
    for (Param p : ps) {
      scopes.addParam(p);
    }
    Type resultType = SignatureReader.plainType(method.getReturnType());
    Var result =
        Var.of(
            "result",
            resultType != null && resultType.isDifferentiable() ? resultType : Type.DOUBLE,
            Var.Role.RESULT);
    StatementParser statements = new StatementParser(context, scopes, arrays, expressions, result);
    scopes.push();
    List<Stmt> body = new ArrayList<>();
    if (tree.getBody() == null) {
      context.report(
          Tag.UNSUPPORTED_STATEMENT,
          tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' has no body to differentiate; remove @Differentiable and give it a @Derivative");
    } else {
      for (StatementTree st : tree.getBody().getStatements()) {
        statements.statement(st, body);
      }
    }
    scopes.pop();
    if (problems.all().size() > before) {
      return null;
    }
    return new Method(
        SignatureReader.classRef(context.owner),
        method.getSimpleName().toString(),
        ps,
        result,
        new Stmt.Block(body, context.pos(tree)),
        context.pos(tree));
  }

  private void checkSignature(MethodTree tree) {
    ExecutableElement method = context.method;
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      context.report(
          Tag.NOT_STATIC,
          tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' must be static: its gradient is a function of its parameters only;"
              + " pass what it reads from 'this' as parameters");
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      context.report(
          Tag.NOT_ACCESSIBLE,
          tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' is private, so its companion cannot call it; make it package-private or public");
    }
    for (Element e = context.owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        context.report(
            Tag.NOT_ACCESSIBLE,
            tree,
            "@Differentiable methods must be declared in a top-level or member class, not in a "
                + t.getNestingKind().toString().toLowerCase(java.util.Locale.ROOT)
                + " class");
        break;
      }
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        context.report(
            Tag.NOT_ACCESSIBLE,
            tree,
            "class '"
                + t.getSimpleName()
                + "' is private, so the generated companion cannot call '"
                + method.getSimpleName()
                + "'; make the class package-private or public");
        break;
      }
    }
    Type returned = SignatureReader.plainType(method.getReturnType());
    if (returned == null || !returned.isDifferentiable()) {
      context.report(
          Tag.RETURN_TYPE,
          tree.getReturnType() != null ? tree.getReturnType() : tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' returns "
              + method.getReturnType()
              + "; it must return double, double[] or double[][]");
    }
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      if (HOLDER_METHODS.contains(name)) {
        Tree at = context.trees.getTree(p);
        context.report(
            Tag.DUPLICATE_NAME,
            at != null ? at : tree,
            "parameter '"
                + name
                + "' would name a gradient accessor that clashes with the holder's own "
                + name
                + "(); rename the parameter");
      }
    }
  }
}
