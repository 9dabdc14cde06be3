package io.github.chainrule.processor.parse;

import com.sun.source.tree.Tree;
import io.github.chainrule.processor.diagnostics.Tag;

/** Raised while parsing a statement that leaves the supported subset; reported, then skipped. */
final class Unsupported extends Exception {
  private static final long serialVersionUID = 1L;

  final Tag tag;
  final transient Tree tree;

  Unsupported(Tag tag, Tree tree, String message) {
    super(message, null, false, false);
    this.tag = tag;
    this.tree = tree;
  }
}
