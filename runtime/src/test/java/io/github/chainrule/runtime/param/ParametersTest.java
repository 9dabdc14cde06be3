package io.github.chainrule.runtime.param;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParametersTest {

  record Inner(double[] v, double[][] M) {}

  record Outer(double[][] W, Inner inner, double[] b) {}

  record WithScalar(double[] w, double scale) {}

  record WithConstants(double[] w, int n, int[] ids, boolean flag, double[][] m, long[][] table) {}

  record WithText(double[] w, String label) {}

  @Test
  void ofRecordFlattensNestedRecordsInComponentOrder() {
    double[][] w = new double[2][3];
    double[] v = new double[4];
    double[][] m = {{1}, {2, 3}};
    double[] b = new double[2];
    Parameters p = Parameters.ofRecord(new Outer(w, new Inner(v, m), b));

    assertThat(p.size()).isEqualTo(4);
    assertThat(p.name(0)).isEqualTo("W");
    assertThat(p.name(1)).isEqualTo("inner.v");
    assertThat(p.name(2)).isEqualTo("inner.M");
    assertThat(p.name(3)).isEqualTo("b");
    assertThat(p.matrix(0)).isSameInstanceAs(w);
    assertThat(p.vector(1)).isSameInstanceAs(v);
    assertThat(p.isMatrix(2)).isTrue();
    assertThat(p.isMatrix(3)).isFalse();
    // segments: W's 2 rows, v, M's 2 rows, b
    assertThat(p.segmentCount()).isEqualTo(6);
    assertThat(p.segment(0)).isSameInstanceAs(w[0]);
    assertThat(p.segment(2)).isSameInstanceAs(v);
    assertThat(p.segment(4)).isSameInstanceAs(m[1]);
    assertThat(p.firstSegment(3)).isEqualTo(5);
    assertThat(p.elementCount()).isEqualTo(6 + 4 + 3 + 2);
    assertThat(p.shape())
        .isEqualTo("[W double[2][3], inner.v double[4], inner.M double[2][{1, 2}], b double[2]]");
  }

  @Test
  void ofTakesArraysRecordsAndViewsInOrder() {
    double[][] w = new double[2][2];
    double[] b = new double[2];
    Parameters p = Parameters.of(w, b, new Inner(new double[1], new double[1][1]));
    assertThat(p.shape())
        .isEqualTo("[0 double[2][2], 1 double[2], 2.v double[1], 2.M double[1][1]]");
    assertThat(Parameters.concat(p, Parameters.of(new double[3])).size()).isEqualTo(5);
  }

  @Test
  void aLoneMatrixIsOneEntryNotItsRows() {
    Parameters p = Parameters.of(new double[3][2]);
    assertThat(p.size()).isEqualTo(1);
    assertThat(p.isMatrix(0)).isTrue();
    assertThat(p.segmentCount()).isEqualTo(3);
  }

  @Test
  void scalarRecordComponentsAreRejectedWithAdvice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Parameters.ofRecord(new WithScalar(new double[1], 2.0)));
    assertThat(e).hasMessageThat().contains("WithScalar.scale is a double");
    assertThat(e).hasMessageThat().contains("declare it as double[] scale (length 1)");
  }

  @Test
  void integerAndBooleanComponentsAreConstantsLeftOut() {
    double[] w = new double[2];
    double[][] m = new double[1][3];
    Parameters p = Parameters.ofRecord(new WithConstants(w, 3, new int[] {1, 2}, true, m, null));
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.name(0)).isEqualTo("w");
    assertThat(p.name(1)).isEqualTo("m");
    assertThat(p.vector(0)).isSameInstanceAs(w);
    assertThat(p.matrix(1)).isSameInstanceAs(m);
  }

  @Test
  void otherComponentTypesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Parameters.ofRecord(new WithText(new double[1], "x")));
    assertThat(e).hasMessageThat().contains("WithText.label has type java.lang.String");
    assertThrows(IllegalArgumentException.class, () -> Parameters.of("text"));
  }

  @Test
  void openAdviceNamesTheModulesThatAreThere() {
    // java.util.HashMap stands for a record in a named module; this test runs the runtime on the
    // class path, where it is in the unnamed module: the advice opens to everyone there.
    String advice = Parameters.Builder.openAdvice(java.util.HashMap.class);
    assertThat(advice).contains("add 'opens java.util;' to the module-info.java of module java.base");
    assertThat(Parameters.class.getModule().isNamed()).isFalse();
    assertThat(advice).doesNotContain(" to io.github.chainrule");
  }

  @Test
  void toMapListsTheLiveArraysByName() {
    double[] v = new double[2];
    double[][] m = new double[1][1];
    Parameters p = Parameters.ofRecord(new Outer(new double[1][1], new Inner(v, m), new double[1]));
    assertThat(p.toMap().keySet()).containsExactly("W", "inner.v", "inner.M", "b").inOrder();
    assertThat(p.toMap().get("inner.v")).isSameInstanceAs(v);
    assertThat(p.toMap().get("inner.M")).isSameInstanceAs(m);
  }

  @Test
  void nullsAreRejectedNamingTheEntry() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Parameters.ofRecord(new Outer(new double[1][1], null, new double[1])));
    assertThat(e).hasMessageThat().contains("parameter inner is null");
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Parameters.of((Object) new double[][] {null}));
    assertThat(e).hasMessageThat().contains("null row 0");
  }

  @Test
  void anArrayAppearingTwiceIsRejected() {
    double[] v = new double[2];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(v, new double[][] {v}));
    assertThat(e).hasMessageThat().contains("as 0 and as 1[0]");
  }

  @Test
  void shapeMismatchNamesBothShapes() {
    Parameters params =
        Parameters.builder().add("W", new double[2][3]).add("b", new double[2]).build();
    Parameters grads =
        Parameters.builder().add("W", new double[2][3]).add("b", new double[3]).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> params.requireSameShape(grads));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "shape mismatch: parameters [W double[2][3], b double[2]]"
                + " but gradients [W double[2][3], b double[3]]");
    // a vector of 3 is not a 1 x 3 matrix
    assertThat(Parameters.of(new double[3]).hasSameShape(Parameters.of(new double[1][3])))
        .isFalse();
    assertThat(params.hasSameShape(Parameters.of(new double[2][3], new double[2]))).isTrue();
  }

  @Test
  void zeroAddCopyWorkInPlace() {
    double[] a = {1, 2};
    double[][] m = {{3}, {4, 5}};
    Parameters p = Parameters.of(a, m);
    Parameters q = Parameters.of(new double[] {10, 20}, new double[][] {{30}, {40, 50}});
    p.addFrom(q);
    assertThat(a).usingExactEquality().containsExactly(11, 22).inOrder();
    assertThat(m[1]).usingExactEquality().containsExactly(44, 55).inOrder();
    p.copyFrom(q);
    assertThat(m[0]).usingExactEquality().containsExactly(30);
    p.zero();
    assertThat(a).usingExactEquality().containsExactly(0, 0);
    double[][] buffers = p.newSegmentBuffers();
    assertThat(buffers.length).isEqualTo(3);
    assertThat(buffers[2].length).isEqualTo(2);
  }

  @Test
  void indexOfFindsNames() {
    Parameters p = Parameters.ofRecord(new Inner(new double[1], new double[1][1]));
    assertThat(p.indexOf("M")).isEqualTo(1);
    assertThat(p.indexOf("x")).isEqualTo(-1);
    assertThrows(IllegalStateException.class, () -> p.matrix(0));
    assertThrows(IllegalStateException.class, () -> p.vector(1));
  }
}
