package io.github.chainrule.processor.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CoordinatesTest {
  record Inner(double[] v, double s) {}

  record Outer(double[][] W, Inner inner, double[] b) {}

  record WithConstant(double[] v, int n) {}

  private static Outer sample() {
    return new Outer(
        new double[][] {{1, 2, 3}, {4, 5}}, new Inner(new double[] {6, 7}, 8), new double[] {9});
  }

  @Test
  void differentiableTypes() {
    assertThat(Coordinates.isDifferentiableType(double.class)).isTrue();
    assertThat(Coordinates.isDifferentiableType(double[].class)).isTrue();
    assertThat(Coordinates.isDifferentiableType(double[][].class)).isTrue();
    assertThat(Coordinates.isDifferentiableType(Outer.class)).isTrue();
    assertThat(Coordinates.isDifferentiableType(WithConstant.class)).isFalse();
    assertThat(Coordinates.isDifferentiableType(int.class)).isFalse();
    assertThat(Coordinates.isDifferentiableType(double[][][].class)).isFalse();
    assertThat(Coordinates.isDifferentiableType(Double.class)).isFalse();
  }

  @Test
  void flattensNestedRecordsInReadingOrder() {
    assertThat(Coordinates.flatten(sample()))
        .usingExactEquality()
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9)
        .inOrder();
    assertThat(Coordinates.names("p", sample()))
        .containsExactly(
            "p.W()[0][0]",
            "p.W()[0][1]",
            "p.W()[0][2]",
            "p.W()[1][0]",
            "p.W()[1][1]",
            "p.inner().v()[0]",
            "p.inner().v()[1]",
            "p.inner().s()",
            "p.b()[0]")
        .inOrder();
    assertThat(Coordinates.names("x", 2.0)).containsExactly("x");
  }

  @Test
  void rebuildsThroughTheCanonicalConstructorWithoutSharing() {
    Outer original = sample();
    Outer moved = (Outer) Coordinates.with(original, 7, -1.5);
    assertThat(moved.inner().s()).isEqualTo(-1.5);
    assertThat(original.inner().s()).isEqualTo(8.0);
    assertThat(moved.W()).isNotSameInstanceAs(original.W());
    assertThat(moved.W()[1]).isNotSameInstanceAs(original.W()[1]);
    assertThat(moved.W()[1]).usingExactEquality().containsExactly(4, 5).inOrder();
    assertThat(Coordinates.shape(moved)).isEqualTo(Coordinates.shape(original));
    assertThat(Coordinates.sameShape(moved, original)).isTrue();
  }

  @Test
  void constantComponentsArePassedThrough() {
    WithConstant moved = (WithConstant) Coordinates.with(new WithConstant(new double[] {1}, 3), 0, 2);
    assertThat(moved.n()).isEqualTo(3);
    assertThat(moved.v()).usingExactEquality().containsExactly(2);
  }

  @Test
  void scalarsAndShapes() {
    assertThat(Coordinates.with(2.0, 0, 3.0)).isEqualTo(3.0);
    assertThat(Coordinates.sameShape(new double[2], new double[3])).isFalse();
    assertThat(Coordinates.sameShape(new double[][] {{1}, {2, 3}}, new double[][] {{1, 2}, {3}}))
        .isFalse();
    assertThrows(
        IllegalArgumentException.class, () -> Coordinates.rebuild(new double[2], new double[3]));
  }
}
