package io.github.chainrule.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proof by random programs. {@link FuzzSettings#COUNT} generated programs inside the subset are
 * compiled in memory with the processor ({@link FuzzSettings#BATCH} per javac run, batches in
 * parallel), must compile without warnings under {@code -Xlint:all}, and every method's gradient
 * must match central differences at {@link FuzzSettings#POINTS} random smooth points within {@link
 * io.github.chainrule.processor.testing.GradientCheck#TOLERANCE}; {@link FuzzSettings#INVALID_COUNT}
 * programs with one construct outside the subset must be refused on exactly that line.
 *
 * <p>A failure prints the program's full source and seed (reproduce it alone with {@code
 * -Dchainrule.fuzz.seed=SEED -Dchainrule.fuzz.count=1}); see {@link FuzzSettings} for the knobs.
 */
@Tag("slow") // left out of mvn verify -Pquick
class RandomProgramTest {
  /** Most failing programs printed in full. */
  private static final int PRINTED = 6;

  @Test
  void randomProgramsHaveCorrectGradients() throws Exception {
    long start = System.nanoTime();
    GradientFuzzer.Stats stats = new GradientFuzzer.Stats();
    List<GradientFuzzer.Failure> failures = new ArrayList<>();
    GradientFuzzer fuzzer = new GradientFuzzer(stats, failures);
    List<List<GeneratedProgram>> batches = new ArrayList<>();
    for (int first = 0; first < FuzzSettings.COUNT; first += FuzzSettings.BATCH) {
      List<GeneratedProgram> batch = new ArrayList<>();
      String pkg = "fuzz.b" + first / FuzzSettings.BATCH;
      for (int i = first; i < Math.min(FuzzSettings.COUNT, first + FuzzSettings.BATCH); i++) {
        batch.add(ProgramGenerator.generate(FuzzSettings.SEED + i, pkg, "P" + i, FuzzSettings.OFF));
      }
      batches.add(batch);
    }
    inParallel(batches, fuzzer::run);
    String summary = "valid programs, base seed " + FuzzSettings.SEED + "L, off " + FuzzSettings.OFF
        + ": " + stats + String.format("; %.1f s", (System.nanoTime() - start) / 1e9);
    System.out.println("[chainrule fuzz] " + summary);
    if (!failures.isEmpty()) {
      StringBuilder message = new StringBuilder()
          .append(failures.size()).append(" failure(s) in ").append(summary).append('\n');
      failures.forEach(f -> message.append("  seed ").append(f.program().seed()).append("L: ")
          .append(f.what().lines().findFirst().orElse("")).append('\n')
          .append("    reproduce: ").append(FuzzSettings.reproduceValid(f.program().seed())).append('\n'));
      StringBuilder all = new StringBuilder();
      failures.forEach(f -> all.append(f.describe()).append('\n'));
      message.append("all sources: ").append(save("valid-failures.txt", all.toString())).append('\n');
      failures.stream().limit(PRINTED).forEach(f -> message.append(f.describe()).append('\n'));
      fail(message.toString());
    }
  }

  @Test
  void programsOutsideTheSubsetAreRefusedOnTheInjectedLine() throws Exception {
    long start = System.nanoTime();
    RefusalFuzzer.Stats stats = new RefusalFuzzer.Stats();
    List<String> failures = new ArrayList<>();
    RefusalFuzzer fuzzer = new RefusalFuzzer(stats, failures);
    List<List<RefusalFuzzer.Injected>> batches = new ArrayList<>();
    long base = FuzzSettings.INVALID_SEED;
    for (int first = 0; first < FuzzSettings.INVALID_COUNT; first += FuzzSettings.BATCH) {
      List<RefusalFuzzer.Injected> batch = new ArrayList<>();
      String pkg = "fuzz.x" + first / FuzzSettings.BATCH;
      for (int i = first; i < Math.min(FuzzSettings.INVALID_COUNT, first + FuzzSettings.BATCH); i++) {
        batch.add(RefusalFuzzer.inject(base + i, pkg, "P" + i));
      }
      batches.add(batch);
    }
    inParallel(batches, fuzzer::run);
    String summary = "programs outside the subset, base seed " + base + "L: " + stats
        + String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    System.out.println("[chainrule fuzz] " + summary);
    if (!failures.isEmpty()) {
      StringBuilder message = new StringBuilder()
          .append(failures.size()).append(" failure(s) in ").append(summary).append('\n');
      failures.forEach(f -> message.append("  ").append(f.lines().findFirst().orElse("")).append('\n')
          .append("    reproduce: ").append(FuzzSettings.reproduceInvalid(seedOf(f))).append('\n'));
      message.append("all sources: ").append(save("refusal-failures.txt", String.join("\n", failures)))
          .append('\n');
      failures.stream().limit(PRINTED).forEach(f -> message.append(f).append('\n'));
      fail(message.toString());
    }
  }

  /** The seed in a refusal failure's first line ({@code === NAME (seed 123L, ...}). */
  private static long seedOf(String failure) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(seed (-?\\d+)L").matcher(failure);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Writes {@code text} under {@code target/chainrule-fuzz/} and returns the path. */
  private static String save(String name, String text) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of("target", "chainrule-fuzz");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Path file = dir.resolve(name);
      java.nio.file.Files.writeString(file, text);
      return file.toAbsolutePath().toString();
    } catch (java.io.IOException e) {
      return "(not saved: " + e + ")";
    }
  }

  private static <T> void inParallel(List<T> batches, Consumer<T> task) throws Exception {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T batch : batches) {
        futures.add(pool.submit(() -> task.accept(batch)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
