package io.github.chainrule.processor.parse;

import com.sun.source.tree.Tree;
import io.github.chainrule.processor.ir.Expr;
import io.github.chainrule.processor.ir.Stmt;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The array values of the statement being parsed.
 *
 * <ul>
 *   <li>Array initializers and calls returning arrays are <em>unstored</em> until the statement
 *       stores them into a variable, an element or the result; one left over when the statement
 *       ends is an error (the backward sweep needs a variable to hold its adjoint).
 *   <li>A computed array passed to a differentiable method ({@code f(new double[] {a, b})}) is
 *       <em>hoisted</em> into a temporary assigned just before the statement. Loop conditions and
 *       updates run many times and have nowhere to hoist to.
 * </ul>
 */
final class StatementArrays {
  /** What an enclosing statement had pending while an inner one is parsed. */
  static final class Saved {
    private final Map<Expr, Tree> unstored;
    private final List<Stmt> hoisted;

    private Saved(Map<Expr, Tree> unstored, List<Stmt> hoisted) {
      this.unstored = unstored;
      this.hoisted = hoisted;
    }
  }

  /** An action that parses and may be refused. */
  interface Parse<T> {
    T run() throws Unsupported;
  }

  private final Map<Expr, Tree> unstored = new IdentityHashMap<>();
  /** Where temporaries for computed array arguments go (before the statement); null in loop headers. */
  private List<Stmt> hoisted;

  /** Starts a statement whose temporaries go to {@code temporaries}; returns the outer state. */
  Saved begin(List<Stmt> temporaries) {
    Saved saved = new Saved(new IdentityHashMap<>(unstored), hoisted);
    unstored.clear();
    hoisted = temporaries;
    return saved;
  }

  /** Ends the statement begun with {@link #begin}: the enclosing one's state comes back. */
  void end(Saved saved) {
    unstored.clear();
    unstored.putAll(saved.unstored);
    hoisted = saved.hoisted;
  }

  /** Parses a part that runs many times (a loop condition or update): nothing can be hoisted. */
  <T> T withoutHoisting(Parse<T> parse) throws Unsupported {
    List<Stmt> outer = hoisted;
    hoisted = null;
    try {
      return parse.run();
    } finally {
      hoisted = outer;
    }
  }

  /** Records an array value that the statement must still store somewhere. */
  void unstored(Expr value, Tree at) {
    unstored.put(value, at);
  }

  /** {@code value} is stored (or otherwise held): it needs no variable of its own. */
  void stored(Expr value) {
    unstored.remove(value);
  }

  /** The values still unstored, in no particular order, with the trees they came from. */
  Map<Expr, Tree> unstored() {
    return unstored;
  }

  /** Whether a temporary can be assigned before the current statement. */
  boolean canHoist() {
    return hoisted != null;
  }

  /** Adds {@code s} before the current statement; only when {@link #canHoist}. */
  void hoist(Stmt s) {
    hoisted.add(s);
  }
}
