package io.github.chainrule.runtime.init;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded way to fill weights: Xavier/Glorot and He (Kaiming), uniform or normal, plain uniform
 * and normal, constants and zeros, with the conventions of PyTorch's {@code torch.nn.init}.
 *
 * <p>A weight matrix is stored {@code [out][in]}, like PyTorch's {@code nn.Linear.weight}: {@code
 * W[i][j]} connects input {@code j} to output {@code i}, so {@code fan_in} is the row length and
 * {@code fan_out} the number of rows. For a {@code double[]} the fans are given explicitly (PyTorch
 * refuses fan-based initializers on tensors with fewer than two dimensions).
 *
 * <table>
 *   <caption>Distributions (gain {@code g}, default 1 for Xavier and {@code sqrt(2)} for He)</caption>
 *   <tr><th>initializer</th><th>distribution</th></tr>
 *   <tr><td>{@link #xavierUniform()}</td><td>{@code U(-a, a)}, {@code a = g sqrt(6 / (fan_in + fan_out))}</td></tr>
 *   <tr><td>{@link #xavierNormal()}</td><td>{@code N(0, s^2)}, {@code s = g sqrt(2 / (fan_in + fan_out))}</td></tr>
 *   <tr><td>{@link #heUniform()}</td><td>{@code U(-a, a)}, {@code a = g sqrt(3 / fan)}</td></tr>
 *   <tr><td>{@link #heNormal()}</td><td>{@code N(0, s^2)}, {@code s = g / sqrt(fan)}</td></tr>
 * </table>
 *
 * <p>For He, {@code fan} is {@code fan_in} (PyTorch's {@code mode='fan_in'}, which preserves the
 * variance of activations in the forward pass) unless {@link #withFanOut()} selects {@code fan_out}
 * (which preserves it for gradients in the backward pass).
 *
 * <p>Randomness: every method takes a {@link SplittableRandom} (or a seed for one), whose
 * algorithm (SplitMix64) is fixed by its specification, and values are drawn in reading order
 * (row by row), so a seed gives the same weights on every JDK and machine. Uniform values are
 * {@code -a + 2a * u} with {@code u = random.nextDouble()} in {@code [0, 1)}; normal values come
 * from the Box–Muller transform of two such {@code u}, both of whose outputs are used, implemented
 * here rather than taken from {@code nextGaussian()}, whose algorithm the JDK does not fix.
 * Values are not bit-identical to PyTorch's, whose generator differs; their distribution is the
 * same.
 *
 * <pre>{@code
 * SplittableRandom random = new SplittableRandom(42);
 * double[][] W = Initializer.xavierUniform().matrix(100, 50, random); // [out=100][in=50]
 * Initializer.heNormal().fill(hidden, random);                        // in place
 * double[] b = Initializer.zeros().vector(100, 50, 100, random);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; the random generator is the caller's.
 */
public final class Initializer {
  private enum Kind {
    XAVIER_UNIFORM,
    XAVIER_NORMAL,
    HE_UNIFORM,
    HE_NORMAL,
    UNIFORM,
    NORMAL,
    CONSTANT
  }

  private final Kind kind;
  private final double gain;
  private final boolean useFanOut;
  /** Uniform: lower and upper bound; normal: mean and standard deviation; constant: value. */
  private final double first;

  private final double second;

  private Initializer(Kind kind, double gain, boolean fanOut, double first, double second) {
    this.kind = kind;
    this.gain = gain;
    this.useFanOut = fanOut;
    this.first = first;
    this.second = second;
  }

  /** Xavier/Glorot uniform: {@code U(-a, a)}, {@code a = gain * sqrt(6 / (fan_in + fan_out))}. */
  public static Initializer xavierUniform() {
    return new Initializer(Kind.XAVIER_UNIFORM, 1.0, false, 0, 0);
  }

  /** Xavier/Glorot normal: {@code N(0, s^2)}, {@code s = gain * sqrt(2 / (fan_in + fan_out))}. */
  public static Initializer xavierNormal() {
    return new Initializer(Kind.XAVIER_NORMAL, 1.0, false, 0, 0);
  }

  /**
   * He/Kaiming uniform for ReLU layers: {@code U(-a, a)}, {@code a = gain * sqrt(3 / fan_in)}, gain
   * {@code sqrt(2)}; as PyTorch's {@code kaiming_uniform_(w, nonlinearity='relu')}.
   */
  public static Initializer heUniform() {
    return new Initializer(Kind.HE_UNIFORM, Gain.RELU, false, 0, 0);
  }

  /**
   * He/Kaiming normal for ReLU layers: {@code N(0, s^2)}, {@code s = gain / sqrt(fan_in)}, gain
   * {@code sqrt(2)}; as PyTorch's {@code kaiming_normal_(w, nonlinearity='relu')}.
   */
  public static Initializer heNormal() {
    return new Initializer(Kind.HE_NORMAL, Gain.RELU, false, 0, 0);
  }

  /** {@code U(low, high)}, independent of the fans. */
  public static Initializer uniform(double low, double high) {
    if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException(
          "uniform needs finite low <= high, got [" + low + ", " + high + ")");
    }
    return new Initializer(Kind.UNIFORM, 1.0, false, low, high);
  }

  /** {@code N(mean, std^2)}, independent of the fans. */
  public static Initializer normal(double mean, double std) {
    if (!(std >= 0) || !Double.isFinite(mean) || !Double.isFinite(std)) {
      throw new IllegalArgumentException(
          "normal needs a finite mean and std >= 0, got " + mean + ", " + std);
    }
    return new Initializer(Kind.NORMAL, 1.0, false, mean, std);
  }

  /** Every value {@code value}; draws nothing from the random generator. */
  public static Initializer constant(double value) {
    return new Initializer(Kind.CONSTANT, 1.0, false, value, 0);
  }

  /** Every value 0 (biases); draws nothing from the random generator. */
  public static Initializer zeros() {
    return constant(0.0);
  }

  /**
   * The same initializer with another gain (see {@link Gain}); only Xavier and He use a gain.
   *
   * @throws IllegalStateException for an initializer that has no gain
   */
  public Initializer withGain(double gain) {
    if (!(gain > 0 && gain < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("gain must be positive and finite, got " + gain);
    }
    requireFanBased("withGain");
    return new Initializer(kind, gain, useFanOut, first, second);
  }

  /**
   * He with {@code fan_out} instead of {@code fan_in} (PyTorch's {@code mode='fan_out'}).
   *
   * @throws IllegalStateException for an initializer other than He
   */
  public Initializer withFanOut() {
    if (kind != Kind.HE_UNIFORM && kind != Kind.HE_NORMAL) {
      throw new IllegalStateException("withFanOut applies to He initializers only, not " + this);
    }
    return new Initializer(kind, gain, true, first, second);
  }

  /**
   * The standard deviation of the values this initializer draws for the given fans (0 for a
   * constant): {@code a / sqrt(3)} for {@code U(-a, a)}.
   */
  public double standardDeviation(int fanIn, int fanOut) {
    return switch (kind) {
      case XAVIER_UNIFORM, HE_UNIFORM -> bound(fanIn, fanOut) / Math.sqrt(3.0);
      case XAVIER_NORMAL, HE_NORMAL -> scale(fanIn, fanOut);
      case UNIFORM -> (second - first) / Math.sqrt(12.0);
      case NORMAL -> second;
      case CONSTANT -> 0.0;
    };
  }

  /** Fills a {@code [out][in]} weight matrix in place, row by row. */
  public void fill(double[][] weights, SplittableRandom random) {
    Objects.requireNonNull(random, "random");
    int out = weights.length;
    int in = out == 0 ? 0 : weights[0].length;
    for (int i = 0; i < out; i++) {
      if (weights[i].length != in) {
        throw new IllegalArgumentException(
            "weights must be rectangular: row 0 has "
                + in
                + " columns, row "
                + i
                + " has "
                + weights[i].length);
      }
    }
    Sampler sampler = sampler(in, out, random);
    for (double[] row : weights) {
      for (int j = 0; j < row.length; j++) {
        row[j] = sampler.next();
      }
    }
  }

  /** {@link #fill(double[][], SplittableRandom)} with {@code new SplittableRandom(seed)}. */
  public void fill(double[][] weights, long seed) {
    fill(weights, new SplittableRandom(seed));
  }

  /** Fills {@code values} in place, with the given fans. */
  public void fill(double[] values, int fanIn, int fanOut, SplittableRandom random) {
    Objects.requireNonNull(random, "random");
    Sampler sampler = sampler(fanIn, fanOut, random);
    for (int i = 0; i < values.length; i++) {
      values[i] = sampler.next();
    }
  }

  /** A new {@code [out][in]} weight matrix. */
  public double[][] matrix(int out, int in, SplittableRandom random) {
    double[][] weights = new double[out][in];
    fill(weights, random);
    return weights;
  }

  /** {@link #matrix(int, int, SplittableRandom)} with {@code new SplittableRandom(seed)}. */
  public double[][] matrix(int out, int in, long seed) {
    return matrix(out, in, new SplittableRandom(seed));
  }

  /** A new vector of length {@code n}, with the given fans. */
  public double[] vector(int n, int fanIn, int fanOut, SplittableRandom random) {
    double[] values = new double[n];
    fill(values, fanIn, fanOut, random);
    return values;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case XAVIER_UNIFORM -> "xavierUniform(gain=" + gain + ")";
      case XAVIER_NORMAL -> "xavierNormal(gain=" + gain + ")";
      case HE_UNIFORM -> "heUniform(gain=" + gain + ", " + (useFanOut ? "fan_out" : "fan_in") + ")";
      case HE_NORMAL -> "heNormal(gain=" + gain + ", " + (useFanOut ? "fan_out" : "fan_in") + ")";
      case UNIFORM -> "uniform(" + first + ", " + second + ")";
      case NORMAL -> "normal(" + first + ", " + second + ")";
      case CONSTANT -> "constant(" + first + ")";
    };
  }

  /** Draws values one at a time; holds the spare Box–Muller output. */
  private interface Sampler {
    double next();
  }

  private Sampler sampler(int fanIn, int fanOut, SplittableRandom random) {
    switch (kind) {
      case XAVIER_UNIFORM, HE_UNIFORM -> {
        double a = bound(fanIn, fanOut);
        return () -> -a + 2 * a * random.nextDouble();
      }
      case UNIFORM -> {
        double low = first;
        double width = second - first;
        return () -> low + width * random.nextDouble();
      }
      case XAVIER_NORMAL, HE_NORMAL -> {
        return normalSampler(0.0, scale(fanIn, fanOut), random);
      }
      case NORMAL -> {
        return normalSampler(first, second, random);
      }
      default -> {
        double value = first;
        return () -> value;
      }
    }
  }

  /** The bound {@code a} of a fan-based {@code U(-a, a)}. */
  private double bound(int fanIn, int fanOut) {
    requireFans(fanIn, fanOut);
    // computed as PyTorch writes it, not as sqrt(3) * scale, which rounds differently
    return switch (kind) {
      case XAVIER_UNIFORM, XAVIER_NORMAL -> gain * Math.sqrt(6.0 / ((double) fanIn + fanOut));
      case HE_UNIFORM, HE_NORMAL -> gain * Math.sqrt(3.0 / (useFanOut ? fanOut : fanIn));
      default -> throw new AssertionError(kind);
    };
  }

  /** The standard deviation a fan-based initializer aims for. */
  private double scale(int fanIn, int fanOut) {
    requireFans(fanIn, fanOut);
    return switch (kind) {
      case XAVIER_UNIFORM, XAVIER_NORMAL -> gain * Math.sqrt(2.0 / ((double) fanIn + fanOut));
      case HE_UNIFORM, HE_NORMAL -> gain / Math.sqrt(useFanOut ? fanOut : fanIn);
      default -> throw new AssertionError(kind);
    };
  }

  private void requireFans(int fanIn, int fanOut) {
    if (fanIn < 1 || fanOut < 1) {
      throw new IllegalArgumentException(
          this + " needs fan_in and fan_out >= 1, got fan_in=" + fanIn + ", fan_out=" + fanOut);
    }
  }

  private void requireFanBased(String what) {
    if (kind == Kind.UNIFORM || kind == Kind.NORMAL || kind == Kind.CONSTANT) {
      throw new IllegalStateException(what + " applies to Xavier and He initializers, not " + this);
    }
  }

  /**
   * Box–Muller: {@code r = sqrt(-2 ln u1)}, {@code t = 2 pi u2}, gives the independent standard
   * normals {@code r cos t} and {@code r sin t}. {@code StrictMath} makes them the same bits on every
   * JDK and platform. {@code u1 = 1 - nextDouble()} lies in {@code (0,
   * 1]}, so the logarithm is finite.
   */
  private static Sampler normalSampler(double mean, double std, SplittableRandom random) {
    return new Sampler() {
      private double spare;
      private boolean hasSpare;

      @Override
      public double next() {
        if (hasSpare) {
          hasSpare = false;
          return mean + std * spare;
        }
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - random.nextDouble()));
        double t = 2.0 * Math.PI * random.nextDouble();
        spare = r * StrictMath.sin(t);
        hasSpare = true;
        return mean + std * r * StrictMath.cos(t);
      }
    };
  }
}
