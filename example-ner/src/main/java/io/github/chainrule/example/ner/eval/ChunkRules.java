package io.github.chainrule.example.ner.eval;

/**
 * conlleval's {@code endOfChunk} and {@code startOfChunk}, rule for rule. A tag is split at its
 * first hyphen into a chunk tag ({@code B}, {@code I}, {@code E}, {@code S}, {@code O}, {@code [},
 * {@code ]}, {@code .}, or anything else) and a type. The rules are between the previous token's
 * tag and type and the current one's. They handle IOB1, IOB2, IOE and IOBES alike; {@code S} has no
 * rule of its own and acts through the type rules (so {@code S-X S-X} is one chunk, as in the
 * script). Two rules stand twice in each of the script's functions; they do here too, so that the
 * two read side by side.
 */
final class ChunkRules {
  private ChunkRules() {}

  /** Whether a chunk ended between the previous word and the current one. */
  static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
    boolean end = false;
    end |= prevTag.equals("B") && tag.equals("B");
    end |= prevTag.equals("B") && tag.equals("O");
    end |= prevTag.equals("I") && tag.equals("B");
    end |= prevTag.equals("I") && tag.equals("O");

    end |= prevTag.equals("E") && tag.equals("E");
    end |= prevTag.equals("E") && tag.equals("I");
    end |= prevTag.equals("E") && tag.equals("O");
    end |= prevTag.equals("I") && tag.equals("O");

    // a change of type ends any chunk
    end |= !prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type);

    // corrected 1998-12-22 in the script: these chunks are assumed to have length 1
    end |= prevTag.equals("]");
    end |= prevTag.equals("[");
    return end;
  }

  /** Whether a chunk started between the previous word and the current one. */
  static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
    boolean start = false;
    start |= prevTag.equals("B") && tag.equals("B");
    start |= prevTag.equals("I") && tag.equals("B");
    start |= prevTag.equals("O") && tag.equals("B");
    start |= prevTag.equals("O") && tag.equals("I");

    start |= prevTag.equals("E") && tag.equals("E");
    start |= prevTag.equals("E") && tag.equals("I");
    start |= prevTag.equals("O") && tag.equals("E");
    start |= prevTag.equals("O") && tag.equals("I");

    // a change of type starts a chunk
    start |= !tag.equals("O") && !tag.equals(".") && !prevType.equals(type);

    // corrected 1998-12-22 in the script: these chunks are assumed to have length 1
    start |= tag.equals("[");
    start |= tag.equals("]");
    return start;
  }
}
