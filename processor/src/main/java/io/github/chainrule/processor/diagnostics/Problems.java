package io.github.chainrule.processor.diagnostics;

import io.github.chainrule.processor.ir.Pos;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one class; generation is skipped when any was found. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();

  public void report(Tag tag, Pos pos, String message) {
    list.add(new Problem(tag, message, pos));
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> all() {
    return List.copyOf(list);
  }
}
