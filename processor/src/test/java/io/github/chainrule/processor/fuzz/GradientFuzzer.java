package io.github.chainrule.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.github.chainrule.processor.testing.CompanionContract;
import io.github.chainrule.processor.testing.Coordinates;
import io.github.chainrule.processor.testing.GeneratedClassLoader;
import io.github.chainrule.processor.testing.GradientCheck;
import io.github.chainrule.processor.testing.GradientFunction;
import io.github.chainrule.processor.testing.GradientReport;
import io.github.chainrule.processor.testing.InMemoryCompiler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles batches of generated valid programs with the processor, and checks each method's
 * gradient against central differences at random smooth points.
 *
 * <p>A point is accepted only if the value is finite and moderate ({@link #MAX_VALUE}) and the
 * traced twin's signature (see {@link TraceSource}) is the same at the point and at every step the
 * numerical derivative may take along every coordinate: central differences then never straddle a
 * kink or a branch boundary, and the check is exact up to rounding.
 */
final class GradientFuzzer {
  /** Largest accepted |value| at a point; larger values make central differences imprecise. */
  static final double MAX_VALUE = 1e4;

  /** Draws per point before the method counts as having no smooth point. */
  static final int ATTEMPTS = 40;

  /** Steps checked for a constant signature, as powers of Ridders' shrink factor 1.4. */
  private static final int[] STEP_POWERS = {0, 2, 5, 9, 14};

  private static final Pattern PROGRAM_FILE = Pattern.compile("(P\\d+)(?:T|_Grad)?\\.java$");

  /** Counters of a run. */
  static final class Stats {
    final AtomicLong programs = new AtomicLong();
    final AtomicLong methods = new AtomicLong();
    final AtomicLong points = new AtomicLong();
    final AtomicLong coordinates = new AtomicLong();
    final AtomicLong rejectedKink = new AtomicLong();
    /** Points where the numerical derivative itself is unreliable (chaotic or ill-conditioned). */
    final AtomicLong unstable = new AtomicLong();
    final AtomicLong rejectedValue = new AtomicLong();
    final AtomicLong noSmoothPoint = new AtomicLong();
    final AtomicLong compilations = new AtomicLong();
    final AtomicLong compileNanos = new AtomicLong();
    final AtomicLong smoothNanos = new AtomicLong();
    final AtomicLong checkNanos = new AtomicLong();
    volatile double worstError;

    synchronized void error(double e) {
      worstError = Math.max(worstError, e);
    }

    @Override
    public String toString() {
      return String.format(
          "%d programs (%d javac runs), %d methods, %d points, %d gradient coordinates checked;"
              + " worst relative error %.2e; points redrawn: %d near a kink, %d with |value| > %.0e;"
              + " %d methods without a smooth point; %d points skipped as numerically unstable;"
              + " cpu seconds: javac %.1f, point selection %.1f,"
              + " gradient checks %.1f",
          programs.get(), compilations.get(), methods.get(), points.get(), coordinates.get(),
          worstError, rejectedKink.get(), rejectedValue.get(), MAX_VALUE, noSmoothPoint.get(),
          unstable.get(), compileNanos.get() / 1e9, smoothNanos.get() / 1e9, checkNanos.get() / 1e9);
    }
  }

  /** A failure, with everything needed to reproduce it. */
  record Failure(GeneratedProgram program, String what) {
    String describe() {
      return "=== " + program.binaryName() + " (seed " + program.seed() + "L): " + what
          + "\n--- source:\n" + program.numberedSource();
    }
  }

  private final Stats stats;
  private final List<Failure> failures;

  GradientFuzzer(Stats stats, List<Failure> failures) {
    this.stats = stats;
    this.failures = failures;
  }

  /** Compiles and checks one batch; failures go to the shared list. */
  void run(List<GeneratedProgram> batch) {
    List<GeneratedProgram> remaining = new ArrayList<>(batch);
    for (int round = 0; round < 3 && !remaining.isEmpty(); round++) {
      Compilation compilation;
      try {
        stats.compilations.incrementAndGet();
        long t0 = System.nanoTime();
        compilation = InMemoryCompiler.compileWithChainrule(sources(remaining));
        stats.compileNanos.addAndGet(System.nanoTime() - t0);
      } catch (Throwable crash) {
        if (remaining.size() == 1) {
          fail(remaining.get(0), "javac crashed: " + stackTrace(crash));
          return;
        }
        for (GeneratedProgram p : remaining) {
          run(List.of(p));
        }
        return;
      }
      Map<String, List<Diagnostic<? extends JavaFileObject>>> errors = byProgram(compilation.errors());
      Map<String, List<Diagnostic<? extends JavaFileObject>>> warnings = byProgram(compilation.warnings());
      for (GeneratedProgram p : remaining) {
        if (warnings.containsKey(p.className())) {
          fail(p, "javac warnings (generated code must be warning-free under -Xlint:all):\n"
              + InMemoryCompiler.describe(warnings.get(p.className())));
        }
      }
      if (compilation.status() == Compilation.Status.SUCCESS) {
        check(remaining, compilation);
        return;
      }
      List<GeneratedProgram> next = new ArrayList<>();
      for (GeneratedProgram p : remaining) {
        if (errors.containsKey(p.className())) {
          fail(p, "does not compile with the processor:\n" + InMemoryCompiler.describe(errors.get(p.className())));
        } else {
          next.add(p);
        }
      }
      if (errors.containsKey("")) {
        // Errors not attributable to one program: compile each alone.
        if (remaining.size() == 1) {
          fail(remaining.get(0), "errors:\n" + InMemoryCompiler.describe(errors.get("")));
          return;
        }
        for (GeneratedProgram p : next) {
          run(List.of(p));
        }
        return;
      }
      remaining = next;
    }
  }

  private static List<JavaFileObject> sources(List<GeneratedProgram> programs) {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(TraceSource.file());
    for (GeneratedProgram p : programs) {
      sources.add(JavaFileObjects.forSourceString(p.binaryName(), p.source()));
      sources.add(JavaFileObjects.forSourceString(p.tracedBinaryName(), p.tracedSource()));
    }
    return sources;
  }

  /** Diagnostics by program class name ("" when not in a program's file). */
  static Map<String, List<Diagnostic<? extends JavaFileObject>>> byProgram(
      List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    Map<String, List<Diagnostic<? extends JavaFileObject>>> out = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      String key = "";
      if (d.getSource() != null) {
        Matcher m = PROGRAM_FILE.matcher(d.getSource().getName());
        if (m.find()) {
          key = m.group(1);
        }
      }
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
    }
    return out;
  }

  private void check(List<GeneratedProgram> programs, Compilation compilation) {
    GeneratedClassLoader loader = new GeneratedClassLoader(compilation);
    Class<?> trace = loader.load(TraceSource.BINARY_NAME);
    Method reset = method(trace, "reset");
    Method signature = method(trace, "signature");
    for (GeneratedProgram p : programs) {
      stats.programs.incrementAndGet();
      try {
        checkProgram(p, loader, reset, signature);
      } catch (Throwable t) {
        fail(p, "checking it threw " + stackTrace(t));
      }
    }
  }

  private void checkProgram(GeneratedProgram p, GeneratedClassLoader loader, Method reset, Method signature)
      throws ReflectiveOperationException {
    Class<?> type = loader.load(p.binaryName());
    Class<?> twin = loader.load(p.tracedBinaryName());
    for (int m = 0; m < p.methods().size(); m++) {
      Shape.Method spec = p.methods().get(m);
      Class<?>[] types = parameterTypes(spec, loader, p);
      Method original = type.getDeclaredMethod(spec.name(), types);
      Method traced = twin.getDeclaredMethod(spec.name(), types);
      traced.setAccessible(true);
      GradientFunction function = GradientFunction.of(original, loader);
      stats.methods.incrementAndGet();
      for (int point = 0; point < FuzzSettings.POINTS; point++) {
        Random random = new Random(p.seed() * 1_000_003L + m * 101L + point);
        Object[] args = null;
        for (int attempt = 0; attempt < ATTEMPTS && args == null; attempt++) {
          Object[] candidate = draw(spec, random, loader, p);
          long t0 = System.nanoTime();
          String problem = smoothness(function, traced, reset, signature, candidate);
          stats.smoothNanos.addAndGet(System.nanoTime() - t0);
          if (problem == null) {
            args = candidate;
          } else if (problem.startsWith("!")) {
            fail(p, spec.name() + " at " + GradientCheck.describePoint(candidate) + ": " + problem.substring(1));
            return;
          }
        }
        if (args == null) {
          stats.noSmoothPoint.incrementAndGet();
          continue;
        }
        stats.points.incrementAndGet();
        GradientReport report;
        long t0 = System.nanoTime();
        try {
          report = GradientCheck.check(function, args);
          stats.checkNanos.addAndGet(System.nanoTime() - t0);
        } catch (AssertionError e) {
          fail(p, spec.name() + " at " + GradientCheck.describePoint(args) + ": " + e.getMessage()
              + (e.getCause() == null ? "" : "\n" + stackTrace(e.getCause())));
          return;
        }
        // Where Ridders' own error estimate exceeds a tenth of the tolerance, central differences
        // cannot judge the gradient (the function is chaotic or ill-conditioned there): skip.
        if (report.entries().stream()
            .anyMatch(e -> !(e.numericError() <= 0.1 * GradientCheck.TOLERANCE * Math.max(1, Math.abs(e.numeric()))))) {
          stats.unstable.incrementAndGet();
          continue;
        }
        stats.coordinates.addAndGet(report.entries().size());
        stats.error(report.worstRelativeError());
        if (!report.passed(GradientCheck.TOLERANCE)) {
          fail(p, report.describe(GradientCheck.TOLERANCE));
          return;
        }
        if (point == 0) {
          try {
            CompanionContract.check(function, args);
          } catch (AssertionError e) {
            fail(p, "companion contract: " + e.getMessage());
            return;
          }
        }
      }
    }
  }

  /**
   * Null if {@code args} is a good point; a reason to redraw otherwise; a reason starting with
   * {@code !} for a failure (the original threw, or the twin disagrees with it).
   */
  private String smoothness(
      GradientFunction function, Method traced, Method reset, Method signature, Object[] args)
      throws ReflectiveOperationException {
    double value;
    try {
      value = function.call(args.clone());
    } catch (AssertionError e) {
      return "!the original method threw (a generator bug if the program is in the subset): "
          + e.getMessage();
    }
    if (!Double.isFinite(value) || Math.abs(value) > MAX_VALUE) {
      stats.rejectedValue.incrementAndGet();
      return "value " + value;
    }
    reset.invoke(null);
    double twinValue = (Double) traced.invoke(null, args.clone());
    long center = (Long) signature.invoke(null);
    if (Double.compare(value, twinValue) != 0) {
      return "!generator bug: the traced twin computes " + twinValue + ", the original " + value;
    }
    for (int index : function.differentiableParameters()) {
      Object value0 = args[index];
      double[] flat = Coordinates.flatten(value0);
      for (int j = 0; j < flat.length; j++) {
        double h0 = 1e-3 * Math.max(1.0, Math.abs(flat[j]));
        for (int power : STEP_POWERS) {
          double h = h0 / Math.pow(1.4, power);
          for (double step : new double[] {h, -h}) {
            Object[] moved = args.clone();
            moved[index] = Coordinates.with(value0, j, flat[j] + step);
            reset.invoke(null);
            traced.invoke(null, moved);
            if ((Long) signature.invoke(null) != center) {
              stats.rejectedKink.incrementAndGet();
              return "kink";
            }
          }
        }
      }
    }
    return null;
  }

  private static Class<?>[] parameterTypes(Shape.Method spec, ClassLoader loader, GeneratedProgram p) {
    Class<?>[] types = new Class<?>[spec.params().size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = javaClass(spec.params().get(i).shape(), loader, p);
    }
    return types;
  }

  private static Class<?> javaClass(Shape shape, ClassLoader loader, GeneratedProgram p) {
    return switch (shape.kind()) {
      case DOUBLE -> double.class;
      case VECTOR -> double[].class;
      case MATRIX -> double[][].class;
      case INT -> int.class;
      case BOOLEAN -> boolean.class;
      case RECORD -> {
        try {
          yield Class.forName(p.binaryName() + "$" + shape.record().name(), true, loader);
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private static Object[] draw(Shape.Method spec, Random random, ClassLoader loader, GeneratedProgram p) {
    Object[] args = new Object[spec.params().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = value(spec.params().get(i).shape(), random, loader, p);
    }
    return args;
  }

  private static Object value(Shape shape, Random random, ClassLoader loader, GeneratedProgram p) {
    switch (shape.kind()) {
      case DOUBLE:
        return -1.5 + 3 * random.nextDouble();
      case INT:
        return 1 + random.nextInt(3);
      case VECTOR:
        {
          double[] v = new double[shape.rows()];
          for (int i = 0; i < v.length; i++) {
            v[i] = -1 + 2 * random.nextDouble();
          }
          return v;
        }
      case MATRIX:
        {
          double[][] m = new double[shape.rows()][shape.cols()];
          for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
              row[j] = -1 + 2 * random.nextDouble();
            }
          }
          return m;
        }
      case RECORD:
        {
          Class<?> type = javaClass(shape, loader, p);
          RecordComponent[] components = type.getRecordComponents();
          Class<?>[] types = new Class<?>[components.length];
          Object[] values = new Object[components.length];
          for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(shape.record().components().get(i).shape(), random, loader, p);
          }
          try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(values);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      default:
        throw new IllegalArgumentException(shape.toString());
    }
  }

  private static Method method(Class<?> type, String name) {
    try {
      Method m = type.getDeclaredMethod(name);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private void fail(GeneratedProgram p, String what) {
    synchronized (failures) {
      failures.add(new Failure(p, what));
    }
  }

  static String stackTrace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    String s = out.toString();
    return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
  }

  /** Distinct class names of {@code programs}, for messages. */
  static Set<String> names(List<GeneratedProgram> programs) {
    Set<String> out = new LinkedHashSet<>();
    programs.forEach(p -> out.add(p.className()));
    return out;
  }
}
