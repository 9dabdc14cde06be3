package io.github.chainrule.example.ner.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How tags mark where entities begin and end. {@code O} is outside an entity in all three.
 *
 * <p>The reader converts every file to {@link #IOB2}, the one internal scheme: the trainer, the
 * evaluation and the entity decoder ({@link Entity#fromIob2}) see IOB2 only. {@link #fromIob2}
 * converts back, so that predictions can be written in the scheme the input was in.
 */
public enum TagScheme {
  /**
   * CoNLL-2003 English: {@code I-} on every token of an entity, {@code B-} only on the first token
   * of an entity that directly follows another of the same type ({@code I-ORG I-ORG B-ORG I-ORG} is
   * two organisations).
   */
  IOB1,
  /** {@code B-} on the first token of every entity, {@code I-} on the rest. */
  IOB2,
  /**
   * {@code S-} on an entity of one token; {@code B-}, {@code I-}..., {@code E-} on a longer one.
   */
  IOBES;

  /**
   * {@code tags} of this scheme converted to IOB2. Lenient, as conlleval is, on sequences no file
   * of the scheme would hold (an {@code I-} after {@code O} starts an entity); the reader checks
   * files strictly before it converts.
   *
   * @throws IllegalArgumentException on a tag that is not {@code O} or a prefix of this scheme and
   *     a type
   */
  public List<String> toIob2(List<String> tags) {
    List<String> iob = new ArrayList<>(tags.size());
    for (String tag : tags) {
      if (!Tags.isWellFormed(tag) || (this != IOBES && "ES".indexOf(Tags.prefix(tag)) >= 0)) {
        throw new IllegalArgumentException(
            "expected an " + this + " tag (O or a prefix and a type), found \"" + tag + "\"");
      }
      char prefix = Tags.prefix(tag);
      if (prefix == 'S') {
        iob.add("B-" + Tags.type(tag));
      } else if (prefix == 'E') {
        iob.add("I-" + Tags.type(tag));
      } else {
        iob.add(tag);
      }
    }
    return Entity.toIob2(Entity.fromIob2(iob), iob.size());
  }

  /**
   * IOB2 tags (such as a model's predictions) written in this scheme. The entities are read as
   * {@link Entity#fromIob2} reads them, so ill-formed predictions still give well-formed output.
   *
   * @throws IllegalArgumentException on a tag that is not {@code O}, {@code B-type} or {@code
   *     I-type}
   */
  public List<String> fromIob2(List<String> iob2Tags) {
    List<Entity> entities = Entity.fromIob2(iob2Tags);
    List<String> tags = new ArrayList<>(Collections.nCopies(iob2Tags.size(), Tags.OUTSIDE));
    Entity previous = null;
    for (Entity e : entities) {
      switch (this) {
        case IOB1:
          boolean touches =
              previous != null && previous.end() == e.start() && previous.type().equals(e.type());
          tags.set(e.start(), (touches ? "B-" : "I-") + e.type());
          fill(tags, e.start() + 1, e.end(), "I-" + e.type());
          break;
        case IOB2:
          tags.set(e.start(), "B-" + e.type());
          fill(tags, e.start() + 1, e.end(), "I-" + e.type());
          break;
        case IOBES:
          if (e.length() == 1) {
            tags.set(e.start(), "S-" + e.type());
          } else {
            tags.set(e.start(), "B-" + e.type());
            fill(tags, e.start() + 1, e.end() - 1, "I-" + e.type());
            tags.set(e.end() - 1, "E-" + e.type());
          }
          break;
      }
      previous = e;
    }
    return Collections.unmodifiableList(tags);
  }

  private static void fill(List<String> tags, int from, int to, String tag) {
    for (int i = from; i < to; i++) {
      tags.set(i, tag);
    }
  }
}
