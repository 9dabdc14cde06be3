package io.github.chainrule.example.ner.text;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (TextToken t : Tokenizer.tokenize(text)) {
      // every token is the text at its offsets
      assertThat(text.substring(t.start(), t.end())).isEqualTo(t.text());
      words.add(t.text());
    }
    return words;
  }

  @Test
  void theLecturesSentences() {
    assertThat(words("last night Paris Hilton wowed in a sequin gown"))
        .containsExactly("last", "night", "Paris", "Hilton", "wowed", "in", "a", "sequin", "gown")
        .inOrder();
    assertThat(words("Samuel Quinn was arrested in the Hilton Hotel in Paris in April 1989."))
        .containsExactly(
            "Samuel",
            "Quinn",
            "was",
            "arrested",
            "in",
            "the",
            "Hilton",
            "Hotel",
            "in",
            "Paris",
            "in",
            "April",
            "1989",
            ".")
        .inOrder();
  }

  @Test
  void offsetsPointIntoTheOriginalText() {
    List<TextToken> tokens = Tokenizer.tokenize("  Paris,\tin\u00A0April.");
    assertThat(tokens)
        .containsExactly(
            new TextToken("Paris", 2, 7),
            new TextToken(",", 7, 8),
            new TextToken("in", 9, 11),
            new TextToken("April", 12, 17),
            new TextToken(".", 17, 18))
        .inOrder();
  }

  @Test
  void offsetsCountUtf16UnitsSoAnEmojiCountsTwo() {
    List<TextToken> tokens = Tokenizer.tokenize("😂 Paris");
    assertThat(tokens.get(0)).isEqualTo(new TextToken("😂", 0, 2));
    assertThat(tokens.get(1)).isEqualTo(new TextToken("Paris", 3, 8));
  }

  @Test
  void punctuationStandsAlone() {
    assertThat(words("(Paris), \"Rome\"; [Oslo]: 'Bern'! Lima? “Quito” ‘Riga’"))
        .containsExactly(
            "(", "Paris", ")", ",", "\"", "Rome", "\"", ";", "[", "Oslo", "]", ":", "'", "Bern",
            "'", "!", "Lima", "?", "“", "Quito", "”", "‘", "Riga", "’")
        .inOrder();
    assertThat(words("wait... what?! no!!! -- yes"))
        .containsExactly("wait", "...", "what", "?!", "no", "!!!", "--", "yes")
        .inOrder();
  }

  @Test
  void cliticsAreSplitAsInTheTreebank() {
    // as in BTC and CoNLL-2003: 's 'm 're 've 'll 'd, and n't with the negation
    assertThat(words("it's I'm they're we've you'll she'd don't can't won't isn't CAN'T"))
        .containsExactly(
            "it", "'s", "I", "'m", "they", "'re", "we", "'ve", "you", "'ll", "she", "'d", "do",
            "n't", "ca", "n't", "wo", "n't", "is", "n't", "CA", "N'T")
        .inOrder();
    assertThat(words("Iverson's jersey; shouldn't've; it’s"))
        .containsExactly("Iverson", "'s", "jersey", ";", "should", "n't", "'ve", ";", "it", "’s")
        .inOrder();
    assertThat(words("#MH17's crash")).containsExactly("#MH17", "'s", "crash").inOrder();
  }

  @Test
  void wordsWithInnerApostrophesHyphensAndAmpersandsStayWhole() {
    assertThat(words("O'Brien rock'n'roll state-of-the-art AT&T David_Speers 76ers"))
        .containsExactly(
            "O'Brien", "rock'n'roll", "state-of-the-art", "AT&T", "David_Speers", "76ers")
        .inOrder();
    assertThat(words("Paris' cafés")).containsExactly("Paris", "'", "cafés").inOrder();
  }

  @Test
  void urlsMentionsHashtagsAndAddressesStayWhole() {
    assertThat(
            words(
                "RT @SportsCenter: see http://t.co/ERuwcHcGLt, www.example.org/a?b=c and"
                    + " bit.ly/kkkapT. #royalwedding #BreakingNews: mail"
                    + " john.doe+ner@example.co.uk."))
        .containsExactly(
            "RT",
            "@SportsCenter",
            ":",
            "see",
            "http://t.co/ERuwcHcGLt",
            ",",
            "www.example.org/a?b=c",
            "and",
            "bit.ly/kkkapT",
            ".",
            "#royalwedding",
            "#BreakingNews",
            ":",
            "mail",
            "john.doe+ner@example.co.uk",
            ".")
        .inOrder();
  }

  @Test
  void aUrlKeepsTheBracketsItOpens() {
    assertThat(words("(see https://en.wikipedia.org/wiki/Paris_(disambiguation))."))
        .containsExactly(
            "(", "see", "https://en.wikipedia.org/wiki/Paris_(disambiguation)", ")", ".")
        .inOrder();
  }

  @Test
  void numbersWithSeparatorsStayWhole() {
    assertThat(words("4.5 percent of 1,000,000.50 at 10:30 on 1/2/2014, up $5 or 7%."))
        .containsExactly(
            "4.5",
            "percent",
            "of",
            "1,000,000.50",
            "at",
            "10:30",
            "on",
            "1/2/2014",
            ",",
            "up",
            "$",
            "5",
            "or",
            "7",
            "%",
            ".")
        .inOrder();
  }

  @Test
  void abbreviationsKeepTheirFullStops() {
    assertThat(
            words("Mr. Smith of Acme Inc. met Dr. Jones in the U.S. e.g. at 9 a.m. with a Ph.D."))
        .containsExactly(
            "Mr.", "Smith", "of", "Acme", "Inc.", "met", "Dr.", "Jones", "in", "the", "U.S.",
            "e.g.", "at", "9", "a.m.", "with", "a", "Ph.D.")
        .inOrder();
    assertThat(words("J. K. Rowling")).containsExactly("J.", "K.", "Rowling").inOrder();
    // a word that is not an abbreviation loses its full stop
    assertThat(words("Paris. Then")).containsExactly("Paris", ".", "Then").inOrder();
  }

  @Test
  void emoticonsAndEmojiWithModifiersAreOneTokenEach() {
    assertThat(words("great :) :-( ;P <3 😂😂 👍🏽 🇫🇷"))
        .containsExactly("great", ":)", ":-(", ";P", "<3", "😂", "😂", "👍🏽", "🇫🇷")
        .inOrder();
  }

  @Test
  void emptyAndBlankTextHaveNoTokens() {
    assertThat(Tokenizer.tokenize("")).isEmpty();
    assertThat(Tokenizer.tokenize(" \t\n\u00A0\u3000")).isEmpty();
  }
}
