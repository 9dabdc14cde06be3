package io.github.chainrule.example.ner.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An entity in a sentence: its type and the tokens {@code [start, end)} it covers.
 *
 * @param type the entity type, such as {@code PER} or {@code creative-work}
 * @param start the index of its first token
 * @param end one past the index of its last token
 */
public record Entity(String type, int start, int end) {
  /** Checks that the entity covers at least one token and has a type. */
  public Entity {
    Objects.requireNonNull(type, "type");
    if (type.isEmpty() || start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "expected a type and 0 <= start < end, found " + type + " " + start + " " + end);
    }
  }

  /** The number of tokens the entity covers. */
  public int length() {
    return end - start;
  }

  /**
   * The entities that IOB2 tags mark. Read as conlleval reads them, so that predicted tags, which
   * need not be well formed, decode too: {@code B-X} starts an entity, {@code I-X} continues one of
   * type {@code X} and otherwise starts one, {@code O} is outside.
   *
   * @throws IllegalArgumentException on a tag that is not {@code O}, {@code B-type} or {@code
   *     I-type}
   */
  public static List<Entity> fromIob2(List<String> tags) {
    List<Entity> entities = new ArrayList<>();
    String open = null;
    int start = 0;
    for (int i = 0; i < tags.size(); i++) {
      String tag = Tags.requireIob2(tags.get(i));
      char prefix = Tags.prefix(tag);
      String type = Tags.type(tag);
      boolean continues = prefix == 'I' && type.equals(open);
      if (open != null && !continues) {
        entities.add(new Entity(open, start, i));
        open = null;
      }
      if (prefix != 'O' && !continues) {
        open = type;
        start = i;
      }
    }
    if (open != null) {
      entities.add(new Entity(open, start, tags.size()));
    }
    return Collections.unmodifiableList(entities);
  }

  /**
   * The IOB2 tags of {@code length} tokens holding {@code entities} (in order, not overlapping):
   * {@code B-} on the first token of each, {@code I-} on the rest, {@code O} elsewhere.
   */
  public static List<String> toIob2(List<Entity> entities, int length) {
    List<String> tags = new ArrayList<>(Collections.nCopies(length, Tags.OUTSIDE));
    int free = 0;
    for (Entity e : entities) {
      if (e.start < free || e.end > length) {
        throw new IllegalArgumentException(
            "expected entities in order, not overlapping, inside "
                + length
                + " tokens, found "
                + e);
      }
      tags.set(e.start, "B-" + e.type);
      for (int i = e.start + 1; i < e.end; i++) {
        tags.set(i, "I-" + e.type);
      }
      free = e.end;
    }
    return Collections.unmodifiableList(tags);
  }
}
