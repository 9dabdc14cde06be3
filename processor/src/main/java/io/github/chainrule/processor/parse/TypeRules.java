package io.github.chainrule.processor.parse;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Type;

/**
 * Type inference: the type of every expression, computed from declared types, literals and
 * signatures the way javac would (javac's attribution has not run when processors see the
 * trees), and the checks that refuse a type outside the subset with a tagged problem.
 */
final class TypeRules {
  private TypeRules() {}

  /** Whether {@code type} is {@code var} (or absent, as in a lambda parameter). */
  static boolean isVar(Tree type) {
    return type == null
        || (type.getKind() == Tree.Kind.IDENTIFIER && ((IdentifierTree) type).getName().contentEquals("var"));
  }

  /** The type written in {@code typeTree}; {@code inferred} stands for {@code var}. */
  static Type declaredType(Tree typeTree, Type inferred) throws Unsupported {
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

  /** Checks that {@code value} may be stored into a slot of type {@code target}. */
  static void checkAssignable(Type target, Expr value, Tree at) throws Unsupported {
    Type vt = value.type();
    if (target.equals(vt)) {
      return;
    }
    if (target.isNumericScalar() && vt.isNumericScalar()) {
      return; // javac checks the direction of primitive conversions
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, at, "cannot assign a value of type " + vt + " to " + target);
  }

  /** {@code c}, which must be a boolean. */
  static Expr requireBoolean(Expr c, Tree at) throws Unsupported {
    if (!c.type().equals(Type.BOOLEAN)) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, at, "expected a boolean condition, found " + c.type());
    }
    return c;
  }

  static void requireNumeric(Expr e, Tree at, String what) throws Unsupported {
    if (!e.type().isNumericScalar()) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, at, what + " must be a number, found " + e.type());
    }
  }

  static void requireIndex(Expr e, Tree at) throws Unsupported {
    if (!(e.type().equals(Type.INT))) {
      throw new Unsupported(Tag.UNKNOWN_TYPE, at, "an array index must be an int, found " + e.type());
    }
  }

  /** {@code value} converted to {@code target} (the implicit cast of a compound assignment). */
  static Expr narrow(Type target, Expr value) {
    if (value.type().equals(target)) {
      return value;
    }
    return new Expr.Cast(target, value);
  }

  /** The type of {@code cond ? a : b}. */
  static Type conditional(Expr a, Expr b, Tree at) throws Unsupported {
    if (a.type().isNumericScalar() && b.type().isNumericScalar()) {
      return Type.promote(a.type(), b.type());
    } else if (a.type().equals(b.type()) && a.type().base() != Type.Base.RECORD) {
      return a.type();
    }
    throw new Unsupported(Tag.UNKNOWN_TYPE, at, "the branches have types " + a.type() + " and " + b.type());
  }

  /** The target type of a cast to {@code type}: double, int or long. */
  static Type castTarget(Tree type, Tree at) throws Unsupported {
    if (type.getKind() == Tree.Kind.PRIMITIVE_TYPE) {
      switch (((PrimitiveTypeTree) type).getPrimitiveTypeKind()) {
        case DOUBLE:
          return Type.DOUBLE;
        case INT:
          return Type.INT;
        case LONG:
          return Type.LONG;
        default:
          break;
      }
    }
    throw new Unsupported(
        Tag.UNSUPPORTED_EXPRESSION,
        at,
        "only casts between double, long and int are supported; convert other values before calling the method");
  }

  /** {@code -x}, {@code +x}, {@code !b} or {@code ~n} ({@code kind}), typed as javac types it. */
  static Expr unary(Tree.Kind kind, Expr operand, Tree at, Tree operandAt) throws Unsupported {
    if (kind == Tree.Kind.LOGICAL_COMPLEMENT) {
      if (!operand.type().equals(Type.BOOLEAN)) {
        throw new Unsupported(Tag.UNKNOWN_TYPE, at, "! needs a boolean");
      }
      return new Expr.Unary(Expr.UnaryOp.NOT, operand, Type.BOOLEAN);
    }
    requireNumeric(operand, operandAt, "the operand");
    Type type = Type.promote(operand.type(), Type.INT);
    if (kind == Tree.Kind.BITWISE_COMPLEMENT) {
      if (type.equals(Type.DOUBLE)) {
        throw new Unsupported(Tag.UNKNOWN_TYPE, at, "~ needs an int or long");
      }
      return new Expr.Unary(Expr.UnaryOp.BIT_NOT, operand, type);
    }
    if (kind == Tree.Kind.UNARY_PLUS) {
      return operand;
    }
    return new Expr.Unary(Expr.UnaryOp.NEG, operand, type);
  }

  /** {@code l op r}, typed as javac types it; refused where the operands do not fit the operator. */
  static Expr binary(Expr.BinaryOp op, Expr l, Expr r, Tree at) throws Unsupported {
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
}
