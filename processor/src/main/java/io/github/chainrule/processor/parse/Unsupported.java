package io.github.chainrule.processor.parse;

import com.sun.source.tree.Tree;
import io.github.chainrule.processor.diagnostics.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * Raised while parsing a statement that leaves the supported subset; reported, then skipped.
 *
 * <p>One construct may have several problems (an assignment nested in an expression that also
 * writes into a parameter array): the others ride along in {@link #others} and are reported
 * after it. A use of a local whose declaration was already refused raises one that {@link
 * #alreadyReported} (nothing more is reported: the declaration's error says it all).
 */
final class Unsupported extends Exception {
  private static final long serialVersionUID = 1L;

  final Tag tag;
  final transient Tree tree;
  private final transient List<Unsupported> others = new ArrayList<>();

  Unsupported(Tag tag, Tree tree, String message) {
    super(message, null, false, false);
    this.tag = tag;
    this.tree = tree;
  }

  /** The refusal of a use of {@code tree}, whose problem has been reported where it was declared. */
  static Unsupported reported(Tree tree) {
    return new Unsupported(null, tree, "already reported");
  }

  /** Whether nothing is left to report for this refusal itself. */
  boolean alreadyReported() {
    return tag == null;
  }

  /** Adds {@code other} (and what rides along with it) as a further problem of the same construct. */
  Unsupported with(Unsupported other) {
    if (!other.alreadyReported()) {
      others.add(other);
    }
    others.addAll(other.others);
    return this;
  }

  /** This problem (unless already reported) and the ones riding along, in order. */
  List<Unsupported> all() {
    List<Unsupported> out = new ArrayList<>();
    if (!alreadyReported()) {
      out.add(this);
    }
    out.addAll(others);
    return out;
  }
}
