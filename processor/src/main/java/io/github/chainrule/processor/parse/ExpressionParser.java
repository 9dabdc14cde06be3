package io.github.chainrule.processor.parse;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions: one javac expression tree to one typed IR expression, or a tagged refusal at the
 * exact subtree. Names go to {@link LocalScopes} and {@link NameResolver}, calls to {@link
 * CallResolver}, types to {@link TypeRules}.
 */
final class ExpressionParser {
  private final LocalScopes scopes;
  private final NameResolver names;
  private final CallResolver calls;
  private final StatementArrays arrays;

  ExpressionParser(LocalScopes scopes, NameResolver names, CallResolver calls, StatementArrays arrays) {
    this.scopes = scopes;
    this.names = names;
    this.calls = calls;
    this.arrays = arrays;
  }

  /** A condition: an expression of type boolean. */
  Expr condition(ExpressionTree t) throws Unsupported {
    return TypeRules.requireBoolean(expr(t), t);
  }

  /**
   * The whole value stored into a variable (or element, or result) of type {@code type}: a bare
   * initializer {@code {a, b}} takes the type, and an array initializer or array-valued call may
   * stand here without a variable of its own.
   */
  Expr assignedValue(ExpressionTree t, Type type) throws Unsupported {
    Expr value =
        t.getKind() == Tree.Kind.NEW_ARRAY && ((NewArrayTree) t).getType() == null
            ? arrayLiteral((NewArrayTree) t, type)
            : expr(t);
    arrays.stored(value);
    TypeRules.checkAssignable(type, value, t);
    return value;
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
          TypeRules.requireIndex(index, a.getIndex());
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
          return new Expr.Conditional(cond, a, b, TypeRules.conditional(a, b, t));
        }
      case TYPE_CAST:
        {
          TypeCastTree c = (TypeCastTree) t;
          Expr operand = expr(c.getExpression());
          Type to = TypeRules.castTarget(c.getType(), t);
          TypeRules.requireNumeric(operand, c.getExpression(), "the operand of a cast");
          return operand.type().equals(to) ? operand : new Expr.Cast(to, operand);
        }
      case UNARY_MINUS:
      case UNARY_PLUS:
      case LOGICAL_COMPLEMENT:
      case BITWISE_COMPLEMENT:
        {
          UnaryTree u = (UnaryTree) t;
          return TypeRules.unary(t.getKind(), expr(u.getExpression()), t, u.getExpression());
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
        throw nestedAssignment(t);
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
        return newArray((NewArrayTree) t);
      case SWITCH_EXPRESSION:
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION, t, "switch expressions are not supported; use the ternary operator");
      default:
        if (t instanceof BinaryTree) {
          BinaryTree b = (BinaryTree) t;
          return TypeRules.binary(binaryOp(t.getKind(), t), expr(b.getLeftOperand()), expr(b.getRightOperand()), t);
        }
        throw new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "this expression ("
                + t.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ") is not supported in a @Differentiable method");
    }
  }

  /**
   * The refusal of an assignment inside an expression, with the problems of its target and value
   * riding along ({@code res += (arr[i] *= 5)} for a parameter array {@code arr} has two).
   */
  private Unsupported nestedAssignment(ExpressionTree t) {
    Unsupported nested =
        new Unsupported(
            Tag.UNSUPPORTED_EXPRESSION,
            t,
            "an assignment inside an expression is not supported; make it a statement of its own");
    List<ExpressionTree> parts = new ArrayList<>();
    if (t instanceof AssignmentTree) {
      parts.add(((AssignmentTree) t).getExpression());
    } else if (t instanceof CompoundAssignmentTree) {
      parts.add(((CompoundAssignmentTree) t).getExpression());
    }
    ExpressionTree variable =
        t instanceof AssignmentTree
            ? ((AssignmentTree) t).getVariable()
            : t instanceof CompoundAssignmentTree
                ? ((CompoundAssignmentTree) t).getVariable()
                : ((UnaryTree) t).getExpression();
    try {
      target(variable);
    } catch (Unsupported u) {
      nested.with(u);
    }
    for (ExpressionTree part : parts) {
      try {
        expr(part);
      } catch (Unsupported u) {
        nested.with(u);
      }
    }
    return nested;
  }

  /** The literal for {@code v}, spelled so that the generated source reads it back exactly. */
  static Expr doubleLiteral(double v) {
    if (Double.isNaN(v)) {
      return new Expr.Literal(Type.DOUBLE, "Double.NaN");
    }
    if (Double.isInfinite(v)) {
      return new Expr.Literal(Type.DOUBLE, v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY");
    }
    return new Expr.Literal(Type.DOUBLE, Double.toString(v));
  }

  private Expr newArray(NewArrayTree n) throws Unsupported {
    if (n.getType() == null) {
      throw new Unsupported(
          Tag.UNKNOWN_TYPE, n, "write the array type, e.g. new double[] {a, b}, for this initializer");
    }
    Type elem = TypeRules.declaredType(n.getType(), null);
    int rank = elem.rank() + Math.max(n.getInitializers() != null ? 1 : 0, n.getDimensions().size());
    if (rank > 2) {
      throw new Unsupported(
          Tag.LOCAL_TYPE,
          n,
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
      TypeRules.requireIndex(dim, d);
      dims.add(dim);
    }
    return new Expr.NewArray(type, dims);
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
      TypeRules.checkAssignable(type.element(), el, e);
      arrays.stored(el);
      elements.add(el);
    }
    Expr.ArrayLiteral literal = new Expr.ArrayLiteral(type, elements);
    arrays.unstored(literal, n);
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

  private Expr identifier(IdentifierTree t) throws Unsupported {
    String name = t.getName().toString();
    Var v = scopes.lookup(name);
    if (v != null && scopes.isUnknown(v)) {
      throw Unsupported.reported(t);
    }
    if (v != null) {
      return new Expr.Ref(v);
    }
    RecordNode rec = scopes.record(name);
    if (rec != null) {
      return new Expr.RecordRef(rec);
    }
    return names.constant(t);
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
    return names.qualifiedConstant(t);
  }

  /** Parses {@code t} as a value if it names one (a variable, record, array element, ...); else null. */
  private Expr maybeValue(ExpressionTree t) throws Unsupported {
    if (t.getKind() == Tree.Kind.IDENTIFIER && !scopes.names(((IdentifierTree) t).getName().toString())) {
      return null;
    }
    if (t.getKind() == Tree.Kind.MEMBER_SELECT) {
      return null;
    }
    return expr(t);
  }

  /** A call: a record accessor is read here; every other call is resolved by {@link CallResolver}. */
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
      return calls.qualified(m, args, t);
    }
    String name = ((IdentifierTree) select).getName().toString();
    for (ExpressionTree a : t.getArguments()) {
      args.add(expr(a));
    }
    return calls.unqualified(name, args, t);
  }

  /** The left-hand side of an assignment: a local variable or an element of a local array. */
  Expr target(ExpressionTree t) throws Unsupported {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return target(((ParenthesizedTree) t).getExpression());
      case IDENTIFIER:
        {
          String name = ((IdentifierTree) t).getName().toString();
          Var v = scopes.lookup(name);
          if (v != null && scopes.isUnknown(v)) {
            throw Unsupported.reported(t);
          }
          if (v != null) {
            return new Expr.Ref(v);
          }
          if (scopes.record(name) != null) {
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
          TypeRules.requireIndex(index, a.getIndex());
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
  private static Var rootOf(Expr array) {
    while (array instanceof Expr.Index) {
      array = ((Expr.Index) array).array();
    }
    return array instanceof Expr.Ref ? ((Expr.Ref) array).var() : null;
  }
}
