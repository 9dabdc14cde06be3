/**
 * JMH benchmarks of chainrule's generated gradients: the lecture network against the forward pass
 * and a hand-written gradient ({@link io.github.chainrule.benchmarks.LectureBenchmark}), and
 * recurrences that overwrite their state over 10,000 steps
 * ({@link io.github.chainrule.benchmarks.RecurrenceBenchmark}).
 *
 * <p>The models ({@link io.github.chainrule.benchmarks.LectureNetwork},
 * {@link io.github.chainrule.benchmarks.Recurrences}) are ordinary {@code @Differentiable} code, as a
 * user would write it. Every build compiles them with the processor and packages
 * {@code benchmarks/target/benchmarks.jar}; no build runs them. To run them, from the repository
 * root:
 *
 * <pre>
 *   mvn -B -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar LectureBenchmark -f 2 -wi 3 -i 5 -w 1s -r 1s
 *   java -jar benchmarks/target/benchmarks.jar RecurrenceBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 *
 * <p>Compare benchmarks from the same run only, as ratios: absolute times depend on the machine and
 * on what else it runs.
 */
package io.github.chainrule.benchmarks;
