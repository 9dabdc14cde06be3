package io.github.chainrule.example.ner.eval;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chainrule.example.ner.corpus.CorpusException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small cases for each of the script's rules. Expected reports were worked out by hand from the
 * script's rules and checked against the script.
 */
class ConllevalTest {
  /** The result of a file in the script's layout, given as text. */
  private static EvaluationResult file(String text) throws IOException {
    return Conlleval.evaluate(
        "eval.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The result of one sentence whose gold and guessed tags are given as "gold guess" pairs. */
  private static EvaluationResult pairs(String... pairs) {
    List<String> gold = new ArrayList<>();
    List<String> guessed = new ArrayList<>();
    for (String pair : pairs) {
      String[] f = pair.split(" ");
      gold.add(f[0]);
      guessed.add(f[1]);
    }
    return Conlleval.evaluate(List.of(gold), List.of(guessed));
  }

  private static ChunkScores counts(int gold, int found, int correct) {
    return new ChunkScores(gold, found, correct);
  }

  @Test
  void perfectIob2() {
    EvaluationResult r = pairs("B-PER B-PER", "I-PER I-PER", "O O", "B-LOC B-LOC");
    assertThat(r.overall()).isEqualTo(counts(2, 2, 2));
    assertThat(r.tokens()).isEqualTo(4);
    assertThat(r.accuracy()).isEqualTo(100.0);
    assertThat(r.report())
        .isEqualTo(
            "processed 4 tokens with 2 phrases; found: 2 phrases; correct: 2.\n"
                + "accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"
                + "              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
                + "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n");
  }

  @Test
  void anIAfterOStartsAChunkSoIob1AndIob2Agree() {
    EvaluationResult r = pairs("B-PER I-PER", "I-PER I-PER", "O O");
    assertThat(r.overall()).isEqualTo(counts(1, 1, 1));
    // the tags differ, the chunks do not: accuracy counts tags
    assertThat(r.correctTags()).isEqualTo(2);
  }

  @Test
  void aChangeOfTypeEndsAChunkAndStartsAnother() {
    EvaluationResult r = pairs("I-PER I-PER", "I-LOC I-LOC", "I-LOC I-LOC");
    assertThat(r.overall()).isEqualTo(counts(2, 2, 2));
    assertThat(r.byType().get("PER")).isEqualTo(counts(1, 1, 1));
    assertThat(r.byType().get("LOC")).isEqualTo(counts(1, 1, 1));
  }

  @Test
  void aBAfterAnIOfItsTypeStartsAChunk() {
    // gold: two touching organisations; guess: one long one
    EvaluationResult r = pairs("B-ORG B-ORG", "I-ORG I-ORG", "B-ORG I-ORG", "I-ORG I-ORG");
    assertThat(r.overall()).isEqualTo(counts(2, 1, 0));
  }

  @Test
  void aChunkIsCorrectOnlyWhenBothEndsAgree() {
    assertThat(pairs("B-PER B-PER", "I-PER O").overall()).isEqualTo(counts(1, 1, 0));
    assertThat(pairs("B-PER B-PER", "O I-PER").overall()).isEqualTo(counts(1, 1, 0));
    assertThat(pairs("B-PER B-LOC", "I-PER I-LOC").overall()).isEqualTo(counts(1, 1, 0));
    // a chunk still open at the end of the input counts
    assertThat(pairs("O O", "B-PER B-PER", "I-PER I-PER").overall()).isEqualTo(counts(1, 1, 1));
  }

  @Test
  void sentenceBoundariesEndChunks() {
    List<List<String>> gold = List.of(List.of("B-PER"), List.of("I-PER"));
    EvaluationResult r = Conlleval.evaluate(gold, gold);
    assertThat(r.overall()).isEqualTo(counts(2, 2, 2));
    assertThat(r.tokens()).isEqualTo(2);
  }

  @Test
  void endAndSingleTagsFollowTheScriptsRulesIncludingItsGaps() {
    // B- then E- is one chunk, ended by the O after it
    assertThat(pairs("B-PER B-PER", "E-PER E-PER", "O O").overall()).isEqualTo(counts(1, 1, 1));
    // O then E- starts a chunk; E- then E- ends one and starts the next
    assertThat(pairs("E-PER E-PER", "E-PER E-PER").overall()).isEqualTo(counts(2, 2, 2));
    // the script has no rule for S-, nor for E- then B-: S-X S-X and B-X E-X B-X E-X are one
    // chunk each, as the script counts them
    assertThat(pairs("S-PER S-PER", "S-PER S-PER").overall()).isEqualTo(counts(1, 1, 1));
    assertThat(pairs("B-PER B-PER", "E-PER E-PER", "B-PER B-PER", "E-PER E-PER").overall())
        .isEqualTo(counts(1, 1, 1));
  }

  @Test
  void bracketsAreChunksOfOneToken() {
    assertThat(pairs("[-NP [-NP", "]-NP ]-NP", "]-NP ]-NP").overall()).isEqualTo(counts(3, 3, 3));
  }

  @Test
  void aDotTagNeitherStartsNorEndsByType() {
    // "." is exempt from the type rules, and no rule starts a chunk with it
    EvaluationResult r = pairs("B-NP B-NP", ". .", "O O");
    assertThat(r.overall()).isEqualTo(counts(1, 1, 1));
  }

  @Test
  void typesMayHoldHyphensSinceOnlyTheFirstSplits() {
    EvaluationResult r = pairs("B-creative-work B-creative-work", "I-creative-work O");
    assertThat(r.byType().keySet()).containsExactly("creative-work");
    assertThat(r.byType().get("creative-work")).isEqualTo(counts(1, 1, 0));
  }

  @Test
  void zeroOverZeroIsZeroAndTheFoundCountIsPrinted() {
    EvaluationResult r = pairs("B-PER O", "O B-LOC");
    assertThat(r.report())
        .isEqualTo(
            "processed 2 tokens with 1 phrases; found: 1 phrases; correct: 0.\n"
                + "accuracy:   0.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
                + "              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
                + "              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n");
    assertThat(r.byType().get("PER").precision()).isEqualTo(0.0);
    assertThat(r.byType().get("LOC").recall()).isEqualTo(0.0);
    assertThat(r.overall().f1()).isEqualTo(0.0);
  }

  @Test
  void noTokensPrintsOnlyTheFirstLine() throws IOException {
    String first = "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n";
    assertThat(Conlleval.evaluate(List.of(), List.of()).report()).isEqualTo(first);
    assertThat(file("").report()).isEqualTo(first);
    assertThat(file("\n\n-X- B-PER B-PER\n").report()).isEqualTo(first);
    assertThat(file("").accuracy()).isEqualTo(0.0);
  }

  @Test
  void theEmptyTypeIsPrintedTwiceAsTheScriptDoes() {
    // B without a type: the script's duplicate test lets "" through once per list it is in
    assertThat(pairs("B B", "I B").report())
        .isEqualTo(
            "processed 2 tokens with 1 phrases; found: 2 phrases; correct: 0.\n"
                + "accuracy:  50.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
                + "                 : precision:   0.00%; recall:   0.00%; FB1:   0.00  2\n"
                + "                 : precision:   0.00%; recall:   0.00%; FB1:   0.00  2\n");
  }

  @Test
  void aTypePerlReadsAsFalseIsTheEmptyType() {
    assertThat(pairs("B-0 B-0").byType().keySet()).containsExactly("");
  }

  @Test
  void typesSortAsPerlSortsBytes() {
    EvaluationResult r =
        pairs("B-person B-person", "B-PER B-PER", "B-Ärzte B-Ärzte", "B-LOC B-LOC", "B-zoo B-zoo");
    assertThat(new ArrayList<>(r.byType().keySet()))
        .containsExactly("LOC", "PER", "person", "zoo", "Ärzte")
        .inOrder();
  }

  @Test
  void typeNamesAreRightAlignedInSeventeenBytesOfUtf8() {
    // café is 4 characters but 5 bytes: the script pads it with 12 spaces
    assertThat(pairs("B-café O").report())
        .endsWith("\n            café: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n");
  }

  @Test
  void percentagesRoundTheExactValueHalfToEvenAsCDoes() {
    // 1 correct of 800 found is exactly 0.125 percent: C prints 0.12, String.format 0.13
    List<String> gold = new ArrayList<>(Collections.nCopies(800, "B-PER"));
    List<String> guessed = new ArrayList<>(Collections.nCopies(800, "B-PER"));
    List<List<String>> golds = new ArrayList<>();
    List<List<String>> guesses = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      golds.add(List.of(i == 0 ? gold.get(i) : "O"));
      guesses.add(List.of(guessed.get(i)));
    }
    EvaluationResult r = Conlleval.evaluate(golds, guesses);
    assertThat(r.overall()).isEqualTo(counts(1, 800, 1));
    assertThat(r.overall().precision()).isEqualTo(0.125);
    assertThat(r.report()).contains("precision:   0.12%;");
    assertThat(String.format("%6.2f", 0.125)).isEqualTo("  0.13");
    // 0.145 is a little below 0.145 in binary, so both print 0.14; 12.5 is exact and prints 12.50
    assertThat(PerlFormat.fixed62(0.145)).isEqualTo("  0.14");
    assertThat(PerlFormat.fixed62(100.0)).isEqualTo("100.00");
    assertThat(PerlFormat.fixed62(2.675)).isEqualTo("  2.67");
  }

  @Test
  void theFileLayoutCountsEveryLineButBoundariesAsATokenIncludingDocstart() throws IOException {
    EvaluationResult r =
        file("-DOCSTART- O O\n\nParis B-LOC B-LOC\nis O O\n-X- B-PER B-PER\nok O B-PER\n");
    // -DOCSTART- is a token to the script; -X- is a boundary, tagged O O whatever it says
    assertThat(r.tokens()).isEqualTo(4);
    assertThat(r.overall()).isEqualTo(counts(1, 2, 1));
  }

  @Test
  void theFileLayoutSplitsAtSingleSpacesLikePerl() throws IOException {
    // two fields: the token is absent and the line still counts
    assertThat(file("B-PER B-PER\nO O\n").overall()).isEqualTo(counts(1, 1, 1));
    // a line of spaces is a boundary (perl drops trailing empty fields)
    EvaluationResult r = file("a B-PER B-PER\n   \nb I-PER I-PER\n");
    assertThat(r.overall()).isEqualTo(counts(2, 2, 2));
    assertThat(r.tokens()).isEqualTo(2);
  }

  @Test
  void theFileLayoutRefusesWhatTheScriptRefuses() {
    CorpusException e =
        assertThrows(CorpusException.class, () -> file("a NN B-PER B-PER\n\nb B-PER B-PER\n"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "eval.txt:3: expected 4 space-separated fields as on line 1 (TOKEN [FEATURES...] GOLD"
                + " GUESS), found 3 in \"b B-PER B-PER\"");
    e = assertThrows(CorpusException.class, () -> file("\nfoo\nbar\n"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "eval.txt:2: expected \"TOKEN [FEATURES...] GOLD GUESS\" separated by spaces, found"
                + " \"foo\"");
    e = assertThrows(CorpusException.class, () -> file("a\tB-PER\tB-PER\nb O O\n"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "eval.txt:1: expected \"TOKEN [FEATURES...] GOLD GUESS\" separated by spaces, found"
                + " \"a\\tB-PER\\tB-PER\"");
  }

  @Test
  void theFileLayoutRefusesInvalidUtf8() {
    byte[] bytes = {'a', ' ', 'O', ' ', 'O', '\n', (byte) 0x80, ' ', 'O', ' ', 'O', '\n'};
    CorpusException e =
        assertThrows(
            CorpusException.class,
            () -> Conlleval.evaluate("eval.txt", new ByteArrayInputStream(bytes)));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "eval.txt:2: expected UTF-8 text, found the invalid byte 0x80 at byte 1 of the line");
  }

  @Test
  void sentencesOfUnequalLengthAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Conlleval.evaluate(List.of(List.of("O", "O")), List.of(List.of("O"))));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("expected as many guessed tags as gold ones, found 1 and 2 in [O] and [O, O]");
  }

  @Test
  void lineByLineAndResultMidwayAgreeWithTheWhole() {
    Conlleval eval = new Conlleval();
    eval.add(null, "B-PER", "B-PER");
    EvaluationResult midway = eval.result();
    assertThat(midway.overall()).isEqualTo(counts(1, 1, 1));
    eval.add(null, "I-PER", "O");
    assertThat(eval.result().overall()).isEqualTo(counts(1, 1, 0));
    assertThat(midway.overall()).isEqualTo(counts(1, 1, 1));
  }

  @Test
  void scoresAreTheScriptsPercentages() {
    ChunkScores s = new ChunkScores(1730, 2299, 1485);
    assertThat(s.precision()).isEqualTo(100.0 * 1485 / 2299);
    assertThat(s.recall()).isEqualTo(100.0 * 1485 / 1730);
    double p = s.precision();
    double r = s.recall();
    assertThat(s.f1()).isEqualTo(2 * p * r / (p + r));
    assertThrows(IllegalArgumentException.class, () -> new ChunkScores(1, 1, 2));
  }
}
