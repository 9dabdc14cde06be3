package io.github.chainrule.processor.parse;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import io.github.chainrule.processor.diagnostics.Problems;
import io.github.chainrule.processor.diagnostics.Tag;
import io.github.chainrule.processor.ir.Pos;
import java.io.IOException;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Where the method being parsed lives: its class, its compilation unit (for imports and
 * positions) and the problems of the class. Every part of the parser reports through {@link
 * #report} and positions IR nodes with {@link #pos}.
 */
final class SourceContext {
  final Trees trees;
  final Elements elements;
  final Problems problems;
  final CompilationUnitTree unit;
  final TypeElement owner;
  final ExecutableElement method;
  private final SourcePositions positions;
  private CharSequence source;

  SourceContext(Trees trees, Elements elements, Problems problems, TypeElement owner, ExecutableElement method) {
    this.trees = trees;
    this.elements = elements;
    this.problems = problems;
    this.owner = owner;
    this.method = method;
    this.unit = trees.getPath(method).getCompilationUnit();
    this.positions = trees.getSourcePositions();
    try {
      this.source = unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      this.source = "";
    }
  }

  /** The line of {@code t} and its source text (first line, at most 100 characters). */
  Pos pos(Tree t) {
    long start = positions.getStartPosition(unit, t);
    long end = positions.getEndPosition(unit, t);
    int line = start >= 0 ? (int) unit.getLineMap().getLineNumber(start) : 0;
    String text = "";
    if (start >= 0 && end > start && end <= source.length()) {
      text = source.subSequence((int) start, (int) end).toString();
      int nl = text.indexOf('\n');
      if (nl >= 0) {
        text = text.substring(0, nl).stripTrailing() + " ...";
      }
      if (text.length() > 100) {
        text = text.substring(0, 97) + "...";
      }
    }
    return new Pos(line, text, t);
  }

  void report(Tag tag, Tree at, String message) {
    problems.report(tag, pos(at), message);
  }
}
