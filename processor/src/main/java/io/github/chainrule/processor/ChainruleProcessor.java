package io.github.chainrule.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;
import io.github.chainrule.processor.analysis.Activity;
import io.github.chainrule.processor.analysis.Recording;
import io.github.chainrule.processor.diagnostics.Problem;
import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.emit.CompanionWriter;
import io.github.chainrule.processor.ir.Method;
import io.github.chainrule.processor.ir.Stmt;
import io.github.chainrule.processor.lower.AliasPropagation;
import io.github.chainrule.processor.lower.JumpLowering;
import io.github.chainrule.processor.parse.DerivativeReader;
import io.github.chainrule.processor.parse.MethodParser;
import io.github.chainrule.processor.parse.SignatureCheck;
import io.github.chainrule.processor.parse.SignatureReader;
import io.github.chainrule.processor.reverse.AdjointProgram;
import io.github.chainrule.processor.reverse.ReverseMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The chainrule annotation processor: for every class with {@code @Differentiable} methods, writes
 * the companion {@code <Class>_Grad} that computes their gradients.
 *
 * <p>Each method goes through the stages in order: {@code parse} (javac trees to the IR, rejecting
 * what is outside the supported subset), {@code lower} (jumps to flags), {@code analysis} (activity
 * and which values to save), {@code reverse} (the forward and backward sweeps) and {@code emit}
 * (Java source). All problems of a class are reported before anything is written; a class with
 * problems gets no companion.
 */
@AutoService(Processor.class)
// Only chainrule's own annotations, which it claims (process returns true): no other processor has
// a use for them, and javac's -Xlint:processing warns about annotations that no processor claims.
// Methods in local classes, which javac's annotation discovery does not see, are found by
// LocalClassProcessor, which supports "*" and claims nothing. @Generated is claimed too: the
// companions carry it, and the round that compiles them would warn about it otherwise; the
// annotation is kept in the source only, for tools that read sources, which no processor needs.
@SupportedAnnotationTypes({
  "io.github.chainrule.Differentiable",
  "io.github.chainrule.Derivative",
  "io.github.chainrule.NoGrad",
  "javax.annotation.processing.Generated"
})
@SupportedOptions(ChainruleProcessor.SCALAR_COMPONENTS)
public final class ChainruleProcessor extends AbstractProcessor {

  /**
   * {@code -Achainrule.scalarComponents=allow} lets a differentiated record have {@code double}
   * components, whose gradients the holder then reports as copies (for analysis, not training);
   * by default they are {@code [ChainruleScalarComponent]} errors, since no optimizer could train
   * them.
   */
  public static final String SCALAR_COMPONENTS = "chainrule.scalarComponents";

