package io.github.chainrule.processor.emit;

import io.github.chainrule.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Gives every variable of a generated method a Java name: the source name where there is one,
 * {@code dW} for the adjoint of {@code W}, and a numbered variant ({@code z2}) where two variables
 * would otherwise collide. Block-scoped temporaries give their names back when their block ends.
 */
final class Namer {
  private final Map<Var, String> names = new IdentityHashMap<>();
  private final Set<String> used = new HashSet<>();
  private final Deque<List<String>> scopes = new ArrayDeque<>();

  /** Reserves {@code name} exactly (parameters keep their names). */
  void reserve(Var v, String name) {
    names.put(v, name);
    used.add(name);
  }

  void reserve(String name) {
    used.add(name);
  }

  boolean isNamed(Var v) {
    return names.containsKey(v);
  }

  String name(Var v) {
    String n = names.get(v);
    if (n == null) {
      n = fresh(suggestion(v));
      names.put(v, n);
      if (!scopes.isEmpty()) {
        scopes.peek().add(n);
      }
    }
    return n;
  }

  /** A fresh name in the innermost scope, given back when the scope closes. */
  String scoped(String base) {
    String n = fresh(base);
    if (!scopes.isEmpty()) {
      scopes.peek().add(n);
    }
    return n;
  }

  void openScope() {
    scopes.push(new ArrayList<>());
  }

  void closeScope() {
    used.removeAll(scopes.pop());
  }

  /** Names a block-scoped temporary; it is released when the current scope closes. */
  String nameScoped(Var v) {
    String n = fresh(suggestion(v));
    names.put(v, n);
    if (!scopes.isEmpty()) {
      scopes.peek().add(n);
    }
    return n;
  }

  private String fresh(String base) {
    String n = base;
    int k = 2;
    while (used.contains(n) || SourceVersion.isKeyword(n)) {
      n = base + k++;
    }
    used.add(n);
    return n;
  }

  private static String suggestion(Var v) {
    if (v.isAdjoint()) {
      String p = v.primal().name();
      String d = p.length() == 1 ? "d" + p : "d" + Character.toUpperCase(p.charAt(0)) + p.substring(1);
      return SourceVersion.isKeyword(d) ? "d" + Character.toUpperCase(p.charAt(0)) + p.substring(1) : d;
    }
    return v.name();
  }
}
