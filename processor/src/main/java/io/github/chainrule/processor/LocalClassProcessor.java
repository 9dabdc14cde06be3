package io.github.chainrule.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.diagnostics.Tag;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Reports {@code @Differentiable} methods declared in local and anonymous classes. javac does not
 * show processors the members of such classes, so {@link ChainruleProcessor} never sees them and
 * the method would get no companion without a word; they are found in the trees of every
 * compilation unit instead. This processor supports {@code "*"} so that javac runs it also where
 * no chainrule annotation is visible (a file whose only {@code @Differentiable} is in a local
 * class), and it claims nothing.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes("*")
public final class LocalClassProcessor extends AbstractProcessor {

  private Trees trees;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException e) {
      trees = null; // ChainruleProcessor says why chainrule cannot run here
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (trees != null) {
      scan(processingEnv, trees, round);
    }
    return false;
  }

  /**
   * The source files already scanned, per compilation (one processing environment each), by URI:
   * strings hold nothing of javac, so a long-lived compiler (an IDE's, a build daemon's) can let a
   * finished compilation's environment go.
   */
  private static final Map<ProcessingEnvironment, Set<String>> SCANNED = new WeakHashMap<>();

  /**
   * Reports the {@code @Differentiable} methods of local and anonymous classes in the round's
   * compilation units that neither processor has scanned yet. Both processors call it: {@link
   * ChainruleProcessor}, which javac may run first and which claims its annotations (javac then
   * need not offer the round to this one), and this one, which javac runs where no chainrule
   * annotation is visible.
   */
  static void scan(ProcessingEnvironment env, Trees trees, RoundEnvironment round) {
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    for (Element e : round.getRootElements()) {
      TreePath path = trees.getPath(e);
      if (path != null) {
        units.add(path.getCompilationUnit());
      }
    }
    synchronized (SCANNED) {
      Set<String> done = SCANNED.computeIfAbsent(env, k -> new java.util.HashSet<>());
      units.removeIf(u -> !done.add(u.getSourceFile().toUri().toString()));
    }
    for (CompilationUnitTree unit : units) {
      new TreePathScanner<Void, Integer>() {
        @Override
        public Void visitMethod(MethodTree m, Integer depth) {
          if (depth > 0) {
            for (AnnotationTree a : m.getModifiers().getAnnotations()) {
              String name = a.getAnnotationType().toString();
              if (name.equals("Differentiable") || name.equals("io.github.chainrule.Differentiable")) {
                trees.printMessage(
                    Diagnostic.Kind.ERROR,
                    Tag.NOT_ACCESSIBLE.format(
                        "@Differentiable methods must be declared in a top-level or member class, not in"
                            + " a local or anonymous class; move '"
                            + m.getName()
                            + "' to a member class"),
                    m,
                    unit);
              }
            }
          }
          // Bodies of methods contain the local and anonymous classes.
          scan(m.getBody(), depth + 1);
          return null;
        }
      }.scan(unit, 0);
    }
  }
}