  private Trees trees;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException e) {
      // A build tool that wraps javac's processing environment (declaring the processor incremental
      // to Gradle does) hides the Tree API that chainrule reads method bodies with.
      trees = null;
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (trees == null) {
      if (!annotations.isEmpty()) {
        processingEnv
            .getMessager()
            .printMessage(
                Diagnostic.Kind.ERROR,
                Tag.INTERNAL_ERROR.format(
                    "chainrule reads method bodies with javac's Tree API, which this build's"
                        + " processing environment ("
                        + processingEnv.getClass().getName()
                        + ") does not offer; run the processor in javac directly, not as an"
                        + " incremental (isolating or aggregating) Gradle processor"));
      }
      return true;
    }
    LocalClassProcessor.scan(processingEnv, trees, round);
    // Classes in source order; for each, its @Differentiable and @Derivative methods.
    Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (Element e : round.getElementsAnnotatedWith(Differentiable.class)) {
      if (e.getKind() == ElementKind.METHOD) {
        byClass.computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>()).add((ExecutableElement) e);
      }
    }
    for (Element e : round.getElementsAnnotatedWith(Derivative.class)) {
      if (e.getKind() == ElementKind.METHOD) {
        byClass.computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>()).add((ExecutableElement) e);
      }
    }
    for (Map.Entry<TypeElement, List<ExecutableElement>> entry : byClass.entrySet()) {
      try {
        generate(entry.getKey(), entry.getValue());
      } catch (RuntimeException | LinkageError e) {
        StringWriter stack = new StringWriter();
        e.printStackTrace(new PrintWriter(stack));
        processingEnv
            .getMessager()
            .printMessage(
                Diagnostic.Kind.ERROR,
                Tag.INTERNAL_ERROR.format(
                    "chainrule failed on "
                        + entry.getKey().getQualifiedName()
                        + "; this is a bug in chainrule, please report it with the method's source.\n"
                        + stack),
                entry.getKey());
      }
    }
    return true;
  }

  private void generate(TypeElement type, List<ExecutableElement> annotated) {
    Problems problems = new Problems();
    // Hand-written adjoints first: the methods they differentiate are not read.
    DerivativeReader derivatives =
        new DerivativeReader(trees, processingEnv.getTypeUtils(), problems);
    Map<ExecutableElement, ExecutableElement> adjointOf = new LinkedHashMap<>();
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : annotated) {
      if (m.getAnnotation(Derivative.class) != null) {
        ExecutableElement target = derivatives.target(type, m);
        if (target != null && adjointOf.putIfAbsent(target, m) != null) {
          problems.report(
              Tag.DERIVATIVE_SIGNATURE,
              positionOf(trees, m),
              "'"
                  + target.getSimpleName()
                  + "' already has a @Derivative, "
                  + adjointOf.get(target).getSimpleName()
                  + "; keep one");
        }
      }
    }
    for (ExecutableElement target : adjointOf.keySet()) {
      methods.add(target);
    }
    for (ExecutableElement m : annotated) {
      if (m.getAnnotation(Derivative.class) == null && !adjointOf.containsKey(m)) {
        methods.add(m);
      }
    }
    // Holders are named after methods with the first letter upper-cased: f, F and an overload
    // of f would all collide.
    Map<String, ExecutableElement> seen = new LinkedHashMap<>();
    List<ExecutableElement> unique = new ArrayList<>();
    for (ExecutableElement m : methods) {
      String name = m.getSimpleName().toString();
      String holder = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      ExecutableElement earlier = seen.putIfAbsent(holder, m);
      if (earlier != null) {
        problems.report(
            Tag.DUPLICATE_NAME,
            positionOf(trees, m),
            "@Differentiable methods '"
                + earlier.getSimpleName()
                + "' and '"
                + name
                + "' would both have a gradient holder named "
                + holder
                + "; rename one");
      } else {
        unique.add(m);
      }
    }
    List<AdjointProgram> programs = new ArrayList<>();
    String scalars = processingEnv.getOptions().getOrDefault(SCALAR_COMPONENTS, "error");
    SignatureCheck signatures =
        new SignatureCheck(trees, processingEnv.getElementUtils(), problems, type, !"allow".equals(scalars));
    for (ExecutableElement m : unique) {
      ExecutableElement adjoint = adjointOf.get(m);
      if (adjoint != null) {
        signatures.checkDerivativeTarget(m);
        DerivativeReader.Result r = derivatives.read(type, m, adjoint);
        if (r != null) {
          programs.add(AdjointProgram.ofUserAdjoint(r.method(), r.adjoint()));
        }
        continue;
      }
      if (!signatures.checkDifferentiable(m)) {
        continue;
      }
      Method ir = new MethodParser(trees, processingEnv.getElementUtils(), problems, type, m).parse();
      if (ir == null) {
        continue;
      }
      signatures.checkCalls(ir);
      ir = new Method(ir.owner(), ir.name(), ir.params(), ir.result(), AliasPropagation.apply(ir.body()), ir.pos());
      Stmt.Block lowered = JumpLowering.lower(ir);
      Activity activity = Activity.of(ir, lowered, problems);
      Recording recording = Recording.of(lowered, activity);
      programs.add(ReverseMode.of(ir, lowered, activity, recording));
    }
    if (!problems.isEmpty()) {
      // In source order, whichever stage found them.
      List<Problem> sorted = new ArrayList<>(problems.all());
      sorted.sort(java.util.Comparator.comparingInt(p -> p.pos() == null ? 0 : p.pos().line()));
      // The signature check and the parser may both find one problem (the first bad parameter
      // type, say); each is reported once.
      Map<Object, Set<Tag>> reported = new java.util.IdentityHashMap<>();
      for (Problem p : sorted) {
        Object at = p.pos() == null ? null : p.pos().handle();
        if (at instanceof TreePath) {
          at = ((TreePath) at).getLeaf();
        }
        if (at != null && !reported.computeIfAbsent(at, k -> java.util.EnumSet.noneOf(Tag.class)).add(p.tag())) {
          continue;
        }
        report(annotated.get(0), p);
      }
      return;
    }
    List<Element> originating = new ArrayList<>(annotated);
    JavaFile file =
        CompanionWriter.write(
            SignatureReader.companionOwner(type),
            type.getModifiers().contains(Modifier.PUBLIC),
            GeneratedAnnotation.readableFrom(processingEnv.getElementUtils(), type),
            programs,
            originating);
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              Tag.INTERNAL_ERROR.format("could not write " + file.packageName() + "." + file.typeSpec().name() + ": " + e),
              type);
    }
  }

  /** The position of a method's declaration, for problems about the method as a whole. */
  private static io.github.chainrule.processor.ir.Pos positionOf(Trees trees, ExecutableElement m) {
    Tree tree = trees.getTree(m);
    if (tree == null) {
      return io.github.chainrule.processor.ir.Pos.NONE;
    }
    CompilationUnitTree unit = trees.getPath(m).getCompilationUnit();
    long start = trees.getSourcePositions().getStartPosition(unit, tree);
    int line = start >= 0 ? (int) unit.getLineMap().getLineNumber(start) : 0;
    return new io.github.chainrule.processor.ir.Pos(line, "", tree);
  }

  private void report(ExecutableElement fallback, Problem p) {
    Object handle = p.pos() == null ? null : p.pos().handle();
    if (handle instanceof TreePath) {
      TreePath path = (TreePath) handle;
      trees.printMessage(Diagnostic.Kind.ERROR, p.formatted(), path.getLeaf(), path.getCompilationUnit());
    } else if (handle instanceof Tree) {
      TreePath path = trees.getPath(fallback);
      CompilationUnitTree unit = path.getCompilationUnit();
      trees.printMessage(Diagnostic.Kind.ERROR, p.formatted(), (Tree) handle, unit);
    } else {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, p.formatted(), fallback);
    }
  }
}
