/**
 * chainrule's annotations: {@link io.github.chainrule.Differentiable}, {@link
 * io.github.chainrule.NoGrad} and {@link io.github.chainrule.Derivative}. A module that uses them
 * {@code requires io.github.chainrule.annotations;} (or {@code requires transitive} when its
 * exported methods carry them: they are kept at run time).
 */
module io.github.chainrule.annotations {
  exports io.github.chainrule;
}
