package io.github.chainrule.processor.parse;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;
import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Callee;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.MathFn;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The fence and the front end: reads one {@code @Differentiable} method's javac trees into the IR,
 * rejecting everything outside the supported subset with a tagged problem at the exact tree.
 *
 * <p>Types are computed here from declarations, literals and the {@code Math} signatures, never
 * from javac's attribution, which has not run yet when processors see the trees.
 */
public final class MethodParser {

  /** Methods every gradient holder has; no parameter accessor may take their names. */
  private static final Set<String> HOLDER_METHODS = Set.of("value", "zero", "zerosLike", "rebind");

  private static final Set<String> MATH_OWNERS =
      Set.of("Math", "StrictMath", "java.lang.Math", "java.lang.StrictMath");

  private final Trees trees;
  private final Elements elements;
  private final Problems problems;
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final TypeElement owner;
  private final ExecutableElement method;
  private CharSequence source;

  private final Deque<Map<String, Var>> scopes = new ArrayDeque<>();
  private final Map<String, Var> params = new LinkedHashMap<>();
  private final Map<String, RecordNode> records = new LinkedHashMap<>();
  private final Deque<Stmt.LoopId> loops = new ArrayDeque<>();
  private final Map<String, Stmt.LoopId> labels = new HashMap<>();
  private Var result;
  private int temps;
  /** Where temporaries for computed array arguments go (before the statement); null in loop conditions. */
  private List<Stmt> hoist;

  /** Calls returning arrays in the current statement; each must be the value of an assignment. */
  private final Map<Expr, Tree> arrayCalls = new java.util.IdentityHashMap<>();

  public MethodParser(
      Trees trees, Elements elements, Problems problems, TypeElement owner, ExecutableElement method) {
    this.trees = trees;
    this.elements = elements;
    this.problems = problems;
    this.owner = owner;
    this.method = method;
    this.unit = trees.getPath(method).getCompilationUnit();
    this.positions = trees.getSourcePositions();
    try {
      this.source = unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      this.source = "";
    }
  }

