package io.github.chainrule.processor.parse;

import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads declared signatures (of the method being differentiated and of its callees) into IR
 * parameters. Types here come from javac's symbols, which are complete before bodies are
 * attributed.
 */
public final class SignatureReader {

  /** Thrown when a type has no place in the supported subset; {@code what} says what it is. */
  static final class UnsupportedType extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedType(String what) {
      super(what, null, false, false);
    }
  }

  private SignatureReader() {}

  /** The IR type of a primitive or array of primitives, or null if it is none. */
  static Type plainType(TypeMirror t) {
    int rank = 0;
    while (t.getKind() == TypeKind.ARRAY) {
      rank++;
      t = ((ArrayType) t).getComponentType();
    }
    Type.Base base;
    switch (t.getKind()) {
      case DOUBLE:
        base = Type.Base.DOUBLE;
        break;
      case INT:
        base = Type.Base.INT;
        break;
      case LONG:
        base = Type.Base.LONG;
        break;
      case BOOLEAN:
        base = Type.Base.BOOLEAN;
        break;
      default:
        return null;
    }
    if (rank > 2) {
      return null;
    }
    return new Type(base, rank);
  }

  static boolean isRecord(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED
        && ((DeclaredType) t).asElement().getKind() == ElementKind.RECORD;
  }

  /** The class whose companion is written for {@code type}. */
  public static ClassRef companionOwner(TypeElement type) {
    return classRef(type);
  }

  static ClassRef classRef(TypeElement type) {
    List<String> names = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement) {
      names.add(0, e.getSimpleName().toString());
      e = e.getEnclosingElement();
    }
    String pkg = e instanceof PackageElement ? ((PackageElement) e).getQualifiedName().toString() : "";
    return new ClassRef(pkg, names);
  }

  /**
   * Reads the parameters of {@code method}; record parameters are flattened into leaves. A
   * parameter is a constant when marked {@code @NoGrad}, or when the method's
   * {@code @Differentiable(wrt = ...)} names parameters and not this one.
   */
  static List<Param> params(ExecutableElement method) throws UnsupportedTypeAt {
    List<Param> params = new ArrayList<>();
    Set<String> wrt = wrt(method);
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      boolean noGrad = p.getAnnotation(NoGrad.class) != null || (wrt != null && !wrt.contains(name));
      try {
        params.add(param(name, p.asType(), noGrad));
      } catch (UnsupportedType e) {
        throw new UnsupportedTypeAt(p, e.getMessage());
      }
    }
    return params;
  }

  /**
   * The names in the method's {@code @Differentiable(wrt = ...)}, or null when it names none (then
   * every parameter that can carry a gradient is differentiated). Read from the annotation, so a
   * callee in a jar is read as its own companion was written.
   */
  public static Set<String> wrt(ExecutableElement method) {
    List<String> names = wrtNames(method);
    return names.isEmpty() ? null : new LinkedHashSet<>(names);
  }

  /**
   * The names in {@code wrt}, as written (duplicates kept). Read from the annotation mirror rather
   * than through {@code Differentiable.wrt()}, so that an annotations jar older than the processor
   * (one without {@code wrt}) reads as "every parameter" instead of failing.
   */
  static List<String> wrtNames(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) a.getAnnotationType().asElement();
      if (!type.getQualifiedName().contentEquals(Differentiable.class.getName())) {
        continue;
      }
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : a.getElementValues().entrySet()) {
        if (v.getKey().getSimpleName().contentEquals("wrt") && v.getValue().getValue() instanceof List<?> items) {
          for (Object item : items) {
            names.add(String.valueOf(((AnnotationValue) item).getValue()));
          }
        }
      }
    }
    return names;
  }

  /** An unsupported parameter type, with the parameter it belongs to. */
  static final class UnsupportedTypeAt extends Exception {
    private static final long serialVersionUID = 1L;
    final transient VariableElement param;

    UnsupportedTypeAt(VariableElement param, String what) {
      super(what, null, false, false);
      this.param = param;
    }
  }

  static Param param(String name, TypeMirror type, boolean noGrad) throws UnsupportedType {
    Type plain = plainType(type);
    if (plain != null) {
      boolean differentiable = plain.isDifferentiable() && !noGrad;
      return new Param(name, plain.javaName(), null, differentiable, Var.of(name, plain, Var.Role.PARAM), null);
    }
    if (isRecord(type)) {
      TypeElement rec = (TypeElement) ((DeclaredType) type).asElement();
      RecordNode node = record(name, rec, noGrad);
      boolean differentiable = !noGrad && node.leaves().stream().anyMatch(v -> v.type().isDifferentiable());
      return new Param(name, rec.getQualifiedName().toString(), classRef(rec), differentiable, null, node);
    }
    throw new UnsupportedType(type.toString());
  }

  private static RecordNode record(String path, TypeElement rec, boolean noGrad) throws UnsupportedType {
    List<RecordNode.Component> components = new ArrayList<>();
    for (RecordComponentElement c : rec.getRecordComponents()) {
      String cname = c.getSimpleName().toString();
      TypeMirror ct = c.asType();
      Type plain = plainType(ct);
      if (plain != null) {
        components.add(new RecordNode.Component(cname, Var.of(cname, plain, Var.Role.RECORD_LEAF), null));
      } else if (isRecord(ct)) {
        TypeElement nested = (TypeElement) ((DeclaredType) ct).asElement();
        components.add(new RecordNode.Component(cname, null, record(path + "." + cname + "()", nested, noGrad)));
      } else {
        throw new UnsupportedType(ct + " (component " + cname + " of record " + rec.getSimpleName() + ")");
      }
    }
    return new RecordNode(path, classRef(rec), components);
  }
}
