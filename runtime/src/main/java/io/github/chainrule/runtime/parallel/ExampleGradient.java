package io.github.chainrule.runtime.parallel;

/**
 * The gradient of one example's loss, added into a gradient holder: typically one call of a
 * generated companion's {@code m(args..., into)} overload, which adds ({@code +=}) and returns the
 * value.
 *
 * <pre>{@code
 * ExampleGradient<Model_Grad.Loss> perExample =
 *     (i, into) -> Model_Grad.loss(params, xs[batch[i]], ys[batch[i]], into);
 * }</pre>
 *
 * <p>{@link DataParallel} calls it from several threads at once, each time with a different holder:
 * it must only read shared state (the parameters, the data) and write nothing but {@code into}.
 *
 * @param <H> the gradient holder type
 */
@FunctionalInterface
public interface ExampleGradient<H> {

  /**
   * Adds the gradient of example {@code index}'s loss into {@code into}.
   *
   * @param index the example's position in the batch, {@code 0 <= index < batchSize}
   * @return the example's loss
   */
  double accumulate(int index, H into);
}