  /** Returns the method in the IR, or null when problems were reported. */
  public Method parse() {
    int before = problems.all().size();
    MethodTree tree = trees.getTree(method);
    checkSignature(tree);
    List<Param> ps;
    try {
      ps = SignatureReader.params(method);
    } catch (SignatureReader.UnsupportedTypeAt e) {
      Tree at = trees.getTree(e.param);
      report(
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
      if (p.isRecord()) {
        records.put(p.name(), p.record());
      } else {
        params.put(p.name(), p.var());
      }
    }
    Type resultType = SignatureReader.plainType(method.getReturnType());
    result =
        Var.of(
            "result",
            resultType != null && resultType.isDifferentiable() ? resultType : Type.DOUBLE,
            Var.Role.RESULT);
    scopes.push(new HashMap<>());
    List<Stmt> body = new ArrayList<>();
    if (tree.getBody() == null) {
      report(
          Tag.UNSUPPORTED_STATEMENT,
          tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' has no body to differentiate; remove @Differentiable and give it a @Derivative");
    } else {
      for (StatementTree st : tree.getBody().getStatements()) {
        statement(st, body);
      }
    }
    scopes.pop();
    if (problems.all().size() > before) {
      return null;
    }
    return new Method(
        SignatureReader.classRef(owner),
        method.getSimpleName().toString(),
        ps,
        result,
        new Stmt.Block(body, pos(tree)),
        pos(tree));
  }

  private void checkSignature(MethodTree tree) {
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      report(
          Tag.NOT_STATIC,
          tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' must be static: its gradient is a function of its parameters only;"
              + " pass what it reads from 'this' as parameters");
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report(
          Tag.NOT_ACCESSIBLE,
          tree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' is private, so its companion cannot call it; make it package-private or public");
    }
    for (Element e = owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        report(
            Tag.NOT_ACCESSIBLE,
            tree,
            "@Differentiable methods must be declared in a top-level or member class, not in a "
                + t.getNestingKind().toString().toLowerCase(java.util.Locale.ROOT)
                + " class");
        break;
      }
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        report(
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
      report(
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
        Tree at = trees.getTree(p);
        report(
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

  // ---------------------------------------------------------------------------------------------
  // Statements

  private void statement(StatementTree st, List<Stmt> out) {
    // Each statement has its own pending array values and its own temporaries for array
    // arguments, which go before it.
    Map<Expr, Tree> outerCalls = new java.util.IdentityHashMap<>(arrayCalls);
    arrayCalls.clear();
    List<Stmt> outerHoist = hoist;
    List<Stmt> temporaries = new ArrayList<>();
    hoist = temporaries;
    try {
      List<Stmt> parsed = new ArrayList<>();
      parseStatement(st, parsed);
      out.addAll(temporaries);
      out.addAll(parsed);
      for (Map.Entry<Expr, Tree> call : arrayCalls.entrySet()) {
        if (call.getKey() instanceof Expr.ArrayLiteral) {
          throw new Unsupported(
              Tag.UNSUPPORTED_EXPRESSION,
              call.getValue(),
              "assign this array initializer to a local variable first, e.g. double[] v = {a, b}; then use v");
        }
        Expr.Call c = (Expr.Call) call.getKey();
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            call.getValue(),
            "assign the "
                + c.type()
                + " result of "
                + c.callee()
                + " to a local variable first, e.g. "
                + c.type()
                + " y = "
                + c.callee().name()
                + "(...); then use y");
      }
    } catch (Unsupported u) {
      report(u.tag, u.tree, u.getMessage());
    } finally {
      arrayCalls.clear();
      arrayCalls.putAll(outerCalls);
      hoist = outerHoist;
    }
  }

  /** Parses a loop condition, which runs many times: nothing may be computed once before it. */
  private Expr loopCondition(ExpressionTree t) throws Unsupported {
    List<Stmt> outer = hoist;
    hoist = null;
    try {
      return condition(t);
    } finally {
      hoist = outer;
    }
  }

  private void parseStatement(StatementTree st, List<Stmt> out) throws Unsupported {
    switch (st.getKind()) {
      case BLOCK:
        {
          scopes.push(new HashMap<>());
          List<Stmt> inner = new ArrayList<>();
          for (StatementTree s : ((BlockTree) st).getStatements()) {
            statement(s, inner);
          }
          scopes.pop();
          out.add(new Stmt.Block(inner, pos(st)));
          return;
        }
      case EMPTY_STATEMENT:
        return;
      case VARIABLE:
        declaration((VariableTree) st, out);
        return;
      case EXPRESSION_STATEMENT:
        expressionStatement(((ExpressionStatementTree) st).getExpression(), out);
        return;
      case IF:
        {
          IfTree t = (IfTree) st;
          Expr cond = condition(t.getCondition());
          Stmt.Block then = scopedBlock(t.getThenStatement());
          Stmt.Block otherwise =
              t.getElseStatement() == null ? Stmt.Block.of(List.of()) : scopedBlock(t.getElseStatement());
          out.add(new Stmt.If(cond, then, otherwise, pos(st)));
          return;
        }
      case WHILE_LOOP:
        whileLoop((WhileLoopTree) st, null, out);
        return;
      case DO_WHILE_LOOP:
        doLoop((DoWhileLoopTree) st, null, out);
        return;
      case FOR_LOOP:
        forLoop((ForLoopTree) st, null, out);
        return;
      case ENHANCED_FOR_LOOP:
        forEach((EnhancedForLoopTree) st, null, out);
        return;
      case LABELED_STATEMENT:
        {
          LabeledStatementTree t = (LabeledStatementTree) st;
          String label = t.getLabel().toString();
          StatementTree inner = t.getStatement();
          switch (inner.getKind()) {
            case WHILE_LOOP:
              whileLoop((WhileLoopTree) inner, label, out);
              return;
            case DO_WHILE_LOOP:
              doLoop((DoWhileLoopTree) inner, label, out);
              return;
            case FOR_LOOP:
              forLoop((ForLoopTree) inner, label, out);
              return;
            case ENHANCED_FOR_LOOP:
              forEach((EnhancedForLoopTree) inner, label, out);
              return;
            default:
              throw new Unsupported(
                  Tag.UNSUPPORTED_STATEMENT,
                  st,
                  "a label is supported on loops only; put '" + label + ":' on a loop or remove it");
          }
        }
      case BREAK:
        {
          BreakTree t = (BreakTree) st;
          out.add(new Stmt.Break(jumpTarget(t, t.getLabel() == null ? null : t.getLabel().toString(), "break"), pos(st)));
          return;
        }
      case CONTINUE:
        {
          ContinueTree t = (ContinueTree) st;
          out.add(
              new Stmt.Continue(
                  jumpTarget(t, t.getLabel() == null ? null : t.getLabel().toString(), "continue"), pos(st)));
          return;
        }
      case RETURN:
        {
          ReturnTree t = (ReturnTree) st;
          if (t.getExpression() == null) {
            throw new Unsupported(Tag.UNSUPPORTED_STATEMENT, st, "a return without a value");
          }
          Expr value = assignedValue(t.getExpression(), result.type());
          out.add(new Stmt.Return(value, pos(st)));
          return;
        }
      case TRY:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            st,
            "try is not supported in a @Differentiable method; move the code that can fail out of it");
      case THROW:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            st,
            "throw is not supported in a @Differentiable method; validate arguments in the caller");
      case SWITCH:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT, st, "switch is not supported in a @Differentiable method; use if/else");
      case SYNCHRONIZED:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            st,
            "synchronized is not supported in a @Differentiable method; it works on its arguments only, so"
                + " synchronize in the caller if several threads share them");
      case ASSERT:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            st,
            "assert is not supported in a @Differentiable method; check arguments in the caller");
      case CLASS:
      case INTERFACE:
      case ENUM:
      case RECORD:
      case ANNOTATION_TYPE:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            st,
            "a class declared inside a @Differentiable method is not supported; declare it outside");
      default:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            st,
            "this statement ("
                + st.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ") is not supported in a @Differentiable method");
    }
  }

  private Stmt.LoopId jumpTarget(Tree at, String label, String what) throws Unsupported {
    if (label == null) {
      if (loops.isEmpty()) {
        throw new Unsupported(Tag.UNSUPPORTED_STATEMENT, at, what + " outside a loop is not supported");
      }
      return loops.peek();
    }
    Stmt.LoopId id = labels.get(label);
    if (id == null) {
      throw new Unsupported(
          Tag.UNSUPPORTED_STATEMENT, at, what + " to label '" + label + "', which is not on an enclosing loop");
    }
    return id;
  }

  private Stmt.Block scopedBlock(StatementTree st) {
    scopes.push(new HashMap<>());
    List<Stmt> out = new ArrayList<>();
    if (st.getKind() == Tree.Kind.BLOCK) {
      for (StatementTree s : ((BlockTree) st).getStatements()) {
        statement(s, out);
      }
    } else {
      statement(st, out);
    }
    scopes.pop();
    return new Stmt.Block(out, pos(st));
  }

  private Stmt.LoopId enterLoop(String label) {
    Stmt.LoopId id = new Stmt.LoopId(label);
    loops.push(id);
    if (label != null) {
      labels.put(label, id);
    }
    return id;
  }

  private void exitLoop(Stmt.LoopId id) {
    loops.pop();
    if (id.label() != null) {
      labels.remove(id.label());
    }
  }

  private void whileLoop(WhileLoopTree t, String label, List<Stmt> out) throws Unsupported {
    Expr cond = loopCondition(t.getCondition());
    Stmt.LoopId id = enterLoop(label);
    Stmt.Block body = scopedBlock(t.getStatement());
    exitLoop(id);
    out.add(new Stmt.Loop(Stmt.Loop.Kind.WHILE, id, cond, body, Stmt.Block.of(List.of()), pos(t)));
  }

  private void doLoop(DoWhileLoopTree t, String label, List<Stmt> out) throws Unsupported {
    Stmt.LoopId id = enterLoop(label);
    Stmt.Block body = scopedBlock(t.getStatement());
    exitLoop(id);
    Expr cond = loopCondition(t.getCondition());
    out.add(new Stmt.Loop(Stmt.Loop.Kind.DO, id, cond, body, Stmt.Block.of(List.of()), pos(t)));
  }

  private void forLoop(ForLoopTree t, String label, List<Stmt> out) throws Unsupported {
    scopes.push(new HashMap<>());
    try {
      List<Stmt> init = new ArrayList<>();
      for (StatementTree s : t.getInitializer()) {
        parseStatement(s, init);
      }
      Expr cond = t.getCondition() == null ? Expr.Literal.TRUE : loopCondition(t.getCondition());
      Stmt.LoopId id = enterLoop(label);
      Stmt.Block body = scopedBlock(t.getStatement());
      exitLoop(id);
      List<Stmt> update = new ArrayList<>();
      List<Stmt> outerHoist = hoist;
      hoist = null; // the update runs every iteration
      try {
        for (ExpressionStatementTree s : t.getUpdate()) {
          expressionStatement(s.getExpression(), update);
        }
      } finally {
        hoist = outerHoist;
      }
      out.add(new Stmt.Block(init, pos(t)));
      out.add(new Stmt.Loop(Stmt.Loop.Kind.WHILE, id, cond, body, new Stmt.Block(update, pos(t)), pos(t)));
    } finally {
      scopes.pop();
    }
  }

  private void forEach(EnhancedForLoopTree t, String label, List<Stmt> out) throws Unsupported {
    Expr array = expr(t.getExpression());
    arrayCalls.remove(array); // it is assigned to a variable of its own below
    if (!array.type().isArray()) {
      throw new Unsupported(
          Tag.UNSUPPORTED_STATEMENT, t.getExpression(), "enhanced for is supported over arrays only");
    }
    scopes.push(new HashMap<>());
    try {
      Pos p = pos(t);
      Var arr = Var.of("array" + (temps++ == 0 ? "" : temps), array.type(), Var.Role.TEMP);
      Var idx = Var.of("index", Type.INT, Var.Role.TEMP);
      Type elementType = array.type().element();
      VariableTree v = t.getVariable();
      Type declared = declaredType(v.getType(), elementType);
      if (!declared.equals(elementType) && !(declared.equals(Type.DOUBLE) && elementType.isNumericScalar())) {
        throw new Unsupported(
            Tag.LOCAL_TYPE, v, "loop variable of type "
                + declared
                + " over elements of type "
                + elementType
                + "; declare it as "
                + elementType
                + " (or double)");
      }
      Var element = declare(v.getName().toString(), declared, v);
      Stmt.LoopId id = enterLoop(label);
      List<Stmt> body = new ArrayList<>();
      body.add(new Stmt.Assign(new Expr.Ref(element), new Expr.Index(new Expr.Ref(arr), new Expr.Ref(idx)), pos(v)));
      body.add(scopedBlock(t.getStatement()));
      exitLoop(id);
      out.add(
          new Stmt.Block(
              List.of(
                  new Stmt.Assign(new Expr.Ref(arr), array, p),
                  new Stmt.Assign(new Expr.Ref(idx), Expr.Literal.ofInt(0), p),
                  new Stmt.Loop(
                      Stmt.Loop.Kind.WHILE,
                      id,
                      new Expr.Binary(
                          Expr.BinaryOp.LT,
                          new Expr.Ref(idx),
                          new Expr.Length(new Expr.Ref(arr)),
                          Type.BOOLEAN),
                      new Stmt.Block(body, p),
                      Stmt.Block.of(
                          List.of(
                              new Stmt.Assign(
                                  new Expr.Ref(idx),
                                  new Expr.Binary(
                                      Expr.BinaryOp.ADD, new Expr.Ref(idx), Expr.Literal.ofInt(1), Type.INT),
                                  p))),
                      p)),
              p));
    } finally {
      scopes.pop();
    }
  }

  private void declaration(VariableTree v, List<Stmt> out) throws Unsupported {
    try {
      parseDeclaration(v, out);
    } catch (Unsupported u) {
      // Declare it anyway (when its type is known), so later uses do not report it again.
      if (!isVar(v.getType()) && lookupLocal(v.getName().toString()) == null) {
        try {
          declare(v.getName().toString(), declaredType(v.getType(), null), v);
        } catch (Unsupported ignored) {
          declare(v.getName().toString(), Type.DOUBLE, v);
        }
      }
      throw u;
    }
  }

  private Var lookupLocal(String name) {
    return scopes.isEmpty() ? null : scopes.peek().get(name);
  }

  private void parseDeclaration(VariableTree v, List<Stmt> out) throws Unsupported {
    String name = v.getName().toString();
    Expr init = null;
    Type type;
    if (isVar(v.getType())) {
      if (v.getInitializer() == null) {
        throw new Unsupported(Tag.UNKNOWN_TYPE, v, "'var' needs an initializer");
      }
      init = expr(v.getInitializer());
      arrayCalls.remove(init);
      type = init.type();
      if (type.base() == Type.Base.RECORD) {
        throw new Unsupported(
            Tag.LOCAL_TYPE, v, "a local record variable is not supported; read components directly, e.g. p.W()");
      }
    } else {
      type = declaredType(v.getType(), null);
      if (v.getInitializer() != null) {
        init = assignedValue(v.getInitializer(), type);
      }
    }
    Var var = declare(name, type, v);
    if (init != null) {
      out.add(new Stmt.Assign(new Expr.Ref(var), init, pos(v)));
    }
  }

  /**
   * The whole value stored into a variable (or element, or result) of type {@code type}: a bare
   * initializer {@code {a, b}} takes the type, and an array initializer or array-valued call may
   * stand here without a variable of its own.
   */
  private Expr assignedValue(ExpressionTree t, Type type) throws Unsupported {
    Expr value =
        t.getKind() == Tree.Kind.NEW_ARRAY && ((NewArrayTree) t).getType() == null
            ? arrayLiteral((NewArrayTree) t, type)
            : expr(t);
    arrayCalls.remove(value);
    checkAssignable(type, value, t);
    return value;
  }

  private static boolean isVar(Tree type) {
    return type == null
        || (type.getKind() == Tree.Kind.IDENTIFIER && ((IdentifierTree) type).getName().contentEquals("var"));
  }

  private Type declaredType(Tree typeTree, Type inferred) throws Unsupported {
    if (isVar(typeTree)) {
      if (inferred == null) {
        throw new Unsupported(Tag.UNKNOWN_TYPE, typeTree, "cannot infer the type of this 'var'");
      }
      return inferred;
    }
    int rank = 0;
    Tree t = typeTree;
    while (t.getKind() == Tree.Kind.ARRAY_TYPE) {
      rank++;
      t = ((ArrayTypeTree) t).getType();
    }
    if (t.getKind() == Tree.Kind.PRIMITIVE_TYPE && rank <= 2) {
      switch (((PrimitiveTypeTree) t).getPrimitiveTypeKind()) {
        case DOUBLE:
          return new Type(Type.Base.DOUBLE, rank);
        case INT:
          return new Type(Type.Base.INT, rank);
        case LONG:
          return new Type(Type.Base.LONG, rank);
        case BOOLEAN:
          return new Type(Type.Base.BOOLEAN, rank);
        default:
          break;
      }
    }
    throw new Unsupported(
        Tag.LOCAL_TYPE,
        typeTree,
        "local variables of type "
            + typeTree
            + " are not supported; use double, double[], double[][] (or int, long, boolean and their arrays"
            + " for values without a gradient)");
  }

  private Var declare(String name, Type type, Tree at) {
    Var var = Var.of(name, type, Var.Role.LOCAL);
    scopes.peek().put(name, var);
    return var;
  }

  private Var lookup(String name) {
    for (Map<String, Var> scope : scopes) {
      Var v = scope.get(name);
      if (v != null) {
        return v;
      }
    }
    return params.get(name);
  }

  private void checkAssignable(Type target, Expr value, Tree at) throws Unsupported {
    Type vt = value.type();
    if (target.equals(vt)) {
      return;
    }
    if (target.isNumericScalar() && vt.isNumericScalar()) {
      return; // javac checks the direction of primitive conversions
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, at, "cannot assign a value of type " + vt + " to " + target);
  }

  private void expressionStatement(ExpressionTree e, List<Stmt> out) throws Unsupported {
    switch (e.getKind()) {
      case ASSIGNMENT:
        {
          AssignmentTree a = (AssignmentTree) e;
          Expr target = target(a.getVariable());
          Expr value = assignedValue(a.getExpression(), target.type());
          out.add(new Stmt.Assign(target, value, pos(e)));
          return;
        }
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
      case AND_ASSIGNMENT:
      case OR_ASSIGNMENT:
      case XOR_ASSIGNMENT:
      case LEFT_SHIFT_ASSIGNMENT:
      case RIGHT_SHIFT_ASSIGNMENT:
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
        {
          CompoundAssignmentTree a = (CompoundAssignmentTree) e;
          Expr target = target(a.getVariable());
          Expr value = expr(a.getExpression());
          Expr.BinaryOp op = compoundOp(e.getKind());
          Expr combined = binary(op, target, value, e);
          out.add(new Stmt.Assign(target, narrow(target.type(), combined), pos(e)));
          return;
        }
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT:
        {
          UnaryTree u = (UnaryTree) e;
          Expr target = target(u.getExpression());
          if (!target.type().isNumericScalar()) {
            throw new Unsupported(Tag.UNSUPPORTED_EXPRESSION, e, "++ and -- need a numeric variable");
          }
          boolean inc = e.getKind() == Tree.Kind.PREFIX_INCREMENT || e.getKind() == Tree.Kind.POSTFIX_INCREMENT;
          Expr combined =
              new Expr.Binary(
                  inc ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB,
                  target,
                  Expr.Literal.ofInt(1),
                  Type.promote(target.type(), Type.INT));
          out.add(new Stmt.Assign(target, narrow(target.type(), combined), pos(e)));
          return;
        }
      case METHOD_INVOCATION:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT,
            e,
            "a call whose result is unused cannot contribute to the value; assign its result or remove it");
      default:
        throw new Unsupported(
            Tag.UNSUPPORTED_STATEMENT, e, "this expression statement is not supported in a @Differentiable method");
    }
  }

  private static Expr narrow(Type target, Expr value) {
    if (value.type().equals(target)) {
      return value;
    }
    return new Expr.Cast(target, value);
  }

  private static Expr.BinaryOp compoundOp(Tree.Kind kind) {
    switch (kind) {
      case PLUS_ASSIGNMENT:
        return Expr.BinaryOp.ADD;
      case MINUS_ASSIGNMENT:
        return Expr.BinaryOp.SUB;
      case MULTIPLY_ASSIGNMENT:
        return Expr.BinaryOp.MUL;
      case DIVIDE_ASSIGNMENT:
        return Expr.BinaryOp.DIV;
      case REMAINDER_ASSIGNMENT:
        return Expr.BinaryOp.REM;
      case AND_ASSIGNMENT:
        return Expr.BinaryOp.BIT_AND;
      case OR_ASSIGNMENT:
        return Expr.BinaryOp.BIT_OR;
      case XOR_ASSIGNMENT:
        return Expr.BinaryOp.XOR;
      case LEFT_SHIFT_ASSIGNMENT:
        return Expr.BinaryOp.SHL;
      case RIGHT_SHIFT_ASSIGNMENT:
        return Expr.BinaryOp.SHR;
      default:
        return Expr.BinaryOp.USHR;
    }
  }

  /** The left-hand side of an assignment: a local variable or an element of a local array. */
  private Expr target(ExpressionTree t) throws Unsupported {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return target(((ParenthesizedTree) t).getExpression());
      case IDENTIFIER:
        {
          String name = ((IdentifierTree) t).getName().toString();
          Var v = lookup(name);
          if (v != null) {
            return new Expr.Ref(v);
          }
          if (records.containsKey(name)) {
            throw new Unsupported(
                Tag.PARAMETER_WRITE, t, "record parameter '" + name + "' cannot be reassigned; read its components into locals and change those");
          }
          throw new Unsupported(
              Tag.FIELD_ACCESS,
              t,
              "cannot assign to field '"
                  + name
                  + "': a @Differentiable method may only write its own local variables and arrays");
        }
      case ARRAY_ACCESS:
        {
          ArrayAccessTree a = (ArrayAccessTree) t;
          Expr array = expr(a.getExpression());
          Expr index = expr(a.getIndex());
          requireIndex(index, a.getIndex());
          Expr target = new Expr.Index(array, index);
          Var root = rootOf(array);
          if (root != null && (root.role() == Var.Role.PARAM || root.role() == Var.Role.RECORD_LEAF)) {
            throw new Unsupported(
                Tag.PARAMETER_WRITE,
                t,
                "cannot write into parameter array '"
                    + root.name()
                    + "': a @Differentiable method must not modify its arguments; copy it into a new array first");
          }
          return target;
        }
      case MEMBER_SELECT:
        throw new Unsupported(
            Tag.FIELD_ACCESS,
            t,
            "cannot assign to field '"
                + t
                + "': a @Differentiable method may only write its own local variables and arrays");
      default:
        throw new Unsupported(Tag.UNSUPPORTED_EXPRESSION, t, "cannot assign to this expression");
    }
  }

  /** The variable an array expression reads from, such as {@code W} for {@code W[i]}, or null. */
  static Var rootOf(Expr array) {
    while (array instanceof Expr.Index) {
      array = ((Expr.Index) array).array();
    }
    return array instanceof Expr.Ref ? ((Expr.Ref) array).var() : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private Expr condition(ExpressionTree t) throws Unsupported {
    Expr c = expr(t);
    if (!c.type().equals(Type.BOOLEAN)) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, t, "expected a boolean condition, found " + c.type());
    }
    return c;
  }

  private void requireNumeric(Expr e, Tree at, String what) throws Unsupported {
    if (!e.type().isNumericScalar()) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, at, what + " must be a number, found " + e.type());
    }
  }

  private void requireIndex(Expr e, Tree at) throws Unsupported {
    if (!(e.type().equals(Type.INT))) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, at, "an array index must be an int, found " + e.type());
    }
  }

  Expr expr(ExpressionTree t) throws Unsupported {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return expr(((ParenthesizedTree) t).getExpression());
      case INT_LITERAL:
        return new Expr.Literal(Type.INT, ((LiteralTree) t).getValue().toString());
      case LONG_LITERAL:
        return new Expr.Literal(Type.LONG, ((LiteralTree) t).getValue() + "L");
      case DOUBLE_LITERAL:
        return doubleLiteral((Double) ((LiteralTree) t).getValue());
      case BOOLEAN_LITERAL:
        return ((Boolean) ((LiteralTree) t).getValue()) ? Expr.Literal.TRUE : Expr.Literal.FALSE;
      case FLOAT_LITERAL:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION, t, "float values are not supported; write a double literal (drop the 'f')");
      case CHAR_LITERAL:
      case STRING_LITERAL:
      case NULL_LITERAL:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "this literal is not supported in a @Differentiable method; only numbers and booleans are");
      case IDENTIFIER:
        return identifier((IdentifierTree) t);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) t);
      case ARRAY_ACCESS:
        {
          ArrayAccessTree a = (ArrayAccessTree) t;
          Expr array = expr(a.getExpression());
          if (!array.type().isArray()) {
            throw new Unsupported(Tag.UNKNOWN_TYPE, a.getExpression(), "not an array: " + a.getExpression());
          }
          Expr index = expr(a.getIndex());
          requireIndex(index, a.getIndex());
          return new Expr.Index(array, index);
        }
      case METHOD_INVOCATION:
        return invocation((MethodInvocationTree) t);
      case CONDITIONAL_EXPRESSION:
        {
          ConditionalExpressionTree c = (ConditionalExpressionTree) t;
          Expr cond = condition(c.getCondition());
          Expr a = expr(c.getTrueExpression());
          Expr b = expr(c.getFalseExpression());
          Type type;
          if (a.type().isNumericScalar() && b.type().isNumericScalar()) {
            type = Type.promote(a.type(), b.type());
          } else if (a.type().equals(b.type()) && a.type().base() != Type.Base.RECORD) {
            type = a.type();
          } else {
            throw new Unsupported(
                Tag.UNKNOWN_TYPE, t, "the branches have types " + a.type() + " and " + b.type());
          }
          return new Expr.Conditional(cond, a, b, type);
        }
      case TYPE_CAST:
        {
          TypeCastTree c = (TypeCastTree) t;
          Expr operand = expr(c.getExpression());
          if (c.getType().getKind() != Tree.Kind.PRIMITIVE_TYPE) {
            throw new Unsupported(
                Tag.UNSUPPORTED_EXPRESSION, t, "only casts between double, long and int are supported; convert other values before calling the method");
          }
          Type to;
          switch (((PrimitiveTypeTree) c.getType()).getPrimitiveTypeKind()) {
            case DOUBLE:
              to = Type.DOUBLE;
              break;
            case INT:
              to = Type.INT;
              break;
            case LONG:
              to = Type.LONG;
              break;
            default:
              throw new Unsupported(
                  Tag.UNSUPPORTED_EXPRESSION, t, "only casts between double, long and int are supported; convert other values before calling the method");
          }
          requireNumeric(operand, c.getExpression(), "the operand of a cast");
          return operand.type().equals(to) ? operand : new Expr.Cast(to, operand);
        }
      case UNARY_MINUS:
      case UNARY_PLUS:
      case LOGICAL_COMPLEMENT:
      case BITWISE_COMPLEMENT:
        {
          UnaryTree u = (UnaryTree) t;
          Expr operand = expr(u.getExpression());
          if (t.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
            if (!operand.type().equals(Type.BOOLEAN)) {
              throw new Unsupported(Tag.UNKNOWN_TYPE, t, "! needs a boolean");
            }
            return new Expr.Unary(Expr.UnaryOp.NOT, operand, Type.BOOLEAN);
          }
          requireNumeric(operand, u.getExpression(), "the operand");
          Type type = Type.promote(operand.type(), Type.INT);
          if (t.getKind() == Tree.Kind.BITWISE_COMPLEMENT) {
            if (type.equals(Type.DOUBLE)) {
              throw new Unsupported(Tag.UNKNOWN_TYPE, t, "~ needs an int or long");
            }
            return new Expr.Unary(Expr.UnaryOp.BIT_NOT, operand, type);
          }
          if (t.getKind() == Tree.Kind.UNARY_PLUS) {
            return operand;
          }
          return new Expr.Unary(Expr.UnaryOp.NEG, operand, type);
        }
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
      case ASSIGNMENT:
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
      case AND_ASSIGNMENT:
      case OR_ASSIGNMENT:
      case XOR_ASSIGNMENT:
      case LEFT_SHIFT_ASSIGNMENT:
      case RIGHT_SHIFT_ASSIGNMENT:
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "an assignment inside an expression is not supported; make it a statement of its own");
      case LAMBDA_EXPRESSION:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "lambdas are not supported in a @Differentiable method; write a loop, or a @Differentiable method");
      case MEMBER_REFERENCE:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "method references are not supported in a @Differentiable method; call the method directly");
      case INSTANCE_OF:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION, t, "instanceof is not supported in a @Differentiable method; its values are numbers and arrays, whose types are known");
      case NEW_CLASS:
        throw new Unsupported(
            Tag.OBJECT_CREATION,
            t,
            "cannot create objects in a @Differentiable method (only arrays); pass what you need as parameters");
      case NEW_ARRAY:
        {
          NewArrayTree n = (NewArrayTree) t;
          if (n.getType() == null) {
            throw new Unsupported(
                Tag.UNKNOWN_TYPE, t, "write the array type, e.g. new double[] {a, b}, for this initializer");
          }
          Type elem = declaredType(n.getType(), null);
          int rank = elem.rank() + Math.max(n.getInitializers() != null ? 1 : 0, n.getDimensions().size());
          if (rank > 2) {
            throw new Unsupported(
                Tag.LOCAL_TYPE,
                t,
                "arrays of rank above 2 are not supported; use double[] or double[][] (flatten the extra"
                    + " dimensions into an index, e.g. a[i * m + j])");
          }
          Type type = new Type(elem.base(), rank);
          if (n.getInitializers() != null) {
            return arrayLiteral(n, type);
          }
          List<Expr> dims = new ArrayList<>();
          for (ExpressionTree d : n.getDimensions()) {
            Expr dim = expr(d);
            requireIndex(dim, d);
            dims.add(dim);
          }
          return new Expr.NewArray(type, dims);
        }
      case SWITCH_EXPRESSION:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION, t, "switch expressions are not supported; use the ternary operator");
      default:
        if (t instanceof BinaryTree) {
          BinaryTree b = (BinaryTree) t;
          return binary(binaryOp(t.getKind(), t), expr(b.getLeftOperand()), expr(b.getRightOperand()), t);
        }
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "this expression ("
                + t.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ") is not supported in a @Differentiable method");
    }
  }

  private static Expr doubleLiteral(double v) {
    if (Double.isNaN(v)) {
      return new Expr.Literal(Type.DOUBLE, "Double.NaN");
    }
    if (Double.isInfinite(v)) {
      return new Expr.Literal(Type.DOUBLE, v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY");
    }
    return new Expr.Literal(Type.DOUBLE, Double.toString(v));
  }

  private Expr arrayLiteral(NewArrayTree n, Type type) throws Unsupported {
    if (!type.isArray()) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, n, "an array initializer for a variable of type " + type);
    }
    List<Expr> elements = new ArrayList<>();
    for (ExpressionTree e : n.getInitializers()) {
      Expr el;
      if (e.getKind() == Tree.Kind.NEW_ARRAY && ((NewArrayTree) e).getType() == null) {
        el = arrayLiteral((NewArrayTree) e, type.element());
      } else {
        el = expr(e);
      }
      if (type.rank() == 2 && !(el instanceof Expr.ArrayLiteral || el instanceof Expr.NewArray)) {
        throw new Unsupported(
            Tag.ROW_ASSIGNMENT,
            e,
            "the rows of a matrix initializer must be new arrays ({...}), not existing arrays, which they would alias");
      }
      checkAssignable(type.element(), el, e);
      arrayCalls.remove(el);
      elements.add(el);
    }
    Expr.ArrayLiteral literal = new Expr.ArrayLiteral(type, elements);
    arrayCalls.put(literal, n);
    return literal;
  }

  private static Expr.BinaryOp binaryOp(Tree.Kind kind, Tree t) throws Unsupported {
    switch (kind) {
      case MULTIPLY:
        return Expr.BinaryOp.MUL;
      case DIVIDE:
        return Expr.BinaryOp.DIV;
      case REMAINDER:
        return Expr.BinaryOp.REM;
      case PLUS:
        return Expr.BinaryOp.ADD;
      case MINUS:
        return Expr.BinaryOp.SUB;
      case LEFT_SHIFT:
        return Expr.BinaryOp.SHL;
      case RIGHT_SHIFT:
        return Expr.BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT:
        return Expr.BinaryOp.USHR;
      case LESS_THAN:
        return Expr.BinaryOp.LT;
      case LESS_THAN_EQUAL:
        return Expr.BinaryOp.LE;
      case GREATER_THAN:
        return Expr.BinaryOp.GT;
      case GREATER_THAN_EQUAL:
        return Expr.BinaryOp.GE;
      case EQUAL_TO:
        return Expr.BinaryOp.EQ;
      case NOT_EQUAL_TO:
        return Expr.BinaryOp.NE;
      case AND:
        return Expr.BinaryOp.BIT_AND;
      case XOR:
        return Expr.BinaryOp.XOR;
      case OR:
        return Expr.BinaryOp.BIT_OR;
      case CONDITIONAL_AND:
        return Expr.BinaryOp.AND;
      case CONDITIONAL_OR:
        return Expr.BinaryOp.OR;
      default:
        throw new Unsupported(Tag.UNSUPPORTED_EXPRESSION, t, "unsupported operator");
    }
  }

  private Expr binary(Expr.BinaryOp op, Expr l, Expr r, Tree at) throws Unsupported {
    Type lt = l.type();
    Type rt = r.type();
    switch (op) {
      case AND:
      case OR:
        if (!lt.equals(Type.BOOLEAN) || !rt.equals(Type.BOOLEAN)) {
          throw new Unsupported(Tag.UNKNOWN_TYPE, at, op.symbol + " needs boolean operands");
        }
        return new Expr.Binary(op, l, r, Type.BOOLEAN);
      case BIT_AND:
      case BIT_OR:
      case XOR:
        if (lt.equals(Type.BOOLEAN) && rt.equals(Type.BOOLEAN)) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        if (lt.isNumericScalar() && rt.isNumericScalar() && lt.base() != Type.Base.DOUBLE && rt.base() != Type.Base.DOUBLE) {
          return new Expr.Binary(op, l, r, Type.promote(lt, rt));
        }
        throw new Unsupported(Tag.UNKNOWN_TYPE, at, op.symbol + " needs integer or boolean operands");
      case SHL:
      case SHR:
      case USHR:
        if (lt.isNumericScalar() && rt.isNumericScalar() && lt.base() != Type.Base.DOUBLE && rt.base() != Type.Base.DOUBLE) {
          return new Expr.Binary(op, l, r, Type.promote(lt, Type.INT));
        }
        throw new Unsupported(Tag.UNKNOWN_TYPE, at, op.symbol + " needs integer operands");
      case EQ:
      case NE:
        if (lt.equals(Type.BOOLEAN) && rt.equals(Type.BOOLEAN)) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        if (lt.isNumericScalar() && rt.isNumericScalar()) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION, at, "only numbers and booleans can be compared with "
                + op.symbol
                + "; arrays are compared element by element in a loop");
      default:
        if (!lt.isNumericScalar() || !rt.isNumericScalar()) {
          throw new Unsupported(
              Tag.UNSUPPORTED_EXPRESSION,
              at,
              op.symbol + " is supported on numbers only, found " + lt + " and " + rt);
        }
        return new Expr.Binary(op, l, r, op.isComparison() ? Type.BOOLEAN : Type.promote(lt, rt));
    }
  }

  private Expr identifier(IdentifierTree t) throws Unsupported {
    String name = t.getName().toString();
    Var v = lookup(name);
    if (v != null) {
      return new Expr.Ref(v);
    }
    RecordNode rec = records.get(name);
    if (rec != null) {
      return new Expr.RecordRef(rec);
    }
    // A field of the class or of an enclosing class, or a static import.
    for (Element e = owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      for (VariableElement f : ElementFilter.fieldsIn(e.getEnclosedElements())) {
        if (f.getSimpleName().contentEquals(name)) {
          return constantField(f, t);
        }
      }
    }
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree) {
        MemberSelectTree q = (MemberSelectTree) imp.getQualifiedIdentifier();
        String member = q.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          TypeElement type = elements.getTypeElement(q.getExpression().toString());
          if (type != null) {
            for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
              if (f.getSimpleName().contentEquals(name)) {
                return constantField(f, t);
              }
            }
          }
        }
      }
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, t, "cannot resolve '" + name + "'");
  }

  private Expr constantField(VariableElement f, Tree at) throws Unsupported {
    Object value = f.getConstantValue();
    Type type = SignatureReader.plainType(f.asType());
    if (value == null || type == null || type.isArray()) {
      throw new Unsupported(
          Tag.FIELD_ACCESS,
          at,
          "cannot read field '"
              + f.getSimpleName()
              + "': a @Differentiable method reads only its parameters and compile-time constants;"
              + " pass the value as a parameter (use @NoGrad if it needs no gradient)");
    }
    if (value instanceof Double) {
      return doubleLiteral((Double) value);
    }
    if (value instanceof Long) {
      return new Expr.Literal(Type.LONG, value + "L");
    }
    if (value instanceof Integer) {
      return new Expr.Literal(Type.INT, value.toString());
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? Expr.Literal.TRUE : Expr.Literal.FALSE;
    }
    throw new Unsupported(Tag.FIELD_ACCESS, at, "constant '" + f.getSimpleName() + "' has an unsupported type");
  }

  private Expr memberSelect(MemberSelectTree t) throws Unsupported {
    String member = t.getIdentifier().toString();
    if (member.equals("length")) {
      Expr target = maybeValue(t.getExpression());
      if (target != null) {
        if (!target.type().isArray()) {
          throw new Unsupported(Tag.UNKNOWN_TYPE, t, ".length of a non-array");
        }
        return new Expr.Length(target);
      }
    }
    Expr target = maybeValue(t.getExpression());
    if (target != null) {
      throw new Unsupported(
          Tag.FIELD_ACCESS,
          t,
          "cannot read field '" + member + "' of a value; records are read through their accessors, e.g. p.W()");
    }
    TypeElement type = resolveType(t.getExpression());
    if (type == null) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, t.getExpression(), "cannot resolve '" + t.getExpression() + "'");
    }
    for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(member)) {
        return constantField(f, t);
      }
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, t, "cannot resolve '" + t + "'");
  }

  /** Parses {@code t} as a value if it names one (a variable, record, array element, ...); else null. */
  private Expr maybeValue(ExpressionTree t) throws Unsupported {
    if (t.getKind() == Tree.Kind.IDENTIFIER) {
      String name = ((IdentifierTree) t).getName().toString();
      if (lookup(name) == null && !records.containsKey(name)) {
        return null;
      }
    }
    if (t.getKind() == Tree.Kind.MEMBER_SELECT) {
      return null;
    }
    return expr(t);
  }

  /** Resolves a type name written in the source: simple, nested or qualified. */
  private TypeElement resolveType(ExpressionTree t) {
    if (t.getKind() == Tree.Kind.IDENTIFIER) {
      return resolveSimpleType(((IdentifierTree) t).getName().toString());
    }
    if (t.getKind() == Tree.Kind.MEMBER_SELECT) {
      MemberSelectTree m = (MemberSelectTree) t;
      TypeElement outer = resolveType(m.getExpression());
      if (outer != null) {
        for (TypeElement inner : ElementFilter.typesIn(outer.getEnclosedElements())) {
          if (inner.getSimpleName().contentEquals(m.getIdentifier())) {
            return inner;
          }
        }
        return null;
      }
      return elements.getTypeElement(t.toString());
    }
    return null;
  }

  private TypeElement resolveSimpleType(String name) {
    for (Element e = owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getSimpleName().contentEquals(name)) {
        return (TypeElement) e;
      }
      for (TypeElement inner : ElementFilter.typesIn(e.getEnclosedElements())) {
        if (inner.getSimpleName().contentEquals(name)) {
          return inner;
        }
      }
    }
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic()) {
        continue;
      }
      String q = imp.getQualifiedIdentifier().toString();
      if (q.endsWith("." + name)) {
        TypeElement te = elements.getTypeElement(q);
        if (te != null) {
          return te;
        }
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    TypeElement same = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
    if (same != null) {
      return same;
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith(".*")) {
        TypeElement te = elements.getTypeElement(q.substring(0, q.length() - 1) + name);
        if (te != null) {
          return te;
        }
      }
    }
    return elements.getTypeElement("java.lang." + name);
  }

  private Expr invocation(MethodInvocationTree t) throws Unsupported {
    ExpressionTree select = t.getMethodSelect();
    List<Expr> args = new ArrayList<>();
    if (select.getKind() == Tree.Kind.MEMBER_SELECT) {
      MemberSelectTree m = (MemberSelectTree) select;
      String name = m.getIdentifier().toString();
      // Record accessor: p.W(), p.inner().v()
      Expr receiver = maybeValue(m.getExpression());
      if (receiver instanceof Expr.RecordRef && t.getArguments().isEmpty()) {
        RecordNode node = ((Expr.RecordRef) receiver).node();
        for (RecordNode.Component c : node.components()) {
          if (c.name().equals(name)) {
            return c.leaf() != null ? new Expr.Ref(c.leaf()) : new Expr.RecordRef(c.nested());
          }
        }
        throw new Unsupported(Tag.UNKNOWN_TYPE, t, "record " + node.type() + " has no component '" + name + "'");
      }
      if (receiver != null) {
        throw new Unsupported(
            Tag.UNSUPPORTED_CALL,
            t,
            "cannot call '"
                + name
                + "' on a value in a @Differentiable method; only static methods and record accessors can be called");
      }
      for (ExpressionTree a : t.getArguments()) {
        args.add(expr(a));
      }
      if (MATH_OWNERS.contains(m.getExpression().toString())) {
        return mathCall(m.getExpression().toString().replace("java.lang.", ""), name, args, t);
      }
      TypeElement type = resolveType(m.getExpression());
      if (type == null) {
        throw new Unsupported(Tag.UNKNOWN_TYPE, m.getExpression(), "cannot resolve '" + m.getExpression() + "'");
      }
      return call(type, name, args, t);
    }
    String name = ((IdentifierTree) select).getName().toString();
    for (ExpressionTree a : t.getArguments()) {
      args.add(expr(a));
    }
    for (Element e = owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      for (ExecutableElement m : ElementFilter.methodsIn(e.getEnclosedElements())) {
        if (m.getSimpleName().contentEquals(name)) {
          return call((TypeElement) e, name, args, t);
        }
      }
    }
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree) {
        MemberSelectTree q = (MemberSelectTree) imp.getQualifiedIdentifier();
        String member = q.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          String typeName = q.getExpression().toString();
          if (MATH_OWNERS.contains(typeName) && MathFn.byJavaName(name) != null) {
            return mathCall(typeName.replace("java.lang.", ""), name, args, t);
          }
          TypeElement type = elements.getTypeElement(typeName);
          if (type != null
              && ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                  .anyMatch(m -> m.getSimpleName().contentEquals(name))) {
            return call(type, name, args, t);
          }
        }
      }
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, t, "cannot resolve method '" + name + "'");
  }

  private Expr mathCall(String ownerName, String name, List<Expr> args, Tree at) throws Unsupported {
    MathFn fn = MathFn.byJavaName(name);
    for (Expr a : args) {
      requireNumeric(a, at, "an argument of " + ownerName + "." + name);
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
          if (hoist == null) {
            throw new Unsupported(
                Tag.UNSUPPORTED_EXPRESSION,
                at,
                "in a loop condition or update, pass an array variable or a matrix row to '"
                    + name
                    + "', not a computed array: compute it into a variable first");
          }
          // f(new double[] {a, b}): the array goes into a temporary first, as if the user had.
          Var temp = Var.of("arg", a.type(), Var.Role.TEMP);
          hoist.add(new Stmt.Assign(new Expr.Ref(temp), a, pos(at)));
          arrayCalls.remove(a);
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
        arrayCalls.put(call, at);
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
                    && elements.getPackageOf(type).equals(elements.getPackageOf(owner));
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

  // ---------------------------------------------------------------------------------------------
  // Positions and reports

  private Pos pos(Tree t) {
    long start = positions.getStartPosition(unit, t);
    long end = positions.getEndPosition(unit, t);
    int line = start >= 0 ? (int) unit.getLineMap().getLineNumber(start) : 0;
    String text = "";
    if (start >= 0 && end > start && end <= source.length()) {
      text = source.subSequence((int) start, (int) end).toString();
      int nl = text.indexOf('\n');
      if (nl >= 0) {
        text = text.substring(0, nl).stripTrailing() + " ...";
      }
      if (text.length() > 100) {
        text = text.substring(0, 97) + "...";
      }
    }
    return new Pos(line, text, t);
  }

  private void report(Tag tag, Tree at, String message) {
    problems.report(tag, pos(at), message);
  }
}
