package io.github.chainrule.example.ner.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the corpus that ships in this module as a classpath resource: the format and the IOB2
 * scheme, the sizes the trainer's default run relies on, that dev and train do not overlap, that
 * the lecture's two test sentences are held out, and that the counts stated in {@code NOTE.md} are
 * the counts of the files.
 */
class BundledCorpusTest {
  private static final String DIR = "/io/github/chainrule/example/ner/corpus/";
  private static final List<String> TYPES = List.of("PER", "ORG", "LOC", "MISC");
  private static final Pattern TAG = Pattern.compile("O|[BI]-(PER|ORG|LOC|MISC)");

  /** The lecture's sentences, which the default run must tag without having seen them. */
  private static final List<String> LECTURE =
      List.of(
          "last night Paris Hilton wowed in a sequin gown",
          "Samuel Quinn was arrested in the Hilton Hotel in Paris in April 1989");

  /** The lecture's two person names: held out too, so that tagging them is not recall. */
  private static final List<String> LECTURE_NAMES = List.of("Paris Hilton", "Samuel Quinn");

  private record Token(String word, String tag) {}

  /** A sentence and the line of the file where it starts. */
  private record Sentence(int line, List<Token> tokens) {
    String text() {
      StringBuilder s = new StringBuilder();
      for (Token t : tokens) {
        s.append(s.length() == 0 ? "" : " ").append(t.word());
      }
      return s.toString();
    }
  }

  private static List<Sentence> train;
  private static List<Sentence> dev;

  @BeforeAll
  static void readBothFiles() throws IOException {
    train = read("train.conll");
    dev = read("dev.conll");
  }

