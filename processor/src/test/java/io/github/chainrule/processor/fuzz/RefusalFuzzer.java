package io.github.chainrule.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Programs outside the subset: a valid generated program with one {@link Injection} on one line.
 * Each must be refused with a {@code [Chainrule...]} error on exactly that line, with no other
 * error, no crash, and no {@code [ChainruleInternalError]}.
 */
final class RefusalFuzzer {
  private static final Pattern TAG = Pattern.compile("^\\[Chainrule(\\w+)\\]");

  /**
   * One injected program.
   *
   * @param program the valid program it came from
   * @param injection what was injected
   * @param line 1-based line of the injection
   * @param lines the source
   */
  record Injected(GeneratedProgram program, Injection injection, int line, List<String> lines) {
    String source() {
      return String.join("\n", lines) + "\n";
    }

    String describe(String what) {
      StringBuilder out = new StringBuilder("=== ")
          .append(program.binaryName())
          .append(" (seed ")
          .append(program.seed())
          .append("L, injection ")
          .append(injection)
          .append(" on line ")
          .append(line)
          .append("): ")
          .append(what)
          .append("\n--- source:\n");
      for (int i = 0; i < lines.size(); i++) {
        out.append(String.format("%4d%s %s%n", i + 1, i + 1 == line ? " >>" : "   ", lines.get(i)));
      }
      return out.toString();
    }
  }

  /** Counters of a run: programs, and the tags seen per injection. */
  static final class Stats {
    final AtomicLong programs = new AtomicLong();
    final AtomicLong compilations = new AtomicLong();
    final Map<String, Map<String, Integer>> tags = new TreeMap<>();
    final Map<String, Integer> unexpected = new TreeMap<>();

    synchronized void saw(Injection injection, String tag) {
      tags.computeIfAbsent(injection.name(), k -> new TreeMap<>()).merge(tag, 1, Integer::sum);
      if (!injection.expected().contains(tag)) {
        unexpected.merge(injection.name() + " -> " + tag, 1, Integer::sum);
      }
    }

    @Override
    public synchronized String toString() {
      StringBuilder out = new StringBuilder()
          .append(programs.get()).append(" injected programs (").append(compilations.get())
          .append(" javac runs); tags per injection:\n");
      tags.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
      if (!unexpected.isEmpty()) {
        out.append("  tags other than the contract's suggestion: ").append(unexpected).append('\n');
      }
      return out.toString();
    }
  }

  private final Stats stats;
  private final List<String> failures;

  RefusalFuzzer(Stats stats, List<String> failures) {
    this.stats = stats;
    this.failures = failures;
  }

  /** Injects one construct into the program of {@code seed}. */
  static Injected inject(long seed, String packageName, String className) {
    GeneratedProgram program =
        ProgramGenerator.generate(seed, packageName, className, FuzzSettings.OFF);
    SplittableRandom random = new SplittableRandom(~seed);
    Injection[] all = Injection.values();
    while (true) {
      Injection injection = all[random.nextInt(all.length)];
      List<String> lines = new ArrayList<>(program.lines());
      if (injection == Injection.OVERLOAD) {
        // After every method, so that the injected method is the second of its name.
        int at = lines.size() - 1;
        lines.add(at, "  " + injection.member(new Injection.Context(null, className, random)));
        return new Injected(program, injection, at + 1, lines);
      }
      if (injection.isMember()) {
        List<Integer> methodStarts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).equals("  @Differentiable")) {
            methodStarts.add(i);
          }
        }
        int at = methodStarts.get(random.nextInt(methodStarts.size()));
        lines.add(at, "  " + injection.member(new Injection.Context(null, className, random)));
        return new Injected(program, injection, at + 1, lines);
      }
      List<ProgramGenerator.Point> fitting =
          program.points().stream().filter(injection::fits).toList();
      if (fitting.isEmpty()) {
        continue;
      }
      ProgramGenerator.Point point = fitting.get(random.nextInt(fitting.size()));
      String statement = injection.statement(new Injection.Context(point, className, random));
      lines.add(point.line(), point.indent() + statement);
      return new Injected(program, injection, point.line() + 1, lines);
    }
  }

  /** Compiles one batch with and without the processor and checks the diagnostics. */
  void run(List<Injected> batch) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (Injected i : batch) {
      sources.add(JavaFileObjects.forSourceString(i.program().binaryName(), i.source()));
    }
    // Plain javac first: every injected program must be valid Java, or the test proves nothing.
    stats.compilations.incrementAndGet();
    Compilation plain = InMemoryCompiler.plainJavac().compile(sources);
    Map<String, List<Diagnostic<? extends JavaFileObject>>> plainErrors =
        GradientFuzzer.byProgram(plain.errors());
    Compilation compilation;
    try {
      stats.compilations.incrementAndGet();
      compilation = InMemoryCompiler.compileWithChainrule(sources);
    } catch (Throwable crash) {
      if (batch.size() == 1) {
        fail(batch.get(0).describe("javac crashed: " + GradientFuzzer.stackTrace(crash)));
        return;
      }
      for (Injected i : batch) {
        run(List.of(i));
      }
      return;
    }
    Map<String, List<Diagnostic<? extends JavaFileObject>>> errors =
        GradientFuzzer.byProgram(compilation.errors());
    if (errors.containsKey("")) {
      fail("errors outside the programs' files (batch " + GradientFuzzer.names(
          batch.stream().map(Injected::program).toList()) + "):\n"
          + InMemoryCompiler.describe(errors.get("")));
    }
    for (Injected i : batch) {
      stats.programs.incrementAndGet();
      String name = i.program().className();
      if (plainErrors.containsKey(name)) {
        fail(i.describe("generator bug: not valid Java:\n" + InMemoryCompiler.describe(plainErrors.get(name))));
        continue;
      }
      List<Diagnostic<? extends JavaFileObject>> mine = errors.getOrDefault(name, List.of());
      if (mine.isEmpty()) {
        fail(i.describe("accepted: no error at all"));
        continue;
      }
      List<String> problems = new ArrayList<>();
      boolean onLine = false;
      for (Diagnostic<? extends JavaFileObject> d : mine) {
        String message = d.getMessage(null);
        Matcher tag = TAG.matcher(message);
        boolean inSource = d.getSource().getName().endsWith("/" + name + ".java");
        if (!tag.find()) {
          problems.add("untagged error: " + message + " (" + d.getSource().getName() + ":" + d.getLineNumber() + ")");
        } else if (tag.group(1).equals("InternalError")) {
          problems.add("internal error: " + message);
        } else if (!inSource || d.getLineNumber() != i.line()) {
          problems.add("error on " + d.getSource().getName() + ":" + d.getLineNumber()
              + ", not on the injected line " + i.line() + ": " + message);
        } else {
          onLine = true;
          stats.saw(i.injection(), tag.group(1));
        }
      }
      if (!onLine && problems.isEmpty()) {
        problems.add("no tagged error on line " + i.line());
      }
      if (!problems.isEmpty()) {
        fail(i.describe(String.join("\n", problems) + "\nall diagnostics:\n" + InMemoryCompiler.describe(mine)));
      }
    }
  }

  private void fail(String what) {
    synchronized (failures) {
      failures.add(what);
    }
  }
}
