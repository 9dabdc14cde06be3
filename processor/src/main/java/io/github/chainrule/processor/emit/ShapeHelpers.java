package io.github.chainrule.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * The private helpers of a companion whose methods return arrays: checking an upstream gradient
 * against the value's shape, adding it into the value's adjoint, and copying a value.
 */
final class ShapeHelpers {

  private ShapeHelpers() {}

  static void addTo(TypeSpec.Builder type, boolean matrices) {
    type.addMethod(
        MethodSpec.methodBuilder("requireSameShape")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(double[].class, "value")
            .addParameter(double[].class, "upstream")
            .beginControlFlow("if (upstream.length != value.length)")
            .addStatement(
                "throw new $T($S + upstream.length + $S + value.length)",
                IllegalArgumentException.class,
                "upstream gradient has length ",
                " but the value has length ")
            .endControlFlow()
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("addInto")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(double[].class, "adjoint")
            .addParameter(double[].class, "upstream")
            .addStatement("requireSameShape(adjoint, upstream)")
            .beginControlFlow("for (int i = 0; i < adjoint.length; i++)")
            .addStatement("adjoint[i] += upstream[i]")
            .endControlFlow()
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("copyOf")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(double[].class)
            .addParameter(double[].class, "value")
            .addStatement("return value.clone()")
            .build());
    if (!matrices) {
      return;
    }
    type.addMethod(
        MethodSpec.methodBuilder("requireSameShape")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(double[][].class, "value")
            .addParameter(double[][].class, "upstream")
            .beginControlFlow("if (upstream.length != value.length)")
            .addStatement(
                "throw new $T($S + upstream.length + $S + value.length + $S)",
                IllegalArgumentException.class,
                "upstream gradient has ",
                " rows but the value has ",
                "")
            .endControlFlow()
            .beginControlFlow("for (int i = 0; i < value.length; i++)")
            .beginControlFlow("if (upstream[i].length != value[i].length)")
            .addStatement(
                "throw new $T($S + i + $S + upstream[i].length + $S + value[i].length)",
                IllegalArgumentException.class,
                "upstream gradient row ",
                " has length ",
                " but the value's has length ")
            .endControlFlow()
            .endControlFlow()
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("addInto")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(double[][].class, "adjoint")
            .addParameter(double[][].class, "upstream")
            .addStatement("requireSameShape(adjoint, upstream)")
            .beginControlFlow("for (int i = 0; i < adjoint.length; i++)")
            .addStatement("addInto(adjoint[i], upstream[i])")
            .endControlFlow()
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("copyOf")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(double[][].class)
            .addParameter(double[][].class, "value")
            .addStatement("double[][] copy = new double[value.length][]")
            .beginControlFlow("for (int i = 0; i < value.length; i++)")
            .addStatement("copy[i] = value[i] == null ? null : value[i].clone()")
            .endControlFlow()
            .addStatement("return copy")
            .build());
  }
}
