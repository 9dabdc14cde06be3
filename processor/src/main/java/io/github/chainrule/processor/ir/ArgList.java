package io.github.chainrule.processor.ir;

import java.util.List;

/**
 * A comma-separated list inside a {@link Stmt.Raw} or {@link Expr.Raw}: expressions, variables and
 * plain text, printed in order.
 */
public record ArgList(List<Object> items) {
  public ArgList {
    items = List.copyOf(items);
  }
}
