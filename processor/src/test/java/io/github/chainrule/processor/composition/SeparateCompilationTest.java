package io.github.chainrule.processor.composition;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.github.chainrule.Differentiable;
import io.github.chainrule.processor.testing.CompanionContract;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientCheck;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import io.github.chainrule.processor.testing.PullbackContract;
import io.github.chainrule.processor.testing.PullbackFunction;
import io.github.chainrule.processor.testing.SourceDirectory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Separate compilation with two javac runs. The library ({@code composition/lib}: records,
 * {@code @Differentiable} methods returning {@code double}, {@code double[]} and {@code double[][]},
 * {@code @Derivative} adjoints, a nested class) is compiled with the processor into class files on
 * disk, then packed as a jar too. The client ({@code composition/app}) is compiled, again with the
 * processor, against ONLY those class files and the annotations jar: no library sources. Its
 * gradients are then checked numerically, so a call into a library method is differentiated through
 * the companion the library's compilation wrote.
 */
class SeparateCompilationTest {
  private static final String LIBRARY = "composition/lib";
  private static final String CLIENT = "composition/app";
  private static final long[] SEEDS = {5, 6, 7};

  @TempDir static Path temporary;
  private static Path libraryClasses;
  private static Path libraryJar;

  @BeforeAll
  static void compileLibrary() throws IOException {
    Compilation library = InMemoryCompiler.compileWithChainrule(SourceDirectory.load(LIBRARY));
    assertWithMessage(InMemoryCompiler.describe(library.diagnostics()))
        .that(library.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    libraryClasses = Files.createDirectories(temporary.resolve("lib-classes"));
    for (JavaFileObject file : library.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        Path target = libraryClasses.resolve(relativePath(file));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.write(target, in.readAllBytes());
        }
      }
    }
    libraryJar = temporary.resolve("lib.jar");
    jar(libraryClasses, libraryJar);
  }

  @Test
  void libraryCompanionsAreClassFilesOnDisk() {
    assertThat(Files.exists(libraryClasses.resolve("composition/lib/Layers_Grad.class"))).isTrue();
    assertThat(Files.exists(libraryClasses.resolve("composition/lib/Layers_Activations_Grad.class")))
        .isTrue();
  }

  @ParameterizedTest(name = "library as {0}")
  @ValueSource(strings = {"classes", "jar"})
  void clientCompilesAgainstClassFilesOnlyAndCallsTheLibrarysCompanions(String form) {
    Compilation client = compileClient(form);
    String companion = generatedSource(client, "composition/app/Model_Grad.java");
    // The client's companion calls the library's pullbacks; it does not re-derive them. Methods
    // with a public hand-written adjoint are pulled back by calling the adjoint itself.
    assertThat(companion).contains("Layers_Grad.forward(");
    assertThat(companion).contains("Layers.lseAdjoint(");
    assertThat(companion).contains("Layers.scaleAdjoint(");
    assertThat(companion).contains("Layers_Grad.outer(");
    assertThat(companion).contains("Layers_Activations_Grad.softplus(");
    // Nothing of the library was compiled again (javac would if it found Layers.java somewhere).
    assertThat(client.generatedFiles().stream().map(f -> f.toUri().getPath()).filter(p -> p.contains("/composition/lib/")).toList())
        .isEmpty();
  }

  @ParameterizedTest(name = "library as {0}")
  @ValueSource(strings = {"classes", "jar"})
  void clientGradientsMatchCentralDifferences(String form) throws Exception {
    try (URLClassLoader library = libraryLoader(form)) {
      Class<?> model = new GeneratedClassLoader(compileClient(form), library).load("composition.app.Model");
      List<String> checked = new java.util.ArrayList<>();
      for (var method : GradientFunction.differentiableMethods(model)) {
        GradientFunction f = GradientFunction.of(method, model.getClassLoader());
        for (long seed : SEEDS) {
          Object[] args = f.sampleArguments(new Random(seed));
          GradientCheck.check(f, args).assertPassed(GradientCheck.TOLERANCE);
          CompanionContract.check(f, args);
        }
        checked.add(method.getName());
      }
      for (var method : PullbackFunction.arrayValuedMethods(model)) {
        PullbackFunction f = PullbackFunction.of(method, model.getClassLoader());
        for (long seed : SEEDS) {
          Random random = new Random(seed);
          Object[] args = f.sampleArguments(random);
          Object upstream = PullbackFunction.randomUpstream(f.call(args), random);
          GradientCheck.checkPullback(f, args, upstream).assertPassed(GradientCheck.TOLERANCE);
          PullbackContract.check(f, args, new Random(seed));
        }
        checked.add(method.getName());
      }
      assertThat(checked).containsExactly("deep", "outerAndNetwork", "score", "twoLayers");
    }
  }

  @Test
  void libraryPullbacksLoadedFromTheJarAreVectorJacobianProducts() throws Exception {
    try (URLClassLoader library = libraryLoader("jar")) {
      Class<?> layers = library.loadClass("composition.lib.Layers");
      assertThat(layers.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith("lib.jar");
      for (String name : List.of("affine", "tanhAll", "forward", "outer", "scale")) {
        PullbackFunction f = PullbackFunction.of(layers, name);
        Object[] args = libraryArguments(name, layers, new Random(3));
        Object upstream = PullbackFunction.randomUpstream(f.call(args), new Random(4));
        GradientCheck.checkPullback(f, args, upstream).assertPassed(GradientCheck.TOLERANCE);
      }
    }
  }

  private static Object[] libraryArguments(String name, Class<?> layers, Random random) throws Exception {
    double[] x = {0.3, -0.6, 0.8};
    return switch (name) {
      case "tanhAll" -> new Object[] {x};
      case "outer" -> new Object[] {new double[] {0.5, -1.0}, x};
      case "scale" -> new Object[] {x, 1.7};
      default -> new Object[] {dense(layers, random), x};
    };
  }

  /** A Layers.Dense(2 x 3) of the library's class, built reflectively (the test never sees its source). */
  private static Object dense(Class<?> layers, Random random) throws Exception {
    Class<?> dense = Class.forName("composition.lib.Layers$Dense", true, layers.getClassLoader());
    double[][] W = new double[2][3];
    for (double[] row : W) {
      for (int j = 0; j < 3; j++) {
        row[j] = -1 + 2 * random.nextDouble();
      }
    }
    return dense.getDeclaredConstructor(double[][].class, double[].class).newInstance(W, new double[] {0.1, -0.2});
  }

  private static Compilation compileClient(String form) {
    Path library = form.equals("jar") ? libraryJar : libraryClasses;
    Compiler javac = InMemoryCompiler.chainruleJavac().withClasspath(List.of(library.toFile(), annotations()));
    Compilation client = javac.compile(SourceDirectory.load(CLIENT));
    assertWithMessage(InMemoryCompiler.describe(client.diagnostics()))
        .that(client.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertWithMessage("warnings").that(InMemoryCompiler.describe(client.warnings())).isEmpty();
    return client;
  }

  /** The library's classes, loaded from the folder or the jar, above the test's own loader. */
  private static URLClassLoader libraryLoader(String form) throws IOException {
    Path library = form.equals("jar") ? libraryJar : libraryClasses;
    return new URLClassLoader(
        new URL[] {library.toUri().toURL()}, SeparateCompilationTest.class.getClassLoader());
  }

  /** The chainrule-annotations classes (a jar, or a classes folder inside the reactor). */
  private static File annotations() {
    try {
      return new File(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String generatedSource(Compilation compilation, String path) {
    return compilation.generatedFiles().stream()
        .filter(f -> f.getKind() == JavaFileObject.Kind.SOURCE && f.toUri().getPath().endsWith(path))
        .findFirst()
        .map(f -> {
          try {
            return f.getCharContent(true).toString();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .orElseThrow(() -> new AssertionError("no generated " + path));
  }

  /** "mem:///CLASS_OUTPUT/composition/lib/Layers.class" -> "composition/lib/Layers.class". */
  private static String relativePath(JavaFileObject file) {
    String path = file.toUri().getPath();
    return path.substring(path.indexOf('/', 1) + 1);
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    }
  }
}
