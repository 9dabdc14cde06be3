package io.github.chainrule.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.testing.CompanionContract;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientCheck;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A workbench for minimizing a failing generated program by hand: {@code
 * -Dchainrule.fuzz.repro=/path/Name.java} compiles that one file (written in the corpus convention:
 * each {@code @Differentiable} method {@code m} has a sibling {@code static Object[]
 * mArgs(java.util.Random)}) with the processor and checks every method like the corpus does, so a
 * minimized repro can move into the corpus unchanged. Skipped without the property.
 */
class ReproTest {
  @Test
  void repro() throws Exception {
    String path = System.getProperty("chainrule.fuzz.repro");
    Assumptions.assumeTrue(path != null, "no -Dchainrule.fuzz.repro=FILE");
    String source = Files.readString(Path.of(path));
    Matcher pkg = Pattern.compile("package\\s+([\\w.]+);").matcher(source);
    String name = Path.of(path).getFileName().toString().replace(".java", "");
    String binary = pkg.find() ? pkg.group(1) + "." + name : name;
    Compilation compilation =
        InMemoryCompiler.compileWithChainrule(List.of(JavaFileObjects.forSourceString(binary, source)));
    System.out.println("[repro] diagnostics:\n" + InMemoryCompiler.describe(compilation.diagnostics()));
    if (Boolean.getBoolean("chainrule.fuzz.repro.print")) {
      for (var generated : compilation.generatedSourceFiles()) {
        System.out.println("[repro] " + generated.getName() + ":\n" + generated.getCharContent(true));
      }
    }
    if (compilation.status() != Compilation.Status.SUCCESS) {
      fail("does not compile:\n" + InMemoryCompiler.describe(compilation.errors()));
    }
    GeneratedClassLoader loader = new GeneratedClassLoader(compilation);
    List<String> failures = new ArrayList<>();
    for (Method m : GradientFunction.differentiableMethods(loader.load(binary))) {
      GradientFunction f = GradientFunction.of(m, loader);
      for (long seed : new long[] {1, 2, 3}) {
        Object[] args = f.sampleArguments(new Random(seed));
        try {
          var report = GradientCheck.check(f, args);
          System.out.println("[repro] " + report.describe(GradientCheck.TOLERANCE));
          if (!report.passed(GradientCheck.TOLERANCE)) {
            failures.add(report.describe(GradientCheck.TOLERANCE));
          }
          CompanionContract.check(f, args);
        } catch (AssertionError e) {
          failures.add(f.name() + " at " + GradientCheck.describePoint(args) + ": " + e.getMessage());
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
  }
}
