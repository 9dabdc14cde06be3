package io.github.chainrule.example.ner.features;

import io.github.chainrule.example.ner.corpus.Sentence;
import io.github.chainrule.example.ner.corpus.Token;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabularies of a model's feature tables and the encoding of sentences into their rows: what
 * the model was trained with, saved beside its parameters, so that a loaded model reads text the
 * same way.
 *
 * @param config which features, and their widths
 * @param words normalised words ({@link WordFeatures#normalize})
 * @param shapes word shapes ({@link WordFeatures#shape}); empty-specials-only when not used
 * @param affixes prefixes and suffixes, keyed {@code "p3:par"} and {@code "s3:ris"}
 */
public record FeatureSpace(FeatureConfig config, Vocabulary words, Vocabulary shapes, Vocabulary affixes) {

  /** Rows of the casing table: one per {@link WordFeatures.Casing}. */
  public static final int CASING_ROWS = WordFeatures.Casing.values().length;

  /** The vocabularies of a training corpus: strings seen at least {@code minCount} times. */
  public static FeatureSpace fromTraining(List<Sentence> sentences, FeatureConfig config, int minCount) {
    Map<String, Integer> words = new LinkedHashMap<>();
    Map<String, Integer> shapes = new LinkedHashMap<>();
    Map<String, Integer> affixes = new LinkedHashMap<>();
    for (Sentence s : sentences) {
      for (Token t : s.tokens()) {
        String w = WordFeatures.normalize(t.text());
        words.merge(w, 1, Integer::sum);
        if (config.shapeDim() > 0) {
          shapes.merge(WordFeatures.shape(t.text()), 1, Integer::sum);
        }
        if (config.affixDim() > 0) {
          for (int n : FeatureConfig.AFFIX_LENGTHS) {
            affixes.merge(prefixKey(w, n), 1, Integer::sum);
            affixes.merge(suffixKey(w, n), 1, Integer::sum);
          }
        }
      }
    }
    return new FeatureSpace(
        config,
        Vocabulary.build(words, minCount),
        Vocabulary.build(shapes, minCount),
        Vocabulary.build(affixes, minCount));
  }

  /** The same space with word rows for {@code extra} words too (from pretrained vectors). */
  public FeatureSpace withWords(Collection<String> extra) {
    return new FeatureSpace(config, words.plus(extra), shapes, affixes);
  }

  static String prefixKey(String normalized, int n) {
    return "p" + n + ":" + WordFeatures.prefix(normalized, n);
  }

  static String suffixKey(String normalized, int n) {
    return "s" + n + ":" + WordFeatures.suffix(normalized, n);
  }

  /** Encodes token texts, sentence by sentence, into table rows. */
  public EncodedCorpus encode(List<List<String>> sentences) {
    return EncodedCorpus.of(this, sentences);
  }

  /** Encodes a corpus's sentences into table rows. */
  public EncodedCorpus encodeSentences(List<Sentence> sentences) {
    return EncodedCorpus.of(this, sentences.stream().map(Sentence::words).toList());
  }
}
