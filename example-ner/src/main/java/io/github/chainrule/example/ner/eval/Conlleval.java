package io.github.chainrule.example.ner.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A port of the reference {@code conlleval} script (Erik Tjong Kim Sang, version 2004-01-26),
 * without its {@code -l} (LaTeX), {@code -r} (raw tags), {@code -d} and {@code -o} options: the
 * same counting, line by line, so that {@link EvaluationResult#report} prints what the script
 * prints.
 *
 * <p>What the script does, and so this class:
 *
 * <ul>
 *   <li>A tag is split at its first hyphen: {@code B-creative-work} is chunk tag {@code B}, type
 *       {@code creative-work}; a tag without a hyphen ({@code O}) has the empty type. A type that
 *       Perl reads as false ({@code "0"}) becomes the empty type too.
 *   <li>Chunks start and end by the rules of {@link ChunkRules}: an {@code I-} after {@code O} or
 *       after another type starts a chunk (so IOB1 and ill-formed IOB2 both read), a change of type
 *       ends one, {@code [} and {@code ]} are chunks of one token.
 *   <li>A guessed chunk is correct when it starts and ends where a gold chunk does, with the same
 *       type, and the two agree on every boundary in between.
 *   <li>A sentence boundary (an empty line, or a line whose first field is {@code -X-}) is a token
 *       tagged {@code O O} that is not counted. Every other line is a token: a {@code -DOCSTART-}
 *       line is counted (with its tags, usually {@code O O}), since only {@code -X-} is a boundary.
 *   <li>Token accuracy counts tokens whose chunk tag and type both agree.
 *   <li>The per-type lines are sorted by Perl's {@code sort} (bytes); duplicates are dropped, but
 *       the test the script uses ({@code not($lastType) or ...}) lets the empty type through twice
 *       when gold and guesses both have it, and its line is then printed twice.
 * </ul>
 *
 * <p>Use: {@link #add(List, List)} a sentence at a time (or {@link #add(String, String, String)}
 * line by line), then {@link #result}; or the one-call {@link #evaluate(List, List)} and {@link
 * #evaluate(Path)}.
 */
public final class Conlleval {
  /** The first field of a line that marks a sentence boundary, the script's default. */
  public static final String BOUNDARY = "-X-";

  private boolean inCorrect;
  private String lastCorrect = "O";
  private String lastCorrectType = "";
  private String lastGuessed = "O";
  private String lastGuessedType = "";
  private int correctChunk;
  private int foundCorrect;
  private int foundGuessed;
  private int correctTags;
  private int tokenCounter;
  private final Map<String, Integer> correctChunkByType = new HashMap<>();
  private final Map<String, Integer> foundCorrectByType = new HashMap<>();
  private final Map<String, Integer> foundGuessedByType = new HashMap<>();

  /** An evaluation with nothing counted yet. */
  public Conlleval() {}

  /**
   * Evaluates sentences in memory: {@code gold.get(i)} and {@code guessed.get(i)} are the tags of
   * sentence {@code i}, of equal length. Sentences are separated by boundaries, as by the empty
   * lines of a file.
   *
   * @throws IllegalArgumentException if the two lists, or two of their sentences, differ in length
   */
  public static EvaluationResult evaluate(
      List<? extends List<String>> gold, List<? extends List<String>> guessed) {
    if (gold.size() != guessed.size()) {
      throw new IllegalArgumentException(
          "expected as many guessed sentences as gold ones, found "
              + guessed.size()
              + " and "
              + gold.size());
    }
    Conlleval eval = new Conlleval();
    for (int i = 0; i < gold.size(); i++) {
      eval.add(gold.get(i), guessed.get(i));
    }
    return eval.result();
  }

  /**
   * Evaluates a file in the script's layout: {@code TOKEN [FEATURES...] GOLD GUESS}, fields
   * separated by single spaces, as many on each line, sentences separated by empty lines. Errors
   * name the file as {@code file.toString()}.
   *
   * @throws io.github.chainrule.example.ner.corpus.CorpusException on a line the script would
   *     refuse (too few fields, a different number of fields than the first line) or invalid UTF-8
   * @throws IOException if the file cannot be read
   */
  public static EvaluationResult evaluate(Path file) throws IOException {
    return evaluate(file.toString(), Files.newInputStream(file));
  }

  /**
   * Evaluates a stream in the script's layout (see {@link #evaluate(Path)}), named {@code source}
   * in errors. The stream is closed.
   */
  public static EvaluationResult evaluate(String source, InputStream in) throws IOException {
    Conlleval eval = new Conlleval();
    ConllevalFile.read(source, in, eval);
    return eval.result();
  }

  /**
   * Adds one sentence: its tokens, then a boundary.
   *
   * @throws IllegalArgumentException if the two lists differ in length
   */
  public void add(List<String> gold, List<String> guessed) {
    if (gold.size() != guessed.size()) {
      throw new IllegalArgumentException(
          "expected as many guessed tags as gold ones, found "
              + guessed.size()
              + " and "
              + gold.size()
              + " in "
              + guessed
              + " and "
              + gold);
    }
    for (int i = 0; i < gold.size(); i++) {
      add(null, gold.get(i), guessed.get(i));
    }
    boundary();
  }

  /** Adds a sentence boundary (an empty line). */
  public void boundary() {
    add(BOUNDARY, "O", "O");
  }

  /**
   * Adds one line of the script's input.
   *
   * @param firstItem the line's first field ({@link #BOUNDARY} makes the line a boundary, tagged
   *     {@code O O} whatever the tags given); {@code null} for none, as on a line of two fields
   * @param gold the gold tag, the line's last field but one
   * @param guess the guessed tag, its last field
   */
  public void add(String firstItem, String gold, String guess) {
    // the script replaces a boundary line by "-X- O O", whatever its tags
    boolean boundary = BOUNDARY.equals(firstItem);
    String correct = boundary ? "O" : chunkTag(gold);
    String correctType = boundary ? "" : type(gold);
    String guessed = boundary ? "O" : chunkTag(guess);
    String guessedType = boundary ? "" : type(guess);

    if (inCorrect) {
      boolean correctEnds =
          ChunkRules.endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
      boolean guessedEnds =
          ChunkRules.endOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
      if (correctEnds && guessedEnds && lastGuessedType.equals(lastCorrectType)) {
        inCorrect = false;
        correctChunk++;
        correctChunkByType.merge(lastCorrectType, 1, Integer::sum);
      } else if (correctEnds != guessedEnds || !guessedType.equals(correctType)) {
        inCorrect = false;
      }
    }
    boolean correctStarts =
        ChunkRules.startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
    boolean guessedStarts =
        ChunkRules.startOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
    if (correctStarts && guessedStarts && guessedType.equals(correctType)) {
      inCorrect = true;
    }
    if (correctStarts) {
      foundCorrect++;
      foundCorrectByType.merge(correctType, 1, Integer::sum);
    }
    if (guessedStarts) {
      foundGuessed++;
      foundGuessedByType.merge(guessedType, 1, Integer::sum);
    }
    if (!boundary) {
      if (correct.equals(guessed) && guessedType.equals(correctType)) {
        correctTags++;
      }
      tokenCounter++;
    }
    lastGuessed = guessed;
    lastCorrect = correct;
    lastGuessedType = guessedType;
    lastCorrectType = correctType;
  }

  /**
   * The scores of everything added so far. A chunk still open counts as if the input ended here;
   * adding more afterwards goes on from the state before this call.
   */
  public EvaluationResult result() {
    int correct = correctChunk;
    Map<String, Integer> correctByType = new HashMap<>(correctChunkByType);
    if (inCorrect) {
      correct++;
      correctByType.merge(lastCorrectType, 1, Integer::sum);
    }
    List<String> keys = new ArrayList<>(foundCorrectByType.keySet());
    keys.addAll(foundGuessedByType.keySet());
    keys.sort(CodePointOrder::compare);
    List<String> reportTypes = new ArrayList<>();
    String lastType = null;
    for (String key : keys) {
      if (!perlTrue(lastType) || !lastType.equals(key)) {
        reportTypes.add(key);
      }
      lastType = key;
    }
    Map<String, ChunkScores> byType = new LinkedHashMap<>();
    for (String type : reportTypes) {
      byType.put(
          type,
          new ChunkScores(
              foundCorrectByType.getOrDefault(type, 0),
              foundGuessedByType.getOrDefault(type, 0),
              correctByType.getOrDefault(type, 0)));
    }
    return new EvaluationResult(
        tokenCounter,
        correctTags,
        new ChunkScores(foundCorrect, foundGuessed, correct),
        byType,
        reportTypes);
  }

  /** The part of a tag before its first hyphen, as {@code /^([^-]*)-(.*)$/} gives it. */
  private static String chunkTag(String tag) {
    int hyphen = tag.indexOf('-');
    return hyphen < 0 ? tag : tag.substring(0, hyphen);
  }

  /** The part after the first hyphen, or {@code ""}; a type Perl reads as false is {@code ""}. */
  private static String type(String tag) {
    int hyphen = tag.indexOf('-');
    String type = hyphen < 0 ? "" : tag.substring(hyphen + 1);
    return perlTrue(type) ? type : "";
  }

  /** Perl's truth of a string: all but undefined, {@code ""} and {@code "0"} are true. */
  private static boolean perlTrue(String s) {
    return s != null && !s.isEmpty() && !s.equals("0");
  }
}
