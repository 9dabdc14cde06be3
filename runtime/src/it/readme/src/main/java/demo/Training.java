package demo;

import io.github.chainrule.runtime.optim.Adam;
import io.github.chainrule.runtime.param.Parameters;

/** Full-batch training with Adam. */
public final class Training {
  private Training() {}

  /** Fits a model to the examples (xs[i], ys[i]) and returns it; prints the loss as it goes. */
  public static LogisticRegression.Params fit(double[][] xs, int[] ys, int epochs) {
    LogisticRegression.Params model =
        new LogisticRegression.Params(new double[xs[0].length], new double[1]);
    // One gradient holder, shaped like the model, reused by every step.
    LogisticRegression_Grad.Loss grad = LogisticRegression_Grad.Loss.zerosLike(model);
    // The optimizer updates the model's arrays from the holder's arrays: (parameters, gradients).
    Adam adam =
        Adam.builder()
            .learningRate(0.1)
            .build(Parameters.ofRecord(model), Parameters.ofRecord(grad.p()));
    for (int epoch = 0; epoch < epochs; epoch++) {
      adam.zeroGrad();
      double loss = 0;
      for (int i = 0; i < xs.length; i++) {
        loss += LogisticRegression_Grad.loss(model, xs[i], ys[i], grad); // adds into grad
      }
      adam.step();
      if (epoch % 50 == 0) {
        System.out.printf("epoch %d: mean loss %.4f%n", epoch, loss / xs.length);
      }
    }
    return model;
  }
}
