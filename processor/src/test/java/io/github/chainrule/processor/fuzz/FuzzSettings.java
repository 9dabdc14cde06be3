package io.github.chainrule.processor.fuzz;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The knobs of a fuzz run, from system properties, so that CI is deterministic and a developer can
 * hunt with other seeds:
 *
 * <ul>
 *   <li>{@code chainrule.fuzz.seed}: base seed (program {@code i} of the run has seed {@code seed +
 *       i}, so {@code -Dchainrule.fuzz.seed=S -Dchainrule.fuzz.count=1} reproduces one program);
 *       {@code random} draws a fresh one (the hunt, see {@link #reproduceValid});
 *   <li>{@code chainrule.fuzz.count}: valid programs per run (default 500);
 *   <li>{@code chainrule.fuzz.invalidSeed}: base seed of the programs outside the subset (default
 *       the base seed plus 1,000,000, so that the two tests see different programs);
 *   <li>{@code chainrule.fuzz.invalidCount}: programs outside the subset per run (default 200);
 *   <li>{@code chainrule.fuzz.off}: comma-separated {@link ProgramGenerator.Feature} names to leave
 *       out (none by default).
 * </ul>
 */
final class FuzzSettings {
  static final long DEFAULT_SEED = 20_240_611L;

  static final long SEED = seed(System.getProperty("chainrule.fuzz.seed"), DEFAULT_SEED);
  static final int COUNT = Integer.getInteger("chainrule.fuzz.count", 500);
  static final long INVALID_SEED = seed(System.getProperty("chainrule.fuzz.invalidSeed"), SEED + 1_000_000L);
  static final int INVALID_COUNT = Integer.getInteger("chainrule.fuzz.invalidCount", 200);

  /** Programs per javac invocation. */
  static final int BATCH = 25;

  /** Random points per method. */
  static final int POINTS = 2;

  /**
   * Features left out of the default run while a processor bug is open (see the report of the
   * fuzzing task); empty means the generator writes everything it can.
   */
  static final Set<ProgramGenerator.Feature> DEFAULT_OFF =
      EnumSet.of(
          // Not a bug: @NoGrad parameters are constants (a stop-gradient), so an active argument
          // there makes the gradient differ from central differences of the original on purpose.
          ProgramGenerator.Feature.ACTIVE_ARGUMENT_TO_NOGRAD);

  static final Set<ProgramGenerator.Feature> OFF = off();

  private FuzzSettings() {}

  /** {@code property} as a seed: absent gives {@code otherwise}, {@code random} a fresh one. */
  private static long seed(String property, long otherwise) {
    if (property == null || property.isBlank()) {
      return otherwise;
    }
    if (property.trim().equalsIgnoreCase("random")) {
      // Positive and below 2^53, so that seed + i stays readable and never overflows.
      return new java.security.SecureRandom().nextLong() >>> 11;
    }
    return Long.parseLong(property.trim().replace("L", ""));
  }

  /** The command that checks the valid program of {@code seed} alone, with this run's features. */
  static String reproduceValid(long seed) {
    return "mvn -B -pl processor -am test -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dtest='RandomProgramTest#randomProgramsHaveCorrectGradients'"
        + " -Dchainrule.fuzz.seed=" + seed + " -Dchainrule.fuzz.count=1" + offProperty();
  }

  /** The command that checks the program outside the subset of {@code seed} alone. */
  static String reproduceInvalid(long seed) {
    return "mvn -B -pl processor -am test -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dtest='RandomProgramTest#programsOutsideTheSubsetAreRefusedOnTheInjectedLine'"
        + " -Dchainrule.fuzz.invalidSeed=" + seed + " -Dchainrule.fuzz.invalidCount=1" + offProperty();
  }

  private static String offProperty() {
    if (OFF.equals(DEFAULT_OFF)) {
      return "";
    }
    StringBuilder names = new StringBuilder();
    OFF.forEach(f -> names.append(names.length() == 0 ? "" : ",").append(f.name()));
    return " -Dchainrule.fuzz.off=" + names;
  }

  private static Set<ProgramGenerator.Feature> off() {
    String property = System.getProperty("chainrule.fuzz.off");
    if (property == null) {
      return DEFAULT_OFF;
    }
    Set<ProgramGenerator.Feature> off = EnumSet.noneOf(ProgramGenerator.Feature.class);
    for (String name : property.split(",")) {
      if (!name.isBlank()) {
        off.add(ProgramGenerator.Feature.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      }
    }
    return off;
  }
}
