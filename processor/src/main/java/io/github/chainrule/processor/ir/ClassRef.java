package io.github.chainrule.processor.ir;

import java.util.List;

/** A class by package and simple names ({@code Outer}, {@code Inner} for a nested class). */
public record ClassRef(String packageName, List<String> simpleNames) {
  public ClassRef {
    simpleNames = List.copyOf(simpleNames);
  }

  /** The companion's simple name: {@code Outer_Inner_Grad}. */
  public String companionSimpleName() {
    return String.join("_", simpleNames) + "_Grad";
  }

  public ClassRef companion() {
    return new ClassRef(packageName, List.of(companionSimpleName()));
  }

  public String qualifiedName() {
    return (packageName.isEmpty() ? "" : packageName + ".") + String.join(".", simpleNames);
  }

  @Override
  public String toString() {
    return String.join(".", simpleNames);
  }
}
