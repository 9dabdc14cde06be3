package io.github.chainrule.processor.corpus;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.github.chainrule.processor.testing.GradientFunction;
import java.lang.reflect.Constructor;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The CS224N backpropagation lecture's examples with the exact numbers from the slides, and the
 * network's gradients against the lecture's closed forms: delta = u o f'(z), ds/dW = delta x^T,
 * ds/db = delta, ds/du = f(z), ds/dx = W^T delta.
 */
class LectureGradientTest {
  private static final double CLOSED_FORM_TOLERANCE = 1e-12;

  private static GradientFunction lecture(String name) {
    return GradientFunction.of(
        CompiledCorpus.get().loaderOrFail().load("corpus.Lecture"), name);
  }

  private static double gradient(GradientFunction.Holder holder, int parameter) {
    return (Double) holder.gradient(parameter);
  }

  @Test
  void cubeHasExactlyTheLecturesGradients() {
    GradientFunction cube = lecture("cube");
    GradientFunction.Holder atOne = cube.fresh(1.0);
    assertThat(atOne.value()).isEqualTo(1.0);
    assertThat(gradient(atOne, 0)).isEqualTo(3.0);
    GradientFunction.Holder atFour = cube.fresh(4.0);
    assertThat(atFour.value()).isEqualTo(64.0);
    assertThat(gradient(atFour, 0)).isEqualTo(48.0);
  }

  @Test
  void chainIsSixX() {
    GradientFunction chain = lecture("chain");
    for (double x : new double[] {1.0, -2.0, 1.5, 0.25, 3.0}) {
      GradientFunction.Holder holder = chain.fresh(x);
      assertWithMessage("dz/dx at %s", x).that(gradient(holder, 0)).isEqualTo(6 * x);
      assertThat(holder.value()).isEqualTo(3 * x * x);
    }
    assertThat(gradient(chain.fresh(0.1), 0)).isWithin(1e-15).of(0.6);
  }

  @Test
  void lectureGraphRoutesAndSumsGradients() {
    // f = (x + y) max(y, z) at x = 1, y = 2, z = 0: the slides' df/dx = 2, df/dy = 3 + 2 = 5, df/dz = 0.
    GradientFunction.Holder holder = lecture("graph").fresh(1.0, 2.0, 0.0);
    assertThat(holder.value()).isEqualTo(6.0);
    assertThat(gradient(holder, 0)).isEqualTo(2.0);
    assertThat(gradient(holder, 1)).isEqualTo(5.0);
    assertThat(gradient(holder, 2)).isEqualTo(0.0);
  }

  @Test
  void addDistributes() {
    GradientFunction.Holder holder = lecture("add").fresh(3.0, -1.0);
    assertThat(gradient(holder, 0)).isEqualTo(1.0);
    assertThat(gradient(holder, 1)).isEqualTo(1.0);
    GradientFunction.Holder seeded = lecture("add").zerosLike(3.0, -1.0);
    lecture("add").accumulate(new Object[] {3.0, -1.0}, 2.5, seeded);
    assertThat(gradient(seeded, 0)).isEqualTo(2.5);
    assertThat(gradient(seeded, 1)).isEqualTo(2.5);
  }

  @Test
  void maxRoutesToTheLargerInput() {
    GradientFunction max = lecture("max");
    GradientFunction.Holder secondLarger = max.fresh(2.0, 5.0);
    assertThat(gradient(secondLarger, 0)).isEqualTo(0.0);
    assertThat(gradient(secondLarger, 1)).isEqualTo(1.0);
    GradientFunction.Holder firstLarger = max.fresh(5.0, 2.0);
    assertThat(gradient(firstLarger, 0)).isEqualTo(1.0);
    assertThat(gradient(firstLarger, 1)).isEqualTo(0.0);
    // The contract for ties: the whole gradient goes to the first argument.
    GradientFunction.Holder tie = max.fresh(3.0, 3.0);
    assertThat(gradient(tie, 0) + gradient(tie, 1)).isEqualTo(1.0);
    assertThat(gradient(tie, 0)).isEqualTo(1.0);
  }

  @Test
  void multiplySwitches() {
    GradientFunction.Holder holder = lecture("multiply").fresh(3.0, 4.0);
    assertThat(holder.value()).isEqualTo(12.0);
    assertThat(gradient(holder, 0)).isEqualTo(4.0);
    assertThat(gradient(holder, 1)).isEqualTo(3.0);
  }

