package io.github.chainrule.example.ner.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What conlleval computes from a set of gold and guessed tags: token accuracy, chunk counts and
 * scores overall and per type, and the report the script prints. Immutable.
 */
public final class EvaluationResult {
  private final int tokens;
  private final int correctTags;
  private final ChunkScores overall;
  private final Map<String, ChunkScores> byType;
  private final List<String> reportTypes;

  /**
   * @param reportTypes the types in the order the script prints them, which may repeat the empty
   *     type (see {@link Conlleval})
   */
  EvaluationResult(
      int tokens,
      int correctTags,
      ChunkScores overall,
      Map<String, ChunkScores> byType,
      List<String> reportTypes) {
    this.tokens = tokens;
    this.correctTags = correctTags;
    this.overall = overall;
    this.byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    this.reportTypes = List.copyOf(reportTypes);
  }

  /** The number of tokens (lines other than sentence boundaries). */
  public int tokens() {
    return tokens;
  }

  /** The number of tokens whose guessed tag equals the gold tag. */
  public int correctTags() {
    return correctTags;
  }

  /** {@code 100 * correctTags / tokens}, a percentage; 0 when there is no token. */
  public double accuracy() {
    return tokens > 0 ? 100.0 * correctTags / tokens : 0.0;
  }

  /** The counts and scores over all types. */
  public ChunkScores overall() {
    return overall;
  }

  /**
   * The counts and scores of each type that occurs in the gold or the guessed tags, in the script's
   * order (Perl's {@code sort}: by UTF-8 bytes, which is by code point).
   */
  public Map<String, ChunkScores> byType() {
    return byType;
  }

  /**
   * The report conlleval prints, every character of it, each line ending in {@code '\n'}:
   *
   * <pre>
   * processed 15027 tokens with 1730 phrases; found: 2299 phrases; correct: 1485.
   * accuracy:  93.57%; precision:  64.59%; recall:  85.84%; FB1:  73.72
   *               LOC: precision:  32.84%; recall:  85.26%; FB1:  47.42  405
   * </pre>
   *
   * The second line is left out when there is no token, as the script leaves it out. The last
   * number of a type's line is the number of chunks found of that type.
   */
  public String report() {
    StringBuilder b = new StringBuilder();
    b.append("processed ").append(tokens).append(" tokens with ").append(overall.gold());
    b.append(" phrases; found: ").append(overall.found()).append(" phrases; correct: ");
    b.append(overall.correct()).append(".\n");
    if (tokens > 0) {
      b.append("accuracy: ").append(PerlFormat.fixed62(accuracy())).append("%; ");
      scores(b, overall).append('\n');
    }
    for (String type : reportTypes) {
      ChunkScores s = byType.get(type);
      b.append(PerlFormat.right17(type)).append(": ");
      scores(b, s).append("  ").append(s.found()).append('\n');
    }
    return b.toString();
  }

  private static StringBuilder scores(StringBuilder b, ChunkScores s) {
    b.append("precision: ").append(PerlFormat.fixed62(s.precision())).append("%; ");
    b.append("recall: ").append(PerlFormat.fixed62(s.recall())).append("%; ");
    return b.append("FB1: ").append(PerlFormat.fixed62(s.f1()));
  }

  @Override
  public String toString() {
    return report();
  }
}
