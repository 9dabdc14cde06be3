/**
 * JMH benchmarks of chainrule's generated gradients: the lecture network against the forward pass
 * and a hand-written gradient ({@link io.github.chainrule.benchmarks.LectureBenchmark}), and
 * recurrences that overwrite their state over 10,000 steps
 * ({@link io.github.chainrule.benchmarks.RecurrenceBenchmark}).
 *
 * <p>The models ({@link io.github.chainrule.benchmarks.LectureNetwork},
 * {@link io.github.chainrule.benchmarks.Recurrences}) are ordinary {@code @Differentiable} code, as a
 * user would write it; the build compiles them with the processor and packages
 * {@code target/benchmarks.jar}, which runs with {@code java -jar}. The build never runs them.
 */
package io.github.chainrule.benchmarks;
