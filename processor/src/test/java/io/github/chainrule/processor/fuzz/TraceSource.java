package io.github.chainrule.processor.fuzz;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/**
 * The source of {@code fuzz.Trace}, compiled with every batch of generated programs.
 *
 * <p>Each generated program has a traced twin (a plain class, not annotated) whose body is the
 * same except that every non-smooth operation goes through {@code Trace}: comparisons of doubles,
 * {@code abs max min signum floor ceil rint round}, {@code %} on doubles, {@code atan2} and casts of
 * doubles to {@code int}. {@code Trace} folds the outcome of each (branch taken, integer part, sign)
 * into a signature. Two points with the same signature run through the same smooth piece of the
 * program; the test accepts a point only if every step the numerical derivative may take keeps the
 * signature, so central differences never straddle a kink, a branch boundary or a change in a
 * loop's trip count. The twin must compute exactly the original's value (the test checks that too).
 */
final class TraceSource {
  static final String BINARY_NAME = "fuzz.Trace";

  static final String SOURCE =
      """
      package fuzz;

      /** Records the outcome of every non-smooth operation of a traced program. */
      public final class Trace {
        private static long hash = 17;
        private static int count;

        private Trace() {}

        /** Starts a new signature. */
        public static void reset() {
          hash = 17;
          count = 0;
        }

        /** The signature of everything recorded since {@link #reset}. */
        public static long signature() {
          return hash * 31 + count;
        }

        private static void record(long outcome) {
          hash = hash * 1_000_003L + outcome;
          count++;
        }

        public static boolean lt(double a, double b) {
          boolean r = a < b;
          record(r ? 1 : 0);
          return r;
        }

        public static boolean le(double a, double b) {
          boolean r = a <= b;
          record(r ? 1 : 0);
          return r;
        }

        public static boolean gt(double a, double b) {
          boolean r = a > b;
          record(r ? 1 : 0);
          return r;
        }

        public static boolean ge(double a, double b) {
          boolean r = a >= b;
          record(r ? 1 : 0);
          return r;
        }

        public static double abs(double x) {
          record(x < 0 ? 0 : x > 0 ? 1 : 2);
          return Math.abs(x);
        }

        public static double max(double a, double b) {
          record(a > b ? 0 : a < b ? 1 : 2);
          return Math.max(a, b);
        }

        public static double min(double a, double b) {
          record(a > b ? 0 : a < b ? 1 : 2);
          return Math.min(a, b);
        }

        public static double signum(double x) {
          record(x < 0 ? 0 : x > 0 ? 1 : 2);
          return Math.signum(x);
        }

        public static double floor(double x) {
          double r = Math.floor(x);
          record((long) r);
          return r;
        }

        public static double ceil(double x) {
          double r = Math.ceil(x);
          record((long) r);
          return r;
        }

        public static double rint(double x) {
          double r = Math.rint(x);
          record((long) r);
          return r;
        }

        public static long round(double x) {
          long r = Math.round(x);
          record(r);
          return r;
        }

        public static int toInt(double x) {
          int r = (int) x;
          record(r);
          return r;
        }

        public static double rem(double a, double b) {
          record((long) (a / b));
          return a % b;
        }

        public static double atan2(double y, double x) {
          record((y < 0 ? 0 : y > 0 ? 1 : 2) * 3 + (x < 0 ? 0 : x > 0 ? 1 : 2));
          return Math.atan2(y, x);
        }

        public static double strictAtan2(double y, double x) {
          record((y < 0 ? 0 : y > 0 ? 1 : 2) * 3 + (x < 0 ? 0 : x > 0 ? 1 : 2));
          return StrictMath.atan2(y, x);
        }
      }
      """;

  private TraceSource() {}

  static JavaFileObject file() {
    return JavaFileObjects.forSourceString(BINARY_NAME, SOURCE);
  }
}
