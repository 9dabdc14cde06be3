package io.github.chainrule.processor.golden;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.ChainruleProcessor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden sources: the companions of a few representative classes, compared with files under
 * {@code src/test/resources/golden}, so that every change to the generated code is deliberate.
 * Behaviour is tested elsewhere by running the code; these catch code that is correct but
 * worse to read.
 *
 * <p>After a deliberate change, rewrite the expected files with {@code mvn -pl processor test
 * -Dtest=GoldenSourceTest -Dchainrule.golden.update=true} and review the diff.
 */
class GoldenSourceTest {

  @ParameterizedTest
  @ValueSource(strings = {"Lecture", "Search", "Layers"})
  void companionMatchesGoldenSource(String name) throws Exception {
    JavaFileObject input = JavaFileObjects.forResource("golden/demo/" + name + ".java");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new ChainruleProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(input);
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation.generatedSourceFile("demo." + name + "_Grad").orElseThrow();
    String actual = generated.getCharContent(false).toString();
    String resource = "golden/demo/" + name + "_Grad.java.txt";
    if (Boolean.getBoolean("chainrule.golden.update")) {
      Path file = sourceTree().resolve(resource);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    JavaFileObject expected =
        JavaFileObjects.forSourceString("demo." + name + "_Grad", read(resource));
    assertThat(compilation).generatedSourceFile("demo." + name + "_Grad").hasSourceEquivalentTo(expected);
    // Comments and layout are part of the product too: the text must match exactly.
    assertThat(actual).isEqualTo(read(resource));
  }

  private static String read(String resource) throws IOException, URISyntaxException {
    return Files.readString(
        Paths.get(GoldenSourceTest.class.getClassLoader().getResource(resource).toURI()), StandardCharsets.UTF_8);
  }

  private static Path sourceTree() {
    return Paths.get("src", "test", "resources");
  }
}