  /**
   * Reads one file strictly: UTF-8, two tab-separated columns, one empty line between sentences,
   * and every tag legal in IOB2. A violation fails with the file and the line.
   */
  private static List<Sentence> read(String name) throws IOException {
    InputStream in = BundledCorpusTest.class.getResourceAsStream(DIR + name);
    assertNotNull(in, DIR + name + " is not on the classpath");
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<Sentence> sentences = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, utf8))) {
      List<Token> current = new ArrayList<>();
      int start = 0;
      int number = 0;
      String line;
      while ((line = readLine(reader, name, number + 1)) != null) {
        number++;
        String where = name + ":" + number + ": ";
        if (line.isEmpty()) {
          if (current.isEmpty()) {
            fail(where + "expected a token line, found an empty line with no sentence before it");
          }
          sentences.add(new Sentence(start, current));
          current = new ArrayList<>();
          continue;
        }
        String[] columns = line.split("\t", -1);
        if (columns.length != 2) {
          fail(where + "expected token<TAB>tag, found " + columns.length + " columns: " + line);
        }
        String word = columns[0];
        String tag = columns[1];
        if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
          fail(where + "expected a token without whitespace, found '" + word + "'");
        }
        if (!TAG.matcher(tag).matches()) {
          fail(where + "expected O or B-/I- of PER, ORG, LOC, MISC, found '" + tag + "'");
        }
        if (tag.startsWith("I-")) {
          String type = tag.substring(2);
          String previous = current.isEmpty() ? "O" : current.get(current.size() - 1).tag();
          if (!previous.equals("B-" + type) && !previous.equals("I-" + type)) {
            String after = current.isEmpty() ? "the start of the sentence" : previous;
            fail(
                where + "expected " + tag + " after B-" + type + " or " + tag + ", found " + after);
          }
        }
        if (current.isEmpty()) {
          start = number;
        }
        current.add(new Token(word, tag));
      }
      if (!current.isEmpty()) {
        sentences.add(new Sentence(start, current));
      }
    }
    return sentences;
  }

  private static String readLine(BufferedReader reader, String name, int number)
      throws IOException {
    try {
      return reader.readLine();
    } catch (CharacterCodingException e) {
      throw new IOException(name + ":" + number + ": expected UTF-8 text, found invalid bytes", e);
    }
  }

  /** Entities per type in source order of {@link #TYPES}, counting one per {@code B-} tag. */
  private static Map<String, Integer> entities(List<Sentence> sentences) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String type : TYPES) {
      counts.put(type, 0);
    }
    for (Sentence s : sentences) {
      for (Token t : s.tokens()) {
        if (t.tag().startsWith("B-")) {
          counts.merge(t.tag().substring(2), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  @Test
  void bothFilesHoldSentencesOfEveryType() {
    for (List<Sentence> file : List.of(train, dev)) {
      for (Map.Entry<String, Integer> e : entities(file).entrySet()) {
        assertTrue(e.getValue() > 0, "no " + e.getKey() + " entity");
      }
    }
  }

  @Test
  void sentenceCountsMeetTheFloor() {
    assertTrue(train.size() >= 480, "train.conll has only " + train.size() + " sentences");
    assertTrue(dev.size() >= 120, "dev.conll has only " + dev.size() + " sentences");
  }

  @Test
  void everyTypeOccursAtLeastSixtyTimesInTrain() {
    for (Map.Entry<String, Integer> e : entities(train).entrySet()) {
      assertTrue(e.getValue() >= 60, e.getKey() + " occurs only " + e.getValue() + " times");
    }
  }

  @Test
  void noDevSentenceOccursInTrain() {
    Set<String> seen = new LinkedHashSet<>();
    for (Sentence s : train) {
      seen.add(s.text());
    }
    for (Sentence s : dev) {
      assertFalse(
          seen.contains(s.text()),
          "dev.conll:" + s.line() + " also occurs in train.conll: " + s.text());
    }
  }

  @Test
  void lectureSentencesAndNamesAreHeldOut() {
    Map<String, List<Sentence>> files = new LinkedHashMap<>();
    files.put("train.conll", train);
    files.put("dev.conll", dev);
    List<String> held = new ArrayList<>(LECTURE);
    held.addAll(LECTURE_NAMES);
    for (Map.Entry<String, List<Sentence>> file : files.entrySet()) {
      for (Sentence s : file.getValue()) {
        // Padded with spaces so that only whole tokens match, in any casing.
        String text = " " + s.text().toLowerCase(Locale.ROOT) + " ";
        for (String h : held) {
          assertFalse(
              text.contains(" " + h.toLowerCase(Locale.ROOT) + " "),
              file.getKey() + ":" + s.line() + " contains \"" + h + "\": " + s.text());
        }
      }
    }
  }

  @Test
  void noteStatesTheCountsOfTheFiles() throws IOException {
    String note;
    try (InputStream in = BundledCorpusTest.class.getResourceAsStream(DIR + "NOTE.md")) {
      assertNotNull(in, DIR + "NOTE.md is not on the classpath");
      note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(note.contains("original"), "NOTE.md does not say that the text is original");
    assertEquals(row("train.conll", train), noteRow(note, "train.conll"));
    assertEquals(row("dev.conll", dev), noteRow(note, "dev.conll"));
  }

  /** The counts row of NOTE.md's table, as the file's counts computed here would write it. */
  private static String row(String name, List<Sentence> sentences) {
    int tokens = 0;
    for (Sentence s : sentences) {
      tokens += s.tokens().size();
    }
    Map<String, Integer> counts = entities(sentences);
    int all = counts.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder row =
        new StringBuilder("| `" + name + "` | " + sentences.size() + " | " + tokens);
    for (int c : counts.values()) {
      row.append(" | ").append(c);
    }
    return row.append(" | ").append(all).append(" |").toString();
  }

  private static String noteRow(String note, String name) {
    for (String line : note.split("\n", -1)) {
      if (line.startsWith("| `" + name + "` |")) {
        return line.strip();
      }
    }
    return fail("NOTE.md has no counts row for " + name);
  }
}
