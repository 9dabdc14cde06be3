package io.github.chainrule.processor.corpus;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import io.github.chainrule.processor.testing.CompanionContract;
import io.github.chainrule.processor.testing.GradientCheck;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.GradientReport;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every {@code @Differentiable} function of the corpus ({@code src/test/resources/corpus}, compiled
 * together so that cross-class calls resolve) against central differences at several random points,
 * plus the companion's calling-form contract at each point. One container per function, named
 * {@code corpus.Class.method}, with one test per point and check.
 */
class CorpusGradientTest {
  /** Fixed seeds: one random point per seed, drawn by the function's {@code mArgs(Random)}. */
  private static final long[] SEEDS = {11, 22, 33};

  /**
   * Functions ({@code corpus.Class.method}) whose gradient the processor currently gets wrong, with
   * the reason. Their tests are reported as skipped while they fail and fail once they pass (so the
   * entry gets removed). Each entry is an open processor bug, never a corpus problem.
   */
  private static final Map<String, String> KNOWN_FAILURES = Map.of();

  private static final int MINIMUM_FUNCTIONS = 45;

  @Test
  void corpusCompilesWithoutWarnings() {
    Compilation compilation = CompiledCorpus.get().compilation;
    assertWithMessage(InMemoryCompiler.describe(compilation.errors()))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertWithMessage("warnings (generated code must be warning-free under -Xlint:all)")
        .that(InMemoryCompiler.describe(compilation.warnings()))
        .isEmpty();
  }

  @Test
  void everyCorpusClassHasACompanion() {
    CompiledCorpus corpus = CompiledCorpus.get();
    List<String> missing = new ArrayList<>();
    for (String name : corpus.classNames()) {
      Class<?> type = corpus.loaderOrFail().load(name);
      if (!GradientFunction.differentiableMethods(type).isEmpty()
          && !corpus.loaderOrFail().classNames().contains(GradientFunction.companionName(type))) {
        missing.add(name);
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void corpusIsLargeEnough() {
    assertThat(CompiledCorpus.get().functions().size()).isAtLeast(MINIMUM_FUNCTIONS);
  }

  @TestFactory
  Stream<DynamicNode> gradients() {
    return CompiledCorpus.get().functions().stream().map(CorpusGradientTest::testsOf);
  }

  private static DynamicNode testsOf(GradientFunction function) {
    List<DynamicNode> tests = new ArrayList<>();
    for (long seed : SEEDS) {
      tests.add(
          DynamicTest.dynamicTest(
              "gradient matches central differences (seed " + seed + ")",
              guarded(function, () -> {
                Object[] args = function.sampleArguments(new Random(seed));
                GradientReport report = GradientCheck.check(function, args);
                report.assertPassed(GradientCheck.TOLERANCE);
              })));
      tests.add(
          DynamicTest.dynamicTest(
              "calling forms agree: fresh, accumulate, twice, zero, seed, value (seed " + seed + ")",
              guarded(function, () -> {
                Object[] args = function.sampleArguments(new Random(seed));
                CompanionContract.check(function, args);
              })));
    }
    return DynamicContainer.dynamicContainer(function.name(), tests);
  }

  /** Runs {@code test}; for a {@link #KNOWN_FAILURES known failure}, turns failure into a skip. */
  private static Executable guarded(GradientFunction function, Executable test) {
    String known = KNOWN_FAILURES.get(function.name());
    if (known == null) {
      return test;
    }
    return () -> {
      try {
        test.execute();
      } catch (AssertionError expected) {
        org.junit.jupiter.api.Assumptions.abort(
            "known processor failure (" + known + "):\n" + expected.getMessage());
      }
      Assertions.fail(function.name() + " passes now: remove it from KNOWN_FAILURES");
    };
  }
}
