package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.github.chainrule.processor.ir.ArgList;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/** Prints IR statements and expressions as Java, with the fewest parentheses that keep the meaning. */
final class CodePrinter {

  private static final int PRIMARY = 16;
  private static final int UNARY = 14;
  private static final int CONDITIONAL = 2;

  private final Namer namer;
  private final String tape;

  CodePrinter(Namer namer, String tape) {
    this.namer = namer;
    this.tape = tape;
  }

  static ClassName className(ClassRef ref) {
    List<String> names = ref.simpleNames();
    return ClassName.get(
        ref.packageName(), names.get(0), names.subList(1, names.size()).toArray(new String[0]));
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  void block(Stmt.Block block, CodeBlock.Builder out) {
    for (Stmt s : block.stmts()) {
      stmt(s, out);
    }
  }

  void stmt(Stmt s, CodeBlock.Builder out) {
    if (s instanceof Stmt.Assign) {
      assign((Stmt.Assign) s, out);
    } else if (s instanceof Stmt.Accumulate) {
      Stmt.Accumulate a = (Stmt.Accumulate) s;
      out.addStatement("$L += $L", expr(a.target()), expr(a.value()));
    } else if (s instanceof Stmt.Let) {
      Stmt.Let l = (Stmt.Let) s;
      CodeBlock value = expr(l.value());
      out.addStatement("$L $L = $L", l.var().type().javaName(), namer.nameScoped(l.var()), value);
    } else if (s instanceof Stmt.Block) {
      Stmt.Block b = (Stmt.Block) s;
      boolean scoped = b.stmts().stream().anyMatch(c -> c instanceof Stmt.Let || c instanceof Stmt.Raw);
      if (scoped) {
        out.add("{\n").indent();
        namer.openScope();
        block(b, out);
        namer.closeScope();
        out.unindent().add("}\n");
      } else {
        block(b, out);
      }
    } else if (s instanceof Stmt.If) {
      ifStmt((Stmt.If) s, out);
    } else if (s instanceof Stmt.Loop) {
      Stmt.Loop l = (Stmt.Loop) s;
      if (l.kind() == Stmt.Loop.Kind.WHILE) {
        out.beginControlFlow("while ($L)", expr(l.cond()));
        body(l.body(), out);
        out.endControlFlow();
      } else {
        out.beginControlFlow("do");
        body(l.body(), out);
        out.endControlFlow("while ($L)", expr(l.cond()));
      }
    } else if (s instanceof Stmt.Repeat) {
      Stmt.Repeat r = (Stmt.Repeat) s;
      namer.openScope();
      String n = namer.scoped("trip");
      out.beginControlFlow("for (int $L = $L; $L > 0; $L--)", n, expr(r.count()), n, n);
      body(r.body(), out);
      out.endControlFlow();
      namer.closeScope();
    } else if (s instanceof Stmt.Push) {
      Expr v = ((Stmt.Push) s).value();
      out.addStatement("$L.$L($L)", tape, pushMethod(v.type()), expr(v));
    } else if (s instanceof Stmt.Comment) {
      out.add("// $L\n", ((Stmt.Comment) s).text());
    } else if (s instanceof Stmt.Raw) {
      Stmt.Raw r = (Stmt.Raw) s;
      out.addStatement(raw(r.javaFormat(), r.args()));
    } else {
      throw new IllegalStateException("cannot print " + s);
    }
  }

  /** Prints {@code x = x + e} as {@code x += e} and {@code i = i + 1} as {@code i++}, as people write them. */
  private void assign(Stmt.Assign a, CodeBlock.Builder out) {
    if (a.value() instanceof Expr.Binary) {
      Expr.Binary b = (Expr.Binary) a.value();
      if (b.op().isArithmetic() && b.left().equals(a.target()) && b.type().equals(a.target().type())) {
        if (!b.type().isDifferentiable()
            && b.right() instanceof Expr.Literal
            && ((Expr.Literal) b.right()).text().equals("1")
            && (b.op() == Expr.BinaryOp.ADD || b.op() == Expr.BinaryOp.SUB)) {
          out.addStatement("$L$L", expr(a.target()), b.op() == Expr.BinaryOp.ADD ? "++" : "--");
          return;
        }
        out.addStatement("$L $L= $L", expr(a.target()), b.op().symbol, expr(b.right()));
        return;
      }
    }
    out.addStatement("$L = $L", expr(a.target()), expr(a.value()));
  }

  private void body(Stmt.Block b, CodeBlock.Builder out) {
    namer.openScope();
    block(b, out);
    namer.closeScope();
  }

  private void ifStmt(Stmt.If f, CodeBlock.Builder out) {
    boolean thenEmpty = isEmpty(f.then());
    boolean elseEmpty = isEmpty(f.otherwise());
    if (thenEmpty && elseEmpty) {
      return;
    }
    if (thenEmpty) {
      out.beginControlFlow("if ($L)", negate(f.cond()));
      body(f.otherwise(), out);
      out.endControlFlow();
      return;
    }
    out.beginControlFlow("if ($L)", expr(f.cond()));
    body(f.then(), out);
    if (!elseEmpty) {
      if (f.otherwise().stmts().size() == 1 && f.otherwise().stmts().get(0) instanceof Stmt.If) {
        Stmt.If inner = (Stmt.If) f.otherwise().stmts().get(0);
        if (!isEmpty(inner.then())) {
          out.nextControlFlow("else if ($L)", expr(inner.cond()));
          body(inner.then(), out);
          if (!isEmpty(inner.otherwise())) {
            out.nextControlFlow("else");
            body(inner.otherwise(), out);
          }
          out.endControlFlow();
          return;
        }
      }
      out.nextControlFlow("else");
      body(f.otherwise(), out);
    }
    out.endControlFlow();
  }

  private static boolean isEmpty(Stmt.Block b) {
    for (Stmt s : b.stmts()) {
      if (!(s instanceof Stmt.Block) || !isEmpty((Stmt.Block) s)) {
        return false;
      }
    }
    return true;
  }

  private CodeBlock negate(Expr cond) {
    if (cond instanceof Expr.Unary && ((Expr.Unary) cond).op() == Expr.UnaryOp.NOT) {
      return expr(((Expr.Unary) cond).operand());
    }
    if (cond instanceof Expr.Pop) {
      return CodeBlock.of("!$L", expr(cond));
    }
    return CodeBlock.of("!$L", paren(cond, UNARY));
  }

  private static String pushMethod(Type t) {
    if (t.isArray() || t.base() == Type.Base.RECORD) {
      return "pushArray";
    }
    switch (t.base()) {
      case DOUBLE:
        return "pushDouble";
      case LONG:
        return "pushLong";
      case INT:
        return "pushInt";
      default:
        return "pushBoolean";
    }
  }

  private static String popMethod(Type t) {
    if (t.isArray()) {
      return "popArray";
    }
    switch (t.base()) {
      case DOUBLE:
        return "popDouble";
      case LONG:
        return "popLong";
      case INT:
        return "popInt";
      default:
        return "popBoolean";
    }
  }

  private CodeBlock raw(String format, List<Object> args) {
    List<Object> converted = new ArrayList<>();
    for (Object a : args) {
      converted.add(rawArg(a));
    }
    return CodeBlock.of(format, converted.toArray());
  }

  private Object rawArg(Object a) {
    if (a instanceof Var) {
      return namer.name((Var) a);
    }
    if (a instanceof ClassRef) {
      return className((ClassRef) a);
    }
    if (a instanceof Expr) {
      return expr((Expr) a);
    }
    if (a instanceof ArgList) {
      List<CodeBlock> items = new ArrayList<>();
      for (Object o : ((ArgList) a).items()) {
        Object c = rawArg(o);
        items.add(c instanceof CodeBlock ? (CodeBlock) c : CodeBlock.of("$L", c));
      }
      return CodeBlock.join(items, ", ");
    }
    return a;
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  CodeBlock expr(Expr e) {
    if (e instanceof Expr.Literal) {
      return CodeBlock.of("$L", ((Expr.Literal) e).text());
    }
    if (e instanceof Expr.Ref) {
      return CodeBlock.of("$L", namer.name(((Expr.Ref) e).var()));
    }
    if (e instanceof Expr.Index) {
      Expr.Index ix = (Expr.Index) e;
      return CodeBlock.of("$L[$L]", paren(ix.array(), PRIMARY), expr(ix.index()));
    }
    if (e instanceof Expr.Length) {
      return CodeBlock.of("$L.length", paren(((Expr.Length) e).array(), PRIMARY));
    }
    if (e instanceof Expr.Unary) {
      Expr.Unary u = (Expr.Unary) e;
      CodeBlock operand = paren(u.operand(), UNARY);
      String text = operand.toString();
      if ((u.op() == Expr.UnaryOp.NEG && text.startsWith("-")) || (u.op() == Expr.UnaryOp.PLUS && text.startsWith("+"))) {
        operand = CodeBlock.of("($L)", operand);
      }
      return CodeBlock.of("$L$L", u.op().symbol, operand);
    }
    if (e instanceof Expr.Binary) {
      Expr.Binary b = (Expr.Binary) e;
      int p = b.op().precedence;
      return CodeBlock.of("$L $L $L", paren(b.left(), p), b.op().symbol, paren(b.right(), p + 1));
    }
    if (e instanceof Expr.Conditional) {
      Expr.Conditional c = (Expr.Conditional) e;
      return CodeBlock.of(
          "$L ? $L : $L", paren(c.cond(), CONDITIONAL + 1), expr(c.then()), paren(c.otherwise(), CONDITIONAL));
    }
    if (e instanceof Expr.Cast) {
      Expr.Cast c = (Expr.Cast) e;
      return CodeBlock.of("($L) $L", c.type().javaName(), paren(c.operand(), UNARY));
    }
    if (e instanceof Expr.MathCall) {
      Expr.MathCall m = (Expr.MathCall) e;
      return CodeBlock.of(
          "$T.$L($L)", ClassName.get("java.lang", m.owner()), m.fn().javaName(), args(m.args()));
    }
    if (e instanceof Expr.Call) {
      Expr.Call c = (Expr.Call) e;
      return CodeBlock.of("$T.$L($L)", className(c.callee().owner()), c.callee().name(), args(c.args()));
    }
    if (e instanceof Expr.NewArray) {
      Expr.NewArray n = (Expr.NewArray) e;
      CodeBlock.Builder b = CodeBlock.builder().add("new $L", n.type().base().javaName());
      for (Expr d : n.dims()) {
        b.add("[$L]", expr(d));
      }
      for (int i = n.dims().size(); i < n.type().rank(); i++) {
        b.add("[]");
      }
      return b.build();
    }
    if (e instanceof Expr.ArrayLiteral) {
      return CodeBlock.of("new $L $L", e.type().javaName(), literalBody((Expr.ArrayLiteral) e));
    }
    if (e instanceof Expr.Pop) {
      Type t = e.type();
      if (t.isArray()) {
        return CodeBlock.of("($L) $L.$L()", t.javaName(), tape, popMethod(t));
      }
      return CodeBlock.of("$L.$L()", tape, popMethod(t));
    }
    if (e instanceof Expr.ZerosLike) {
      return CodeBlock.of("zerosOf($L)", expr(((Expr.ZerosLike) e).like()));
    }
    if (e instanceof Expr.Raw) {
      Expr.Raw r = (Expr.Raw) e;
      return raw(r.javaFormat(), r.args());
    }
    if (e instanceof Expr.RecordRef) {
      return CodeBlock.of("$L", ((Expr.RecordRef) e).node().sourcePath());
    }
    throw new IllegalStateException("cannot print " + e);
  }

  private CodeBlock literalBody(Expr.ArrayLiteral lit) {
    List<CodeBlock> items = new ArrayList<>();
    for (Expr el : lit.elements()) {
      items.add(el instanceof Expr.ArrayLiteral ? literalBody((Expr.ArrayLiteral) el) : expr(el));
    }
    return CodeBlock.of("{$L}", CodeBlock.join(items, ", "));
  }

  private CodeBlock args(List<Expr> args) {
    List<CodeBlock> items = new ArrayList<>();
    for (Expr a : args) {
      items.add(expr(a));
    }
    return CodeBlock.join(items, ", ");
  }

  private CodeBlock paren(Expr e, int min) {
    CodeBlock c = expr(e);
    return precedence(e) < min ? CodeBlock.of("($L)", c) : c;
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Binary) {
      return ((Expr.Binary) e).op().precedence;
    }
    if (e instanceof Expr.Conditional) {
      return CONDITIONAL;
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return UNARY;
    }
    if (e instanceof Expr.Literal && ((Expr.Literal) e).text().startsWith("-")) {
      return UNARY;
    }
    if (e instanceof Expr.Pop && e.type().isArray()) {
      return UNARY;
    }
    if (e instanceof Expr.NewArray || e instanceof Expr.ArrayLiteral) {
      return UNARY;
    }
    return PRIMARY;
  }
}
