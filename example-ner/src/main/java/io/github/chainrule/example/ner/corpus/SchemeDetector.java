package io.github.chainrule.example.ner.corpus;

import static io.github.chainrule.example.ner.corpus.CorpusException.quote;

import java.util.List;

/**
 * Decides which tag scheme a set of files read together is written in, and refuses tags that fit
 * none.
 *
 * <p>Evidence, taken over all the files:
 *
 * <ul>
 *   <li>an {@code E-} or {@code S-} tag means IOBES, and then every entity must be {@code S-X} or
 *       {@code B-X I-X... E-X};
 *   <li>otherwise an {@code I-X} that starts an entity (after {@code O}, after another type, at a
 *       sentence's start) is only written by IOB1, and a {@code B-X} that starts an entity other
 *       than right after an entity of type {@code X} is only written by IOB2. Both in one input is
 *       an error; neither (no entity at all) reads as IOB2.
 * </ul>
 */
final class SchemeDetector {
  /** A token and the one before it, for messages. */
  private record Place(int input, String source, Token token, String previous) {
    String at() {
      return source + ":" + token.line();
    }

    /** {@code after "O"}, {@code after "I-LOC"} or {@code at the start of a sentence}. */
    String after() {
      return previous == null ? "at the start of a sentence" : "after " + quote(previous);
    }
  }

  /** A sequence IOBES does not allow. */
  private record Violation(String source, int line, String problem, String brief) {}

  /** A file's name and its sentences, raw tags. */
  record Input(String source, List<Sentence> sentences) {}

  private SchemeDetector() {}

  static TagScheme detect(List<Input> inputs) throws CorpusException {
    Place iob1 = null;
    Place iob2 = null;
    Place firstEs = null;
    int esCount = 0;
    for (int f = 0; f < inputs.size(); f++) {
      Input input = inputs.get(f);
      for (Sentence sentence : input.sentences()) {
        String previous = null;
        for (Token token : sentence.tokens()) {
          String tag = token.tag();
          char prefix = Tags.prefix(tag);
          boolean continues =
              previous != null
                  && (Tags.prefix(previous) == 'B' || Tags.prefix(previous) == 'I')
                  && Tags.type(previous).equals(Tags.type(tag));
          if (prefix == 'E' || prefix == 'S') {
            esCount++;
            if (firstEs == null) {
              firstEs = new Place(f, input.source(), token, previous);
            }
          } else if (prefix == 'I' && !continues && iob1 == null) {
            iob1 = new Place(f, input.source(), token, previous);
          } else if (prefix == 'B' && !continues && iob2 == null) {
            iob2 = new Place(f, input.source(), token, previous);
          }
          previous = tag;
        }
      }
    }
    if (firstEs != null) {
      checkIobes(inputs, firstEs, esCount);
      return TagScheme.IOBES;
    }
    if (iob1 != null && iob2 != null) {
      boolean iob1First =
          iob1.input() < iob2.input()
              || (iob1.input() == iob2.input() && iob1.token().line() < iob2.token().line());
      Place first = iob1First ? iob1 : iob2;
      Place later = iob1First ? iob2 : iob1;
      String iob1Says = "(IOB2 starts every entity with B-)";
      String iob2Says = "(IOB1 writes B- only between two entities of one type)";
      throw new CorpusException(
          later.source(),
          later.token().line(),
          "expected "
              + (iob1First ? "IOB1" : "IOB2")
              + " tags, as "
              + first.at()
              + " has "
              + quote(first.token().tag())
              + " starting an entity "
              + first.after()
              + " "
              + (iob1First ? iob1Says : iob2Says)
              + ", found "
              + quote(later.token().tag())
              + " starting an entity "
              + later.after()
              + " "
              + (iob1First ? iob2Says : iob1Says));
    }
    return iob1 != null ? TagScheme.IOB1 : TagScheme.IOB2;
  }

  /**
   * Refuses sequences IOBES does not allow. Where they outnumber the {@code E-} and {@code S-} tags
   * the input is IOB with a stray IOBES tag, and the error points at that tag; otherwise it points
   * at the first bad sequence.
   */
  private static void checkIobes(List<Input> inputs, Place firstEs, int esCount)
      throws CorpusException {
    Violation first = null;
    int violations = 0;
    for (Input input : inputs) {
      for (Sentence sentence : input.sentences()) {
        String open = null; // the B- or I- tag of the entity still open
        List<Token> tokens = sentence.tokens();
        for (int i = 0; i < tokens.size(); i++) {
          Token token = tokens.get(i);
          String tag = token.tag();
          char prefix = Tags.prefix(tag);
          Violation v = null;
          if (open != null) {
            String type = Tags.type(open);
            if (!((prefix == 'I' || prefix == 'E') && Tags.type(tag).equals(type))) {
              v =
                  new Violation(
                      input.source(),
                      token.line(),
                      "expected I-"
                          + type
                          + " or E-"
                          + type
                          + " after "
                          + quote(open)
                          + " in IOBES, found "
                          + quote(tag),
                      quote(open) + " followed by " + quote(tag));
            }
          } else if (prefix == 'I' || prefix == 'E') {
            String type = Tags.type(tag);
            Place p = new Place(0, input.source(), token, i > 0 ? tokens.get(i - 1).tag() : null);
            v =
                new Violation(
                    input.source(),
                    token.line(),
                    "expected B-"
                        + type
                        + " or S-"
                        + type
                        + " to start an entity in IOBES, found "
                        + quote(tag)
                        + " "
                        + p.after(),
                    quote(tag) + " " + p.after());
          }
          if (v != null) {
            violations++;
            if (first == null) {
              first = v;
            }
          }
          // after a bad sequence, go on as if the tag were right, so that one mistake counts once
          open = prefix == 'B' || prefix == 'I' ? tag : null;
        }
        if (open != null) {
          Token last = sentence.tokens().get(sentence.size() - 1);
          String type = Tags.type(open);
          violations++;
          if (first == null) {
            first =
                new Violation(
                    input.source(),
                    last.line(),
                    "expected I-"
                        + type
                        + " or E-"
                        + type
                        + " after "
                        + quote(open)
                        + " in IOBES, found the end of the sentence",
                    quote(open) + " at the end of a sentence");
          }
        }
      }
    }
    if (first == null) {
      return;
    }
    if (violations > esCount) {
      throw new CorpusException(
          firstEs.source(),
          firstEs.token().line(),
          "expected B-, I- or O tags as in the rest of the input, found the IOBES tag "
              + quote(firstEs.token().tag())
              + " (the input is not IOBES: "
              + first.source()
              + ":"
              + first.line()
              + " has "
              + first.brief()
              + ")");
    }
    throw new CorpusException(
        first.source(),
        first.line(),
        first.problem()
            + " (the input is IOBES: "
            + firstEs.at()
            + " has "
            + quote(firstEs.token().tag())
            + ")");
  }
}
