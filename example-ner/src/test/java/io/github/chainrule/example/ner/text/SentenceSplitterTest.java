package io.github.chainrule.example.ner.text;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  private static List<String> sentences(List<TextSentence> sentences, String text) {
    List<String> out = new ArrayList<>();
    for (TextSentence s : sentences) {
      out.add(text.substring(s.start(), s.end()));
    }
    return out;
  }

  private static List<String> split(String text) {
    return sentences(SentenceSplitter.split(text), text);
  }

  @Test
  void theLecturesSentencesAreOneEach() {
    String text =
        "last night Paris Hilton wowed in a sequin gown. Samuel Quinn was arrested in the Hilton"
            + " Hotel in Paris in April 1989.";
    List<TextSentence> sentences = SentenceSplitter.split(text);
    assertThat(sentences).hasSize(2);
    assertThat(sentences.get(0).words())
        .containsExactly(
            "last", "night", "Paris", "Hilton", "wowed", "in", "a", "sequin", "gown", ".")
        .inOrder();
    assertThat(sentences.get(1).words()).hasSize(14);
    // the second Paris, the place, at its offset in the whole text
    int at = text.indexOf("in Paris") + "in ".length();
    assertThat(sentences.get(1).tokens().get(9)).isEqualTo(new TextToken("Paris", at, at + 5));
    assertThat(sentences.get(1).start()).isEqualTo(text.indexOf("Samuel"));
    assertThat(sentences.get(1).end()).isEqualTo(text.length());
  }

  @Test
  void aSentenceEndsAtPunctuationBeforeACapitalOrTheEnd() {
    assertThat(split("It rained. Then it stopped! Did it? Yes"))
        .containsExactly("It rained.", "Then it stopped!", "Did it?", "Yes")
        .inOrder();
  }

  @Test
  void notBeforeALowerCaseWordNorWithoutASpace() {
    assertThat(split("lol. then what? ok")).containsExactly("lol. then what? ok");
    assertThat(split("end.The start")).containsExactly("end.The start");
  }

  @Test
  void notAfterAnAbbreviation() {
    assertThat(split("Mr. Smith met Dr. Jones in the U.S. Army base. He left."))
        .containsExactly("Mr. Smith met Dr. Jones in the U.S. Army base.", "He left.")
        .inOrder();
    assertThat(split("J. K. Rowling wrote it.")).containsExactly("J. K. Rowling wrote it.");
  }

  @Test
  void closingQuotesAndBracketsStayWithTheirSentence() {
    assertThat(split("He said \"Stop.\" She did. (It worked.) \"Why?\" she asked."))
        .containsExactly("He said \"Stop.\"", "She did.", "(It worked.)", "\"Why?\" she asked.")
        .inOrder();
  }

  @Test
  void runsAndEllipsesEndSentencesToo() {
    assertThat(split("Really?! Yes... Fine…. Ok"))
        .containsExactly("Really?!", "Yes...", "Fine….", "Ok")
        .inOrder();
  }

  @Test
  void aBlankLineAlwaysEndsASentence() {
    assertThat(split("last night Paris Hilton wowed\n\nsamuel Quinn was arrested\nin Paris"))
        .containsExactly("last night Paris Hilton wowed", "samuel Quinn was arrested\nin Paris")
        .inOrder();
    assertThat(split("a\r\n\r\nb")).containsExactly("a", "b").inOrder();
  }

  @Test
  void splitLinesEndsOneAtEveryLineBreak() {
    String text =
        "last night Paris Hilton wowed in a sequin gown\nSamuel Quinn was arrested. In"
            + " Paris\r\nin April 1989";
    assertThat(sentences(SentenceSplitter.splitLines(text), text))
        .containsExactly(
            "last night Paris Hilton wowed in a sequin gown",
            "Samuel Quinn was arrested.",
            "In Paris",
            "in April 1989")
        .inOrder();
  }

  @Test
  void textWithoutTokensHasNoSentences() {
    assertThat(SentenceSplitter.split(" \n\n ")).isEmpty();
  }
}
