package io.github.chainrule.runtime.init;

/**
 * Recommended gains for {@link Initializer#withGain}, as PyTorch's {@code
 * torch.nn.init.calculate_gain}: the factor that keeps the variance of activations steady through
 * a layer followed by the nonlinearity.
 */
public final class Gain {
  /** Identity (no nonlinearity): 1. */
  public static final double LINEAR = 1.0;

  /** Sigmoid: 1. */
  public static final double SIGMOID = 1.0;

  /** Tanh: 5/3. */
  public static final double TANH = 5.0 / 3.0;

  /** ReLU: {@code sqrt(2)}. */
  public static final double RELU = Math.sqrt(2.0);

  private Gain() {}

  /** Leaky ReLU with negative slope {@code slope}: {@code sqrt(2 / (1 + slope^2))}. */
  public static double leakyRelu(double slope) {
    return Math.sqrt(2.0 / (1.0 + slope * slope));
  }
}
