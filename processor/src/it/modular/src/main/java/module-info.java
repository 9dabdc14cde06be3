/**
 * A user's module. It reads chainrule's annotations, transitively because its exported methods
 * carry them (a module that differentiates through them reads them from the class files), and
 * nothing of the compiler.
 */
module demo.modular {
  requires transitive io.github.chainrule.annotations;

  exports demo.modular;
}
