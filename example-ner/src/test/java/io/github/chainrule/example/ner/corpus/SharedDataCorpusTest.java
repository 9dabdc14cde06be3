package io.github.chainrule.example.ner.corpus;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads every corpus in {@code ../shared/data}. Token counts are those its README states (but see
 * {@link #btcTest}); sentence counts were counted apart, with awk, as runs of lines that are not
 * blank.
 */
class SharedDataCorpusTest {
  private static void check(
      Corpus corpus, TagScheme scheme, int tokens, int sentences, List<String> types) {
    assertThat(corpus.scheme()).isEqualTo(scheme);
    assertThat(corpus.tokenCount()).isEqualTo(tokens);
    assertThat(corpus.sentences()).hasSize(sentences);
    assertThat(corpus.types()).containsExactlyElementsIn(types);
  }

  private static final List<String> BTC = List.of("PER", "ORG", "LOC");
  private static final List<String> WNUT =
      List.of("person", "location", "group", "corporation", "product", "creative-work");

  @Test
  void btcTrainAndDev() throws IOException {
    List<Corpus> btc =
        CorpusReader.readTogether(
            List.of(SharedData.file("btc/btc.train"), SharedData.file("btc/btc.dev")));
    check(btc.get(0), TagScheme.IOB2, 99_933, 6_338, BTC);
    check(btc.get(1), TagScheme.IOB2, 15_027, 1_001, BTC);
    // five tokens of btc.dev hold a space; the file is split at tabs
    List<String> spaced = new ArrayList<>();
    for (Sentence s : btc.get(1).sentences()) {
      for (String w : s.words()) {
        if (w.contains(" ")) {
          spaced.add(w);
        }
      }
    }
    assertThat(spaced).hasSize(5);
    assertThat(spaced).contains("ke s");
  }

  /**
   * The README gives 35,429 tokens, counting the line that is a single space (13045); it also says
   * that line ends a sentence, which leaves 35,428 tokens, the count conlleval reports for this
   * file in {@code conlleval-golden}.
   */
  @Test
  void btcTest() throws IOException {
    Corpus test = CorpusReader.read(SharedData.file("btc/btc.test"));
    check(test, TagScheme.IOB2, 35_428, 2_001, BTC);
    Sentence before = null;
    Sentence after = null;
    for (Sentence s : test.sentences()) {
      if (s.tokens().get(s.size() - 1).line() == 13044) {
        before = s;
      }
      if (s.line() == 13046) {
        after = s;
      }
    }
    assertThat(before).isNotNull();
    assertThat(after).isNotNull();
    // line 13046 is a tab and O: an empty token, read as one
    assertThat(after.tokens().get(0).text()).isEmpty();
  }

  @Test
  void wnut17() throws IOException {
    List<Corpus> wnut =
        CorpusReader.readTogether(
            List.of(
                SharedData.file("wnut17/wnut17train.conll"),
                SharedData.file("wnut17/emerging.dev.conll"),
                SharedData.file("wnut17/emerging.test.annotated")));
    // 2,394 of train's sentence breaks are a lone tab
    check(wnut.get(0), TagScheme.IOB2, 62_730, 3_394, WNUT);
    check(wnut.get(1), TagScheme.IOB2, 15_733, 1_009, WNUT);
    check(wnut.get(2), TagScheme.IOB2, 23_394, 1_287, WNUT);
  }

  @Test
  void conll2003LayoutSampleIsIob1AndHarlowMillsAndHarlowFoodsAreTwoOrganisations()
      throws IOException {
    Path file = SharedData.file("conll2003-layout-sample.txt");
    Corpus sample = CorpusReader.read(file);
    check(sample, TagScheme.IOB1, 38, 3, List.of("PER", "ORG", "LOC", "MISC"));
    assertThat(sample.documentCount()).isEqualTo(2);
    Sentence shares = sample.sentences().get(2);
    assertThat(shares.startsDocument()).isTrue();
    List<String> orgs = new ArrayList<>();
    for (Entity e : shares.entities()) {
      if (e.type().equals("ORG")) {
        orgs.add(String.join(" ", shares.words().subList(e.start(), e.end())));
      }
    }
    assertThat(orgs).containsExactly("Harlow Mills", "Harlow Foods").inOrder();
    Token harlow = shares.tokens().get(2);
    assertThat(harlow.columns()).containsExactly("NNP", "B-NP").inOrder();
    assertThat(sample.scheme().fromIob2(shares.tags()))
        .containsExactly(
            "O", "O", "I-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O", "O",
            "I-PER", "I-PER", "O")
        .inOrder();
  }
}
