package io.github.chainrule.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A record-typed parameter (or a record component of one), flattened: each component is either a
 * leaf variable of a differentiable or constant type, or a nested record.
 */
public record RecordNode(String sourcePath, ClassRef type, List<Component> components) {
  public RecordNode {
    components = List.copyOf(components);
  }

  /** One record component: exactly one of {@code leaf} and {@code nested} is set. */
  public record Component(String name, Var leaf, RecordNode nested) {}

  /** All leaf variables, depth first in declaration order. */
  public List<Var> leaves() {
    List<Var> out = new ArrayList<>();
    for (Component c : components) {
      if (c.leaf() != null) {
        out.add(c.leaf());
      } else {
        out.addAll(c.nested().leaves());
      }
    }
    return out;
  }
}
