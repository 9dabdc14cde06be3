package io.github.chainrule.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.processor.ir.ClassRef;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.UserAdjoint;
import io.github.chainrule.processor.ir.Var;
import io.github.chainrule.processor.ir.Walk;
import io.github.chainrule.processor.reverse.AdjointProgram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the companion class {@code Model_Grad} of a class {@code Model}: for each differentiable
 * method, a gradient holder and the methods that fill it (see the design notes for the contract).
 */
public final class CompanionWriter {

  private static final String PROCESSOR = "io.github.chainrule.processor.ChainruleProcessor";
  private static final ClassName TAPE = ClassName.get("", "Tape");

  private CompanionWriter() {}

  /**
   * The companion of {@code owner}.
   *
   * @param isPublic whether the companion is public (as the class it belongs to)
   * @param generatedAnnotation whether to annotate it {@code @javax.annotation.processing.Generated}
   *     (false where the class's module does not read {@code java.compiler})
   * @param originating the elements the file is generated from, for incremental builds
   */
  public static JavaFile write(
      ClassRef owner,
      boolean isPublic,
      boolean generatedAnnotation,
      List<AdjointProgram> programs,
      List<? extends Element> originating) {
    ClassRef companion = owner.companion();
    ClassName companionName = CodePrinter.className(companion);
    TypeSpec.Builder type = TypeSpec.classBuilder(companionName).addModifiers(Modifier.FINAL);
    if (generatedAnnotation) {
      type.addAnnotation(
          AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
              .addMember("value", "$S", PROCESSOR)
              .build());
    }
    type.addJavadoc(
                "Gradients of the {@code @Differentiable} methods of {@link $T}, written by chainrule.\n",
                CodePrinter.className(owner))
            .addJavadoc(
                "\n<p>For each method {@code m}, {@code m(args)} returns a new holder with the value and the\n"
                    + "gradients, and {@code m(args, into)} adds the gradients into an existing holder ({@code +=}).\n")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    if (isPublic) {
      type.addModifiers(Modifier.PUBLIC);
    }
    for (Element e : originating) {
      type.addOriginatingElement(e);
    }
    boolean tape = false;
    for (AdjointProgram p : programs) {
      new MethodWriter(owner, p).writeTo(type);
      tape |= p.usesTape();
    }
    type.addMethod(
        MethodSpec.methodBuilder("zerosOf")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(double[].class)
            .addParameter(double[].class, "a")
            .addStatement("return new double[a.length]")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("zerosOf")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(double[][].class)
            .addParameter(double[][].class, "a")
            .addStatement("double[][] z = new double[a.length][]")
            .beginControlFlow("for (int i = 0; i < a.length; i++)")
            .addStatement("z[i] = a[i] == null ? null : new double[a[i].length]")
            .endControlFlow()
            .addStatement("return z")
            .build());
    if (programs.stream().anyMatch(p -> p.method().result().type().isArray())) {
      ShapeHelpers.addTo(type, programs.stream().anyMatch(p -> p.method().result().type().rank() == 2));
    }
    if (tape) {
      type.addType(TapeWriter.tape());
    }
    return JavaFile.builder(companion.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** A leaf of a differentiable parameter that has a gradient: the variable and its holder field. */
  private record GradLeaf(Param param, Var var, List<String> path, String field) {}

  /** Writes one method's holder and methods. */
  private static final class MethodWriter {
    private final ClassRef owner;
    private final AdjointProgram program;
    private final Method method;
    private final ClassName holder;
    private final List<GradLeaf> leaves = new ArrayList<>();
    private final Set<String> fieldNames = new LinkedHashSet<>();

    MethodWriter(ClassRef owner, AdjointProgram program) {
      this.owner = owner;
      this.program = program;
      this.method = program.method();
      this.holder = CodePrinter.className(owner.companion()).nestedClass(method.holderName());
      fieldNames.add("value");
      fieldNames.add("tape");
      for (Param p : method.params()) {
        if (!p.differentiable()) {
          continue;
        }
        if (p.isRecord()) {
          collect(p, p.record(), List.of(p.name()));
        } else {
          leaves.add(new GradLeaf(p, p.var(), List.of(p.name()), field(p.name())));
        }
      }
    }

    private void collect(Param p, RecordNode node, List<String> path) {
      for (RecordNode.Component c : node.components()) {
        List<String> sub = new ArrayList<>(path);
        sub.add(c.name());
        if (c.nested() != null) {
          collect(p, c.nested(), sub);
        } else if (c.leaf().type().isDifferentiable()) {
          leaves.add(new GradLeaf(p, c.leaf(), sub, field(String.join("_", sub))));
        }
      }
    }

    private String field(String base) {
      String n = base;
      int k = 2;
      while (!fieldNames.add(n)) {
        n = base + k++;
      }
      return n;
    }

    void writeTo(TypeSpec.Builder type) {
      type.addType(holderType());
      String ref = "{@link " + owner.simpleNames().get(owner.simpleNames().size() - 1) + "#" + method.name() + "}";
      List<ParameterSpec> params = new ArrayList<>();
      List<String> argNames = new ArrayList<>();
      for (Param p : method.params()) {
        params.add(ParameterSpec.builder(typeName(p), p.name()).build());
        argNames.add(p.name());
      }
      String args = String.join(", ", argNames);
      String sep = argNames.isEmpty() ? "" : ", ";
      Namer outer = new Namer();
      argNames.forEach(outer::reserve);
      String into = outer.scoped("into");
      String seed = outer.scoped("seed");
      String h = outer.scoped("grad");

      Type result = method.result().type();
      if (result.isArray()) {
        String upstream = outer.scoped("upstream");
        type.addMethod(
            MethodSpec.methodBuilder(method.name())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc(
                    "Computes " + ref + " and the vector-Jacobian product of {@code $L} with it: the gradient\n"
                        + "of {@code sum(value * $L)} with respect to every differentiable parameter.\n",
                    upstream,
                    upstream)
                .addJavadoc("\n@param $L the gradient of some scalar with respect to the value, shaped like it\n", upstream)
                .addJavadoc("@return a new holder with the value and the gradients\n")
                .returns(holder)
                .addParameters(params)
                .addParameter(typeName(result), upstream)
                .addStatement("$T $L = $T.zerosLike($L)", holder, h, holder, args)
                .addStatement("$L($L$L$L, $L)", method.name(), args, sep, upstream, h)
                .addStatement("return $L", h)
                .build());
      } else {
        type.addMethod(
            MethodSpec.methodBuilder(method.name())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Computes " + ref + " and its gradient with respect to every differentiable parameter.\n")
                .addJavadoc("\n@return a new holder with the value and the gradients\n")
                .returns(holder)
                .addParameters(params)
                .addStatement("$T $L = $T.zerosLike($L)", holder, h, holder, args)
                .addStatement("$L($L$L1.0, $L)", method.name(), args, sep, h)
                .addStatement("return $L", h)
                .build());
        type.addMethod(
            MethodSpec.methodBuilder(method.name())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Computes " + ref + " and adds its gradient into {@code $L} ({@code +=}).\n", into)
                .addJavadoc("\n@return the value\n")
                .returns(double.class)
                .addParameters(params)
                .addParameter(holder, into)
                .addStatement("return $L($L$L1.0, $L)", method.name(), args, sep, into)
                .build());
      }
      type.addMethod(core(params));
    }

    private TypeName typeName(Param p) {
      if (p.isRecord()) {
        return CodePrinter.className(p.recordType());
      }
      return typeName(p.var().type());
    }

    private static TypeName typeName(Type t) {
      TypeName base;
      switch (t.base()) {
        case DOUBLE:
          base = TypeName.DOUBLE;
          break;
        case INT:
          base = TypeName.INT;
          break;
        case LONG:
          base = TypeName.LONG;
          break;
        default:
          base = TypeName.BOOLEAN;
          break;
      }
      for (int i = 0; i < t.rank(); i++) {
        base = ArrayTypeName.of(base);
      }
      return base;
    }

    /** The method that runs both sweeps: {@code m(args, seed, into)}. */
    private MethodSpec core(List<ParameterSpec> params) {
      Namer namer = new Namer();
      for (Param p : method.params()) {
        if (p.isRecord()) {
          namer.reserve(p.name());
        } else {
          namer.reserve(p.var(), p.name());
        }
      }
      String into = namer.scoped("into");
      namer.reserve(program.holder(), into);
      String seed = namer.scoped(program.seed().name());
      namer.reserve(program.seed(), seed);
      Type result = method.result().type();
      String tapeName = program.usesTape() ? namer.scoped("tape") : "tape";
      CodePrinter printer = new CodePrinter(namer, tapeName);

      CodeBlock.Builder body = CodeBlock.builder();
      for (GradLeaf leaf : leaves) {
        if (leaf.var().type().isArray()) {
          body.beginControlFlow("if ($L.$L == null)", into, leaf.field())
              .addStatement("$L.$L = zerosOf($L)", into, leaf.field(), access(leaf.path()))
              .endControlFlow();
        }
      }
      if (program.userAdjoint() != null) {
        userAdjoint(namer, into, seed, body);
        return signature(params, seed, into).addCode(body.build()).build();
      }
      if (program.usesTape()) {
        body.addStatement("$T $L = $L.tape", TAPE, tapeName, into).addStatement("$L.reset()", tapeName);
      }
      // Record components are read once, into locals named after them.
      for (Param p : method.params()) {
        if (p.isRecord()) {
          bindLeaves(p.record(), List.of(p.name()), namer, body);
        }
      }
      // Gradient buffers: the holder's arrays, local accumulators for scalars.
      Map<Var, GradLeaf> leafOf = new IdentityHashMap<>();
      for (GradLeaf leaf : leaves) {
        leafOf.put(leaf.var(), leaf);
      }
      Set<Var> paramVars = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Param p : method.params()) {
        paramVars.addAll(p.isRecord() ? p.record().leaves() : List.of(p.var()));
      }
      List<Stmt> finish = new ArrayList<>();
      for (Map.Entry<Var, Var> e : program.adjoints().entrySet()) {
        Var primal = e.getKey();
        if (!paramVars.contains(primal)) {
          continue;
        }
        GradLeaf leaf = leafOf.get(primal);
        String name = namer.name(e.getValue());
        TypeName t = typeName(primal.type());
        if (leaf != null && primal.type().isArray()) {
          body.addStatement("$T $L = $L.$L", t, name, into, leaf.field());
        } else if (primal.type().isArray()) {
          body.addStatement("$T $L = zerosOf($L)", t, name, namer.name(primal));
        } else {
          body.addStatement("$T $L = 0.0", t, name);
          if (leaf != null) {
            finish.add(new Stmt.Raw("$N.$N += $N", List.of(program.holder(), leaf.field(), e.getValue()), null));
          }
        }
      }
      // Every other variable is declared up front: both sweeps use it.
      for (Var v : hoisted(paramVars)) {
        body.addStatement("$T $L = $L", typeName(v.type()), namer.name(v), zero(v.type()));
      }
      body.add("\n// Forward sweep\n");
      printer.block(program.forward(), body);
      // The backward sweep restores what the forward sweep overwrote, the result included.
      String resultName = namer.name(method.result());
      if (program.usesTape()) {
        String value = namer.scoped("value");
        body.addStatement(
            result.isArray() ? "$T $L = copyOf($L)" : "$T $L = $L", typeName(result), value, resultName);
        resultName = value;
      }
      body.add("\n// Backward sweep\n");
      printer.block(program.backward(), body);
      body.add("\n");
      for (Stmt s : finish) {
        printer.stmt(s, body);
      }
      body.addStatement("$L.value = $L", into, resultName);
      body.addStatement("return $L", resultName);
      return signature(params, seed, into).addCode(body.build()).build();
    }

    /** The body that calls a hand-written adjoint: value from the method, gradients from the adjoint. */
    private void userAdjoint(Namer namer, String into, String seed, CodeBlock.Builder body) {
      UserAdjoint adjoint = program.userAdjoint();
      List<String> args = new ArrayList<>();
      for (Param p : method.params()) {
        args.add(p.name());
      }
      String value = namer.scoped("value");
      Type result = method.result().type();
      body.addStatement(
          "$T $L = $T.$L($L)",
          typeName(result),
          value,
          CodePrinter.className(owner),
          method.name(),
          String.join(", ", args));
      if (result.isArray()) {
        body.addStatement("requireSameShape($L, $L)", value, seed);
      }
      List<String> adjointArgs = new ArrayList<>(args);
      if (adjoint.takesResult()) {
        adjointArgs.add(value);
      }
      adjointArgs.add(seed);
      List<String> scalars = new ArrayList<>();
      for (Param p : method.params()) {
        if (!p.differentiable()) {
          continue;
        }
        if (p.isRecord()) {
          adjointArgs.add(recordOf(p.record(), List.of(p.name()), into + ".").toString());
        } else if (p.var().type().isArray()) {
          adjointArgs.add(into + "." + leafField(List.of(p.name())));
        } else {
          scalars.add(leafField(List.of(p.name())));
        }
      }
      CodeBlock call =
          CodeBlock.of("$T.$L($L)", CodePrinter.className(adjoint.owner()), adjoint.name(), String.join(", ", adjointArgs));
      if (scalars.isEmpty()) {
        body.addStatement("$L", call);
      } else if (scalars.size() == 1) {
        body.addStatement("$L.$L += $L", into, scalars.get(0), call);
      } else {
        String grads = namer.scoped("grads");
        body.addStatement("double[] $L = $L", grads, call);
        for (int k = 0; k < scalars.size(); k++) {
          body.addStatement("$L.$L += $L[$L]", into, scalars.get(k), grads, k);
        }
      }
      body.addStatement("$L.value = $L", into, value);
      body.addStatement("return $L", value);
    }

    private MethodSpec.Builder signature(List<ParameterSpec> params, String seed, String into) {
      Type result = method.result().type();
      String simple = owner.simpleNames().get(owner.simpleNames().size() - 1);
      MethodSpec.Builder spec = MethodSpec.methodBuilder(method.name()).addModifiers(Modifier.PUBLIC, Modifier.STATIC);
      if (result.isArray()) {
        spec.addJavadoc(
            "The pullback of {@link $L#$L}: computes the value and adds the vector-Jacobian product of\n"
                + "{@code $L} (the gradient of some scalar with respect to the value) into {@code $L}. This is the\n"
                + "entry point other differentiable methods call; {@code $L} is not modified.\n",
            simple,
            method.name(),
            seed,
            into,
            seed);
      } else {
        spec.addJavadoc(
            "The pullback of {@link $L#$L}: computes the value and adds {@code $L} times its gradient into\n"
                + "{@code $L}. This is the entry point other differentiable methods call, with the gradient of\n"
                + "their result with respect to this value as {@code $L}.\n",
            simple,
            method.name(),
            seed,
            into,
            seed);
      }
      return spec
          .addJavadoc("\n@return the value\n")
          .returns(typeName(result))
          .addParameters(params)
          .addParameter(typeName(result), seed)
          .addParameter(holder, into);
    }

    private void bindLeaves(RecordNode node, List<String> path, Namer namer, CodeBlock.Builder body) {
      for (RecordNode.Component c : node.components()) {
        List<String> sub = new ArrayList<>(path);
        sub.add(c.name());
        if (c.nested() != null) {
          bindLeaves(c.nested(), sub, namer, body);
        } else {
          body.addStatement("$T $L = $L", typeName(c.leaf().type()), namer.name(c.leaf()), access(sub));
        }
      }
    }

    /** {@code p.inner().v()} for the path {@code [p, inner, v]}. */
    private static String access(List<String> path) {
      StringBuilder sb = new StringBuilder(path.get(0));
      for (int i = 1; i < path.size(); i++) {
        sb.append('.').append(path.get(i)).append("()");
      }
      return sb.toString();
    }

    private static String zero(Type t) {
      if (t.isArray()) {
        return "null";
      }
      switch (t.base()) {
        case DOUBLE:
          return "0.0";
        case LONG:
          return "0L";
        case BOOLEAN:
          return "false";
        default:
          return "0";
      }
    }

    /** The variables both sweeps share, in order of first appearance. */
    private List<Var> hoisted(Set<Var> paramVars) {
      Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      List<Var> primal = new ArrayList<>();
      List<Var> generated = new ArrayList<>();
      VarCollector c =
          v -> {
            if (paramVars.contains(v) || v == program.holder() || v == program.seed() || !seen.add(v)) {
              return;
            }
            if (v.isAdjoint() && paramVars.contains(v.primal())) {
              return;
            }
            if (v.role() == Var.Role.LOCAL) {
              primal.add(v);
            } else {
              generated.add(v);
            }
          };
      Set<Var> scoped = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Stmt sweep : List.of(program.forward(), program.backward())) {
        Walk.stmts(
            sweep,
            st -> {
              if (st instanceof Stmt.Let) {
                scoped.add(((Stmt.Let) st).var());
              }
            });
        Walk.exprs(
            sweep,
            e -> {
              if (e instanceof Expr.Ref && ((Expr.Ref) e).var().type().base() != Type.Base.RECORD) {
                c.accept(((Expr.Ref) e).var());
              }
            });
      }
      List<Var> all = new ArrayList<>(primal);
      for (Var v : generated) {
        if (!scoped.contains(v) && v.type().base() != Type.Base.RECORD) {
          all.add(v);
        }
      }
      all.removeIf(scoped::contains);
      // Adjoints of locals follow their primals, for readability.
      Map<Var, Var> adj = new LinkedHashMap<>(program.adjoints());
      List<Var> ordered = new ArrayList<>();
      for (Var v : all) {
        if (!v.isAdjoint()) {
          ordered.add(v);
          Var a = adj.get(v);
          if (a != null && all.contains(a)) {
            ordered.add(a);
          }
        }
      }
      for (Var v : all) {
        if (v.isAdjoint() && !ordered.contains(v)) {
          ordered.add(v);
        }
      }
      return ordered;
    }

    private interface VarCollector {
      void accept(Var v);
    }

    // -------------------------------------------------------------------------------------------
    // The holder

    private TypeSpec holderType() {
      TypeSpec.Builder h =
          TypeSpec.classBuilder(holder)
              .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "The value and gradients of {@link $L#$L}, each gradient shaped like its parameter.\n",
                  owner.simpleNames().get(owner.simpleNames().size() - 1),
                  method.name());
      if (program.usesTape()) {
        h.addField(
            FieldSpec.builder(TAPE, "tape", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T()", TAPE)
                .build());
      }
      h.addField(typeName(method.result().type()), "value", Modifier.PRIVATE);
      for (GradLeaf leaf : leaves) {
        h.addField(typeName(leaf.var().type()), leaf.field(), Modifier.PRIVATE);
      }
      for (AdjointProgram.Workspace w : program.workspaces()) {
        h.addField(workspaceType(w), w.method(), Modifier.PRIVATE);
      }
      for (int slot = 0; slot < program.zeroCaches().size(); slot++) {
        h.addField(typeName(program.zeroCaches().get(slot)), "zerosCache" + slot, Modifier.PRIVATE);
      }
      h.addMethod(
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc(
                  "An empty holder; its gradient arrays are allocated, shaped like the arguments, by the\n"
                      + "first call that fills it.\n")
              .build());
      // zerosLike(args)
      MethodSpec.Builder zeros =
          MethodSpec.methodBuilder("zerosLike")
              .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
              .addJavadoc("A holder whose gradients are zero and shaped like the given arguments.\n")
              .returns(holder);
      for (Param p : method.params()) {
        zeros.addParameter(typeName(p), p.name());
      }
      Namer zerosNames = new Namer();
      method.params().forEach(p -> zerosNames.reserve(p.name()));
      String made = zerosNames.scoped("grad");
      zeros.addStatement("$T $L = new $T()", holder, made, holder);
      for (GradLeaf leaf : leaves) {
        if (leaf.var().type().isArray()) {
          zeros.addStatement("$L.$L = zerosOf($L)", made, leaf.field(), access(leaf.path()));
        }
      }
      zeros.addStatement("return $L", made);
      h.addMethod(zeros.build());
      // zerosLike(differentiable args): what the gradients' shapes depend on, no data
      List<Param> shaping = method.params().stream().filter(Param::differentiable).toList();
      if (shaping.size() < method.params().size()) {
        MethodSpec.Builder byShape =
            MethodSpec.methodBuilder("zerosLike")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc(
                    "A holder whose gradients are zero and shaped like the given arguments: the\n"
                        + "differentiable parameters, which are all the gradients' shapes depend on.\n")
                .returns(holder);
        for (Param p : shaping) {
          byShape.addParameter(typeName(p), p.name());
        }
        byShape.addStatement("$T $L = new $T()", holder, made, holder);
        for (GradLeaf leaf : leaves) {
          if (leaf.var().type().isArray()) {
            byShape.addStatement("$L.$L = zerosOf($L)", made, leaf.field(), access(leaf.path()));
          }
        }
        byShape.addStatement("return $L", made);
        h.addMethod(byShape.build());
      }
      h.addMethod(
          MethodSpec.methodBuilder("value")
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc("The value of the last call.\n")
              .returns(typeName(method.result().type()))
              .addStatement("return value")
              .build());
      for (Param p : method.params()) {
        if (!p.differentiable()) {
          continue;
        }
        MethodSpec.Builder acc =
            MethodSpec.methodBuilder(p.name())
                .addModifiers(Modifier.PUBLIC)
                .returns(typeName(p))
                .addJavadoc("The gradient with respect to {@code $L}, shaped like it.\n", p.name());
        if (p.isRecord()) {
          acc.addStatement("return $L", recordOf(p.record(), List.of(p.name())));
        } else {
          acc.addStatement("return $L", leafField(List.of(p.name())));
        }
        h.addMethod(acc.build());
      }
      MethodSpec.Builder zero =
          MethodSpec.methodBuilder("zero")
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc("Clears the gradients, keeping their arrays.\n");
      for (GradLeaf leaf : leaves) {
        Type t = leaf.var().type();
        if (t.rank() == 0) {
          zero.addStatement("$L = 0.0", leaf.field());
        } else if (t.rank() == 1) {
          zero.beginControlFlow("if ($L != null)", leaf.field())
              .addStatement("$T.fill($L, 0.0)", java.util.Arrays.class, leaf.field())
              .endControlFlow();
        } else {
          zero.beginControlFlow("if ($L != null)", leaf.field())
              .beginControlFlow("for (double[] row : $L)", leaf.field())
              .addStatement("$T.fill(row, 0.0)", java.util.Arrays.class)
              .endControlFlow()
              .endControlFlow();
        }
      }
      h.addMethod(zero.build());
      // rebind: used by the companions of calling methods
      MethodSpec.Builder rebind =
          MethodSpec.methodBuilder("rebind")
              .addModifiers(Modifier.PUBLIC)
              .returns(holder)
              .addJavadoc(
                  "Makes this holder accumulate array gradients into the given arrays (in parameter order)\n"
                      + "and clears its scalar gradients. Generated companions of calling methods use it to pull\n"
                      + "gradients back through {@link $L#$L} into their own buffers.\n",
                  owner.simpleNames().get(owner.simpleNames().size() - 1),
                  method.name())
              .addJavadoc("\n@return this holder\n");
      for (GradLeaf leaf : leaves) {
        if (leaf.var().type().isArray()) {
          rebind.addParameter(typeName(leaf.var().type()), leaf.field());
          rebind.addStatement("this.$L = $L", leaf.field(), leaf.field());
        } else {
          rebind.addStatement("this.$L = 0.0", leaf.field());
        }
      }
      rebind.addStatement("return this");
      h.addMethod(rebind.build());
      for (int slot = 0; slot < program.zeroCaches().size(); slot++) {
        Type t = program.zeroCaches().get(slot);
        MethodSpec.Builder cached =
            MethodSpec.methodBuilder("zeros" + slot)
                .returns(typeName(t))
                .addParameter(typeName(t), "like")
                .addJavadoc("A zero array shaped like {@code like}, the same one call after call when it fits.\n");
        if (t.rank() == 1) {
          cached.beginControlFlow("if (zerosCache$L == null || zerosCache$L.length != like.length)", slot, slot)
              .addStatement("zerosCache$L = new double[like.length]", slot)
              .nextControlFlow("else")
              .addStatement("$T.fill(zerosCache$L, 0.0)", java.util.Arrays.class, slot)
              .endControlFlow();
        } else {
          cached.beginControlFlow("if (zerosCache$L == null || zerosCache$L.length != like.length)", slot, slot)
              .addStatement("zerosCache$L = new double[like.length][]", slot)
              .endControlFlow()
              .beginControlFlow("for (int i = 0; i < like.length; i++)")
              .beginControlFlow("if (like[i] == null)")
              .addStatement("zerosCache$L[i] = null", slot)
              .nextControlFlow("else if (zerosCache$L[i] == null || zerosCache$L[i].length != like[i].length)", slot, slot)
              .addStatement("zerosCache$L[i] = new double[like[i].length]", slot)
              .nextControlFlow("else")
              .addStatement("$T.fill(zerosCache$L[i], 0.0)", java.util.Arrays.class, slot)
              .endControlFlow()
              .endControlFlow();
        }
        h.addMethod(cached.addStatement("return zerosCache$L", slot).build());
      }
      for (AdjointProgram.Workspace w : program.workspaces()) {
        TypeName wt = workspaceType(w);
        h.addMethod(
            MethodSpec.methodBuilder(w.method())
                .returns(wt)
                .addJavadoc("The holder used to pull gradients back through {@code $L}.\n", w.callee())
                .beginControlFlow("if ($L == null)", w.method())
                .addStatement("$L = new $T()", w.method(), wt)
                .endControlFlow()
                .addStatement("return $L", w.method())
                .build());
      }
      return h.build();
    }

    private static TypeName workspaceType(AdjointProgram.Workspace w) {
      return CodePrinter.className(w.callee().owner().companion()).nestedClass(w.callee().holderName());
    }

    private String leafField(List<String> path) {
      for (GradLeaf leaf : leaves) {
        if (leaf.path().equals(path)) {
          return leaf.field();
        }
      }
      return null;
    }

    private CodeBlock recordOf(RecordNode node, List<String> path) {
      return recordOf(node, path, "");
    }

    private CodeBlock recordOf(RecordNode node, List<String> path, String prefix) {
      List<CodeBlock> args = new ArrayList<>();
      for (RecordNode.Component c : node.components()) {
        List<String> sub = new ArrayList<>(path);
        sub.add(c.name());
        if (c.nested() != null) {
          args.add(recordOf(c.nested(), sub, prefix));
        } else {
          String f = leafField(sub);
          args.add(CodeBlock.of("$L", f != null ? prefix + f : zero(c.leaf().type())));
        }
      }
      return CodeBlock.of("new $T($L)", CodePrinter.className(node.type()), CodeBlock.join(args, ", "));
    }
  }
}
