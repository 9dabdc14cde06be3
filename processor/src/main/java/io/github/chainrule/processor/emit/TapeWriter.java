package io.github.chainrule.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@code Tape} nested in a companion: growable stacks of primitives on which the forward
 * sweep saves overwritten values, branch directions and trip counts, and from which the backward
 * sweep takes them back. Each holder owns one, so a holder reused across calls allocates nothing
 * once its stacks have grown to the size a call needs.
 */
final class TapeWriter {
  private static final TypeName OBJECT = com.palantir.javapoet.ClassName.get(Object.class);

  private TapeWriter() {}

  static TypeSpec tape() {
    TypeSpec.Builder t =
        TypeSpec.classBuilder("Tape")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Stacks of the values the backward sweep needs back, last in first out.\n");
    stack(t, "Double", TypeName.DOUBLE, "doubles");
    stack(t, "Long", TypeName.LONG, "longs");
    stack(t, "Int", TypeName.INT, "ints");
    stack(t, "Array", OBJECT, "arrays");
    t.addMethod(
        MethodSpec.methodBuilder("pushBoolean")
            .addParameter(TypeName.BOOLEAN, "v")
            .addStatement("pushInt(v ? 1 : 0)")
            .build());
    t.addMethod(
        MethodSpec.methodBuilder("popBoolean")
            .returns(TypeName.BOOLEAN)
            .addStatement("return popInt() != 0")
            .build());
    t.addMethod(
        MethodSpec.methodBuilder("reset")
            .addJavadoc("Empties the stacks (a call that threw may have left values behind).\n")
            .addStatement("doublesTop = 0")
            .addStatement("longsTop = 0")
            .addStatement("intsTop = 0")
            .addStatement("$T.fill(arrays, 0, arraysTop, null)", Arrays.class)
            .addStatement("arraysTop = 0")
            .build());
    return t.build();
  }

  private static void stack(TypeSpec.Builder t, String kind, TypeName element, String field) {
    TypeName array = ArrayTypeName.of(element);
    t.addField(
        FieldSpec.builder(array, field, Modifier.PRIVATE)
            .initializer("new $T[64]", element)
            .build());
    t.addField(TypeName.INT, field + "Top", Modifier.PRIVATE);
    t.addMethod(
        MethodSpec.methodBuilder("push" + kind)
            .addParameter(element, "v")
            .beginControlFlow("if ($LTop == $L.length)", field, field)
            .addStatement("$L = $T.copyOf($L, 2 * $L.length)", field, Arrays.class, field, field)
            .endControlFlow()
            .addStatement("$L[$LTop++] = v", field, field)
            .build());
    MethodSpec.Builder pop = MethodSpec.methodBuilder("pop" + kind).returns(element);
    if (element.equals(OBJECT)) {
      pop.addStatement("$T v = $L[--$LTop]", element, field, field)
          .addStatement("$L[$LTop] = null", field, field)
          .addStatement("return v");
    } else {
      pop.addStatement("return $L[--$LTop]", field, field);
    }
    t.addMethod(pop.build());
  }
}
