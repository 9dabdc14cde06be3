package io.github.chainrule.example.ner.model;

/**
 * The best tag sequence of a sentence under a linear-chain CRF: the argmax of {@code start[y_0] +
 * sum_t Z[t][y_t] + sum_t transitions[y_(t-1)][y_t] + end[y_last]}, by dynamic programming.
 */
public final class Viterbi {
  private Viterbi() {}

  /** The best tags for rows {@code from .. to-1} of the scores Z. Ties go to the lower tag. */
  public static int[] decode(
      double[][] Z, int from, int to, double[][] transitions, double[] start, double[] end) {
    int n = to - from;
    int tags = start.length;
    double[] best = new double[tags];
    int[][] back = new int[n][tags];
    for (int k = 0; k < tags; k++) {
      best[k] = start[k] + Z[from][k];
    }
    for (int t = 1; t < n; t++) {
      double[] next = new double[tags];
      for (int k = 0; k < tags; k++) {
        int arg = 0;
        double max = best[0] + transitions[0][k];
        for (int j = 1; j < tags; j++) {
          double v = best[j] + transitions[j][k];
          if (v > max) {
            max = v;
            arg = j;
          }
        }
        next[k] = max + Z[from + t][k];
        back[t][k] = arg;
      }
      best = next;
    }
    int last = 0;
    for (int k = 1; k < tags; k++) {
      if (best[k] + end[k] > best[last] + end[last]) {
        last = k;
      }
    }
    int[] path = new int[n];
    path[n - 1] = last;
    for (int t = n - 1; t > 0; t--) {
      path[t - 1] = back[t][path[t]];
    }
    return path;
  }
}
