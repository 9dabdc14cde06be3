package io.github.chainrule.example.ner.model;

/** The hidden layer's nonlinearity f in {@code h = f(W x + b)}. */
public enum Activation {
  /** The hyperbolic tangent (the default). */
  TANH,
  /** {@code max(0, z)}. */
  RELU,
  /** The logistic function, as in the lecture's running example. */
  SIGMOID
}
