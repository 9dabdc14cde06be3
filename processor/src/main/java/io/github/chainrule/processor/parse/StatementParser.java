package io.github.chainrule.processor.parse;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Pos;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements: blocks, declarations, assignments, branches, the loops (a {@code for} becomes a
 * {@code while} with an update, an enhanced {@code for} a counted loop over a temporary),
 * {@code break}/{@code continue} with their target loops, and {@code return}. A statement outside
 * the subset is reported and skipped, so that one method reports all its problems at once.
 */
final class StatementParser {
  private final SourceContext context;
  private final LocalScopes scopes;
  private final StatementArrays arrays;
  private final ExpressionParser expressions;
  /** The method's result, the target of every {@code return}. */
  private final Var result;

  private final Deque<Stmt.LoopId> loops = new ArrayDeque<>();
  private final Map<String, Stmt.LoopId> labels = new HashMap<>();
  private int temps;

  StatementParser(
      SourceContext context, LocalScopes scopes, StatementArrays arrays, ExpressionParser expressions, Var result) {
    this.context = context;
    this.scopes = scopes;
    this.arrays = arrays;
    this.expressions = expressions;
    this.result = result;
  }

  /**
   * Parses {@code st} into {@code out}, after the temporaries it needs; a statement outside the
   * subset is reported and leaves nothing.
   */
  void statement(StatementTree st, List<Stmt> out) {
    // Each statement has its own pending array values and its own temporaries for array
    // arguments, which go before it.
    List<Stmt> temporaries = new ArrayList<>();
    StatementArrays.Saved outer = arrays.begin(temporaries);
    try {
      List<Stmt> parsed = new ArrayList<>();
      parseStatement(st, parsed);
      out.addAll(temporaries);
      out.addAll(parsed);
      for (Map.Entry<Expr, Tree> call : arrays.unstored().entrySet()) {
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
      for (Unsupported problem : u.all()) {
        context.report(problem.tag, problem.tree, problem.getMessage());
      }
    } finally {
      arrays.end(outer);
    }
  }

  private void parseStatement(StatementTree st, List<Stmt> out) throws Unsupported {
    switch (st.getKind()) {
      case BLOCK:
        {
          scopes.push();
          List<Stmt> inner = new ArrayList<>();
          for (StatementTree s : ((BlockTree) st).getStatements()) {
            statement(s, inner);
          }
          scopes.pop();
          out.add(new Stmt.Block(inner, context.pos(st)));
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
          Expr cond = expressions.condition(t.getCondition());
          Stmt.Block then = scopedBlock(t.getThenStatement());
          Stmt.Block otherwise =
              t.getElseStatement() == null ? Stmt.Block.of(List.of()) : scopedBlock(t.getElseStatement());
          out.add(new Stmt.If(cond, then, otherwise, context.pos(st)));
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
          out.add(
              new Stmt.Break(
                  jumpTarget(t, t.getLabel() == null ? null : t.getLabel().toString(), "break"), context.pos(st)));
          return;
        }
      case CONTINUE:
        {
          ContinueTree t = (ContinueTree) st;
          out.add(
              new Stmt.Continue(
                  jumpTarget(t, t.getLabel() == null ? null : t.getLabel().toString(), "continue"),
                  context.pos(st)));
          return;
        }
      case RETURN:
        {
          ReturnTree t = (ReturnTree) st;
          if (t.getExpression() == null) {
            throw new Unsupported(Tag.UNSUPPORTED_STATEMENT, st, "a return without a value");
          }
          Expr value = expressions.assignedValue(t.getExpression(), result.type());
          out.add(new Stmt.Return(value, context.pos(st)));
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

  // ---------------------------------------------------------------------------------------------
  // Blocks, loops and jumps

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
    scopes.push();
    List<Stmt> out = new ArrayList<>();
    if (st.getKind() == Tree.Kind.BLOCK) {
      for (StatementTree s : ((BlockTree) st).getStatements()) {
        statement(s, out);
      }
    } else {
      statement(st, out);
    }
    scopes.pop();
    return new Stmt.Block(out, context.pos(st));
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

  /** A loop condition, which runs many times: nothing may be computed once before it. */
  private Expr loopCondition(ExpressionTree t) throws Unsupported {
    return arrays.withoutHoisting(() -> expressions.condition(t));
  }

  private void whileLoop(WhileLoopTree t, String label, List<Stmt> out) throws Unsupported {
    Expr cond = loopCondition(t.getCondition());
    Stmt.LoopId id = enterLoop(label);
    Stmt.Block body = scopedBlock(t.getStatement());
    exitLoop(id);
    out.add(new Stmt.Loop(Stmt.Loop.Kind.WHILE, id, cond, body, Stmt.Block.of(List.of()), context.pos(t)));
  }

  private void doLoop(DoWhileLoopTree t, String label, List<Stmt> out) throws Unsupported {
    Stmt.LoopId id = enterLoop(label);
    Stmt.Block body = scopedBlock(t.getStatement());
    exitLoop(id);
    Expr cond = loopCondition(t.getCondition());
    out.add(new Stmt.Loop(Stmt.Loop.Kind.DO, id, cond, body, Stmt.Block.of(List.of()), context.pos(t)));
  }

  private void forLoop(ForLoopTree t, String label, List<Stmt> out) throws Unsupported {
    scopes.push();
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
      // The update runs every iteration.
      arrays.withoutHoisting(
          () -> {
            for (ExpressionStatementTree s : t.getUpdate()) {
              expressionStatement(s.getExpression(), update);
            }
            return null;
          });
      out.add(new Stmt.Block(init, context.pos(t)));
      out.add(
          new Stmt.Loop(
              Stmt.Loop.Kind.WHILE, id, cond, body, new Stmt.Block(update, context.pos(t)), context.pos(t)));
    } finally {
      scopes.pop();
    }
  }

  private void forEach(EnhancedForLoopTree t, String label, List<Stmt> out) throws Unsupported {
    Expr array = expressions.expr(t.getExpression());
    arrays.stored(array); // it is assigned to a variable of its own below
    if (!array.type().isArray()) {
      throw new Unsupported(
          Tag.UNSUPPORTED_STATEMENT, t.getExpression(), "enhanced for is supported over arrays only");
    }
    scopes.push();
    try {
      Pos p = context.pos(t);
      Var arr = Var.of("array" + (temps++ == 0 ? "" : temps), array.type(), Var.Role.TEMP);
      Var idx = Var.of("index", Type.INT, Var.Role.TEMP);
      Type elementType = array.type().element();
      VariableTree v = t.getVariable();
      Type declared = TypeRules.declaredType(v.getType(), elementType);
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
      Var element = scopes.declare(v.getName().toString(), declared);
      Stmt.LoopId id = enterLoop(label);
      List<Stmt> body = new ArrayList<>();
      body.add(
          new Stmt.Assign(
              new Expr.Ref(element), new Expr.Index(new Expr.Ref(arr), new Expr.Ref(idx)), context.pos(v)));
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

  // ---------------------------------------------------------------------------------------------
  // Declarations and assignments

  private void declaration(VariableTree v, List<Stmt> out) throws Unsupported {
    try {
      parseDeclaration(v, out);
    } catch (Unsupported u) {
      // Declare it anyway, so that later uses are not reported again: with its type when the
      // type is known (the initializer failed), else as unknown (its uses are skipped silently).
      String name = v.getName().toString();
      if (scopes.lookupLocal(name) == null) {
        Type type = null;
        try {
          type = TypeRules.isVar(v.getType()) ? null : TypeRules.declaredType(v.getType(), null);
        } catch (Unsupported unknown) {
          // the declaration's own problem, already in u
        }
        if (type != null) {
          scopes.declare(name, type);
        } else {
          scopes.declareUnknown(name);
        }
      }
      throw u;
    }
  }

  private void parseDeclaration(VariableTree v, List<Stmt> out) throws Unsupported {
    String name = v.getName().toString();
    Expr init = null;
    Type type;
    if (TypeRules.isVar(v.getType())) {
      if (v.getInitializer() == null) {
        throw new Unsupported(Tag.UNKNOWN_TYPE, v, "'var' needs an initializer");
      }
      init = expressions.expr(v.getInitializer());
      arrays.stored(init);
      type = init.type();
      if (type.base() == Type.Base.RECORD) {
        throw new Unsupported(
            Tag.LOCAL_TYPE, v, "a local record variable is not supported; read components directly, e.g. p.W()");
      }
    } else {
      type = TypeRules.declaredType(v.getType(), null);
      if (v.getInitializer() != null) {
        init = expressions.assignedValue(v.getInitializer(), type);
      }
    }
    Var var = scopes.declare(name, type);
    if (init != null) {
      out.add(new Stmt.Assign(new Expr.Ref(var), init, context.pos(v)));
    }
  }

  private void expressionStatement(ExpressionTree e, List<Stmt> out) throws Unsupported {
    switch (e.getKind()) {
      case ASSIGNMENT:
        {
          AssignmentTree a = (AssignmentTree) e;
          Expr target = expressions.target(a.getVariable());
          Expr value = expressions.assignedValue(a.getExpression(), target.type());
          out.add(new Stmt.Assign(target, value, context.pos(e)));
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
          Expr target = expressions.target(a.getVariable());
          Expr value = expressions.expr(a.getExpression());
          Expr.BinaryOp op = compoundOp(e.getKind());
          Expr combined = TypeRules.binary(op, target, value, e);
          out.add(new Stmt.Assign(target, TypeRules.narrow(target.type(), combined), context.pos(e)));
          return;
        }
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT:
        {
          UnaryTree u = (UnaryTree) e;
          Expr target = expressions.target(u.getExpression());
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
          out.add(new Stmt.Assign(target, TypeRules.narrow(target.type(), combined), context.pos(e)));
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


}
