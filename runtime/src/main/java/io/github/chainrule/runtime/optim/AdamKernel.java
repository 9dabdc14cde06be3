package io.github.chainrule.runtime.optim;

import io.github.chainrule.runtime.param.Parameters;

/**
 * The update shared by {@link Adam} and {@link AdamW}, written in the operation order of PyTorch
 * 1.13's {@code _single_tensor_adam} so that results agree to the last few bits.
 */
final class AdamKernel {
  private AdamKernel() {}

  /**
   * One step.
   *
   * @param l2 weight decay added to the gradient (Adam), or 0
   * @param decoupled weight decay applied to the parameter first (AdamW), or 0
   * @param maxSq the AMSGrad maxima, or null
   */
  static void step(
      Parameters parameters,
      Parameters gradients,
      double[][] exp,
      double[][] expSq,
      double[][] maxSq,
      long step,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double l2,
      double decoupled) {
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    double negStepSize = -(lr / bc1);
    double bc2Sqrt = Math.sqrt(bc2);
    double oneMinusBeta1 = 1 - beta1;
    double oneMinusBeta2 = 1 - beta2;
    double shrink = 1 - lr * decoupled;
    int n = parameters.segmentCount();
    for (int k = 0; k < n; k++) {
      double[] p = parameters.segment(k);
      double[] g = gradients.segment(k);
      double[] m = exp[k];
      double[] v = expSq[k];
      double[] vmax = maxSq == null ? null : maxSq[k];
      for (int j = 0; j < p.length; j++) {
        double theta = p[j];
        if (decoupled != 0.0) {
          theta *= shrink;
        }
        double d = l2 != 0.0 ? g[j] + l2 * theta : g[j];
        double mj = m[j] * beta1 + oneMinusBeta1 * d;
        double vj = v[j] * beta2 + oneMinusBeta2 * d * d;
        m[j] = mj;
        v[j] = vj;
        if (vmax != null) {
          vj = Math.max(vmax[j], vj);
          vmax[j] = vj;
        }
        double denom = Math.sqrt(vj) / bc2Sqrt + eps;
        p[j] = theta + negStepSize * mj / denom;
      }
    }
  }
}
