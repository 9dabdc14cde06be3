package io.github.chainrule.example.ner.cli;

import com.google.gson.JsonObject;
import io.github.chainrule.example.ner.corpus.Entity;
import io.github.chainrule.example.ner.corpus.TagScheme;
import io.github.chainrule.example.ner.features.EncodedCorpus;
import io.github.chainrule.example.ner.model.NerModel;
import io.github.chainrule.example.ner.text.SentenceSplitter;
import io.github.chainrule.example.ner.text.TextSentence;
import io.github.chainrule.example.ner.text.TextToken;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Tags raw text with a model and prints it, token by token or as entities in JSON lines. */
final class Tagging {
  /** The lecture's examples: Paris is a person in the first and a place in the second. */
  static final List<String> LECTURE_SENTENCES =
      List.of(
          "last night Paris Hilton wowed in a sequin gown",
          "Samuel Quinn was arrested in the Hilton Hotel in Paris in April 1989");

  private Tagging() {}

  /** The sentences of {@code texts} with the model's IOB2 tags. */
  record Tagged(int input, String text, TextSentence sentence, List<String> tags) {}

  static List<Tagged> tag(NerModel model, List<String> texts) {
    List<Integer> owners = new ArrayList<>();
    List<TextSentence> sentences = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      for (TextSentence s : SentenceSplitter.split(texts.get(i))) {
        owners.add(i);
        sentences.add(s);
      }
    }
    List<List<String>> words = new ArrayList<>();
    for (TextSentence s : sentences) {
      words.add(s.words());
    }
    EncodedCorpus encoded = model.space().encode(words);
    List<int[]> predicted = model.predict(encoded);
    List<Tagged> out = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      int input = owners.get(i);
      out.add(new Tagged(input, texts.get(input), sentences.get(i), model.tagStrings(predicted.get(i))));
    }
    return out;
  }

  /** Prints {@code token TAG} lines, the tags in {@code scheme}, a blank line after each sentence. */
  static void print(NerModel model, TagScheme scheme, List<String> texts, PrintWriter out) {
    for (Tagged t : tag(model, texts)) {
      List<String> tags = scheme.fromIob2(t.tags());
      List<String> words = t.sentence().words();
      for (int k = 0; k < words.size(); k++) {
        out.println(words.get(k) + "\t" + tags.get(k));
      }
      out.println();
    }
    out.flush();
  }

  /**
   * Prints one JSON object per entity: its text, type, and character offsets in the input ({@code
   * start} inclusive, {@code end} exclusive, in UTF-16 units as Java and JavaScript count them),
   * and the index of the input it came from.
   */
  static void printJson(NerModel model, List<String> texts, PrintWriter out) {
    List<Tagged> tagged = tag(model, texts);
    for (Tagged t : tagged) {
      List<TextToken> tokens = t.sentence().tokens();
      for (Entity e : Entity.fromIob2(t.tags())) {
        int start = tokens.get(e.start()).start();
        int end = tokens.get(e.end() - 1).end();
        JsonObject o = new JsonObject();
        o.addProperty("text", t.text().substring(start, end));
        o.addProperty("type", e.type());
        o.addProperty("start", start);
        o.addProperty("end", end);
        o.addProperty("input", t.input());
        out.println(o);
      }
    }
    out.flush();
  }
}
