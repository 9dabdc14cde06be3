package io.github.chainrule.example.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The tests' Spark: {@code local[2,4]}, two task threads and up to four attempts per task (plain
 * {@code local[2]} never retries a task; a cluster's {@code spark.task.maxFailures} is 4 too), one
 * context for every test class of the run.
 */
final class LocalSpark {
  /** The Java versions Spark 4.2 runs on (its documentation: "Spark runs on Java 17/21/25"). */
  static final Set<Integer> SUPPORTED_JAVA = Set.of(17, 21, 25);

  private static JavaSparkContext spark;

  private LocalSpark() {}

  /** Skips the calling test, saying why, on a Java version Spark does not support. */
  static void assumeSupportedJava() {
    int feature = Runtime.version().feature();
    assumeTrue(
        SUPPORTED_JAVA.contains(feature),
        "Spark 4.2 runs on Java 17, 21 and 25, not on Java " + feature + ": test skipped");
  }

  /** The shared context, made on first use (after {@link #assumeSupportedJava}). */
  static synchronized JavaSparkContext get() {
    assumeSupportedJava();
    if (spark == null) {
      SparkConf conf =
          new SparkConf()
              .setMaster("local[2,4]")
              .setAppName("chainrule-example-spark tests")
              .set("spark.ui.enabled", "false")
              .set("spark.ui.showConsoleProgress", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1");
      // Spark's own shutdown hook stops it when the JVM exits
      spark = new JavaSparkContext(conf);
    }
    return spark;
  }

  /**
   * Stops the shared context (for a test that makes its own); the next {@link #get} makes another.
   */
  static synchronized void stop() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }
}
