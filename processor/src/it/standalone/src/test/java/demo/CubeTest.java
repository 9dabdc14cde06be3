package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Checks the companion that chainrule generated for {@link Cube} while this project compiled. */
class CubeTest {
  @Test
  void freshHolderHoldsValueAndGradient() {
    Cube_Grad.F at1 = Cube_Grad.f(1.0);
    assertEquals(1.0, at1.value(), 0.0);
    assertEquals(3.0, at1.x(), 1e-12);

    Cube_Grad.F at4 = Cube_Grad.f(4.0);
    assertEquals(64.0, at4.value(), 0.0);
    assertEquals(48.0, at4.x(), 1e-12);
  }

  @Test
  void accumulateFormAddsIntoTheHolder() {
    Cube_Grad.F into = Cube_Grad.f(1.0);
    into.zero();
    assertEquals(0.0, into.x(), 0.0);

    assertEquals(64.0, Cube_Grad.f(4.0, into), 0.0);
    assertEquals(48.0, into.x(), 1e-12);
    assertEquals(1.0, Cube_Grad.f(1.0, into), 0.0);
    assertEquals(51.0, into.x(), 1e-12); // 48 + 3: gradients add up, like PyTorch's .grad

    into.zero();
    assertEquals(64.0, Cube_Grad.f(4.0, 0.5, into), 0.0); // seeded: adds 0.5 * f'(4)
    assertEquals(24.0, into.x(), 1e-12);
  }
}
