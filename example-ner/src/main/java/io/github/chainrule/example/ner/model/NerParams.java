package io.github.chainrule.example.ner.model;

/**
 * The parameters of the window NER network, as plain arrays.
 *
 * <p>Feature tables (one row per vocabulary entry; a table of a feature the model does not use has
 * no rows): {@code words} (word vectors, the lecture's L), {@code casing}, {@code shapes}, {@code
 * affixes} (prefixes and suffixes share one table, keyed apart). The network: {@code h = f(W x +
 * b)}, scores {@code z = U h + c}. The linear-chain CRF, when used: {@code transitions[i][j]}, the
 * score of tag j after tag i, and the scores of starting and ending a sentence with each tag
 * (empty when the CRF is not used).
 */
public record NerParams(
    double[][] words,
    double[][] casing,
    double[][] shapes,
    double[][] affixes,
    double[][] W,
    double[] b,
    double[][] U,
    double[] c,
    double[][] transitions,
    double[] start,
    double[] end) {

  /** The same parameters with the feature tables replaced (by a batch's compact tables). */
  public NerParams withTables(double[][] words, double[][] casing, double[][] shapes, double[][] affixes) {
    return new NerParams(words, casing, shapes, affixes, W, b, U, c, transitions, start, end);
  }
}
