package demo.modular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs the companion chainrule generated inside the named module demo.modular. */
class QuadraticTest {
  @Test
  void theGradientIsComputedInTheModule() {
    double[] w = {1.0, -2.0, 0.5};
    double[] a = {3.0, 1.0, 4.0};
    Quadratic_Grad.F g = Quadratic_Grad.f(w, a);
    assertEquals(3.0 + 4.0 + 1.0, g.value(), 1e-12);
    assertArrayEquals(new double[] {6.0, -4.0, 4.0}, g.w(), 1e-12);
    Quadratic_Grad.F empty = Quadratic_Grad.F.zerosLike(w);
    assertEquals(3, empty.w().length);
  }

  @Test
  void theCodeRunsOnTheModulePath() {
    assertTrue(Quadratic.class.getModule().isNamed());
    assertEquals("demo.modular", Quadratic_Grad.class.getModule().getName());
    assertEquals("io.github.chainrule.annotations", io.github.chainrule.Differentiable.class.getModule().getName());
    // The module does not read java.compiler, where @Generated lives: a companion carrying it
    // would not have compiled (the processor leaves it out here).
    ModuleLayer.boot()
        .findModule("java.compiler")
        .ifPresent(compiler -> assertFalse(Quadratic.class.getModule().canRead(compiler)));
  }
}