  @Test
  void valueUsedTwiceSumsItsGradients() {
    double x = 0.7;
    double y = -1.3;
    double a = x * y;
    GradientFunction.Holder holder = lecture("usedTwice").fresh(x, y);
    double upstream = 2 * a + Math.cos(a); // both uses of a contribute
    assertThat(gradient(holder, 0)).isWithin(CLOSED_FORM_TOLERANCE).of(upstream * y);
    assertThat(gradient(holder, 1)).isWithin(CLOSED_FORM_TOLERANCE).of(upstream * x);
  }

  private static final double[][] W = {{0.3, -0.2, 0.5, 0.1}, {0.1, 0.4, -0.6, 0.2}, {-0.7, 0.05, 0.3, -0.4}};
  private static final double[] B = {0.05, -0.1, 0.2};
  private static final double[] U = {1.5, -0.7, 0.9};
  private static final double[] X = {0.9, -1.1, 0.4, 0.3};

  private static Object layer(double[][] w, double[] b, double[] u) throws Exception {
    Class<?> type = CompiledCorpus.get().loaderOrFail().load("corpus.Lecture$Layer");
    Constructor<?> canonical = type.getDeclaredConstructor(double[][].class, double[].class, double[].class);
    return canonical.newInstance(w, b, u);
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Checks the holder's gradients against the lecture's delta formulas for nonlinearity f. */
  private static void assertClosedForms(
      double[][] dW, double[] db, double[] du, double[] dx, DoubleUnaryOperator f, DoubleUnaryOperator fPrime) {
    double[] delta = new double[B.length];
    double[] dxExpected = new double[X.length];
    for (int i = 0; i < B.length; i++) {
      double z = B[i];
      for (int j = 0; j < X.length; j++) {
        z += W[i][j] * X[j];
      }
      delta[i] = U[i] * fPrime.applyAsDouble(z); // delta = u o f'(z)
      assertWithMessage("ds/du[%s] = f(z)", i).that(du[i]).isWithin(CLOSED_FORM_TOLERANCE).of(f.applyAsDouble(z));
      assertWithMessage("ds/db[%s] = delta", i).that(db[i]).isWithin(CLOSED_FORM_TOLERANCE).of(delta[i]);
      for (int j = 0; j < X.length; j++) {
        assertWithMessage("ds/dW[%s][%s] = delta x^T", i, j)
            .that(dW[i][j])
            .isWithin(CLOSED_FORM_TOLERANCE)
            .of(delta[i] * X[j]);
        dxExpected[j] += W[i][j] * delta[i]; // W^T delta
      }
    }
    for (int j = 0; j < X.length; j++) {
      assertWithMessage("ds/dx[%s] = (W^T delta)[%s]", j, j).that(dx[j]).isWithin(CLOSED_FORM_TOLERANCE).of(dxExpected[j]);
    }
  }

  private static void checkNetwork(String name, DoubleUnaryOperator f, DoubleUnaryOperator fPrime) throws Exception {
    GradientFunction network = lecture(name);
    GradientFunction.Holder holder = network.fresh(layer(W, B, U), X.clone());
    Record p = (Record) holder.gradient(0);
    double[][] dW = (double[][]) p.getClass().getMethod("W").invoke(p);
    double[] db = (double[]) p.getClass().getMethod("b").invoke(p);
    double[] du = (double[]) p.getClass().getMethod("u").invoke(p);
    assertClosedForms(dW, db, du, (double[]) holder.gradient(1), f, fPrime);
  }

  @Test
  void sigmoidNetworkMatchesTheDeltaFormulas() throws Exception {
    checkNetwork("sigmoidNetwork", LectureGradientTest::sigmoid, z -> sigmoid(z) * (1 - sigmoid(z)));
  }

  @Test
  void tanhNetworkMatchesTheDeltaFormulas() throws Exception {
    checkNetwork("tanhNetwork", Math::tanh, z -> 1 - Math.tanh(z) * Math.tanh(z));
  }

  @Test
  void layerScoreWithSeparateParametersMatchesTheDeltaFormulas() {
    GradientFunction.Holder holder = lecture("layerScore").fresh(W, B, U, X);
    assertClosedForms(
        (double[][]) holder.gradient(0),
        (double[]) holder.gradient(1),
        (double[]) holder.gradient(2),
        (double[]) holder.gradient(3),
        LectureGradientTest::sigmoid,
        z -> sigmoid(z) * (1 - sigmoid(z)));
  }
}
