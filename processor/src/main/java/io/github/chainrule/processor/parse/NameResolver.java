package io.github.chainrule.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Type;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Names that are not local: type names as the source writes them (simple, nested, imported,
 * qualified) and the compile-time constants a method may read ({@code static final} fields of
 * its class, of enclosing classes, of other classes and static imports), which become literals.
 */
final class NameResolver {
  private final SourceContext context;

  NameResolver(SourceContext context) {
    this.context = context;
  }

  /**
   * The constant named by a bare identifier: a field of the class or of an enclosing class, or a
   * static import. Refused when no such field exists or it is not a constant.
   */
  Expr constant(IdentifierTree t) throws Unsupported {
    String name = t.getName().toString();
    for (Element e = context.owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      for (VariableElement f : ElementFilter.fieldsIn(e.getEnclosedElements())) {
        if (f.getSimpleName().contentEquals(name)) {
          return constantField(f, t);
        }
      }
    }
    for (ImportTree imp : context.unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree) {
        MemberSelectTree q = (MemberSelectTree) imp.getQualifiedIdentifier();
        String member = q.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          TypeElement type = context.elements.getTypeElement(q.getExpression().toString());
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

  /** The constant {@code Type.NAME} of {@code t}, whose qualifier names a type. */
  Expr qualifiedConstant(MemberSelectTree t) throws Unsupported {
    String member = t.getIdentifier().toString();
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
      return ExpressionParser.doubleLiteral((Double) value);
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

  /** Resolves a type name written in the source: simple, nested or qualified; null if none. */
  TypeElement resolveType(ExpressionTree t) {
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
      return context.elements.getTypeElement(t.toString());
    }
    return null;
  }

  /**
   * A simple type name, looked up as javac does: the class and its enclosing classes and their
   * members, single-type imports, the package, on-demand imports, then {@code java.lang}.
   */
  private TypeElement resolveSimpleType(String name) {
    for (Element e = context.owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getSimpleName().contentEquals(name)) {
        return (TypeElement) e;
      }
      for (TypeElement inner : ElementFilter.typesIn(e.getEnclosedElements())) {
        if (inner.getSimpleName().contentEquals(name)) {
          return inner;
        }
      }
    }
    for (ImportTree imp : context.unit.getImports()) {
      if (imp.isStatic()) {
        continue;
      }
      String q = imp.getQualifiedIdentifier().toString();
      if (q.endsWith("." + name)) {
        TypeElement te = context.elements.getTypeElement(q);
        if (te != null) {
          return te;
        }
      }
    }
    String pkg = context.unit.getPackageName() == null ? "" : context.unit.getPackageName().toString();
    TypeElement same = context.elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
    if (same != null) {
      return same;
    }
    for (ImportTree imp : context.unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith(".*")) {
        TypeElement te = context.elements.getTypeElement(q.substring(0, q.length() - 1) + name);
        if (te != null) {
          return te;
        }
      }
    }
    return context.elements.getTypeElement("java.lang." + name);
  }
}
