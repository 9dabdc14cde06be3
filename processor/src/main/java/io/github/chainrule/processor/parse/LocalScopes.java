package io.github.chainrule.processor.parse;

import io.github.chainrule.processor.ir.Param;
import io.github.chainrule.processor.ir.RecordNode;
import io.github.chainrule.processor.ir.Type;
import io.github.chainrule.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names a method body can see: its parameters (scalars and arrays by variable, records by
 * their tree of components) and its local variables, one scope per block, innermost first.
 */
final class LocalScopes {
  private final Deque<Map<String, Var>> scopes = new ArrayDeque<>();
  private final Map<String, Var> params = new LinkedHashMap<>();
  private final Map<String, RecordNode> records = new LinkedHashMap<>();
  private final Set<Var> unknown = Collections.newSetFromMap(new IdentityHashMap<>());

  void addParam(Param p) {
    if (p.isRecord()) {
      records.put(p.name(), p.record());
    } else {
      params.put(p.name(), p.var());
    }
  }

  /** Opens a block's scope. */
  void push() {
    scopes.push(new HashMap<>());
  }

  /** Closes the innermost scope. */
  void pop() {
    scopes.pop();
  }

  /** Declares a local variable in the innermost scope. */
  Var declare(String name, Type type) {
    Var var = Var.of(name, type, Var.Role.LOCAL);
    scopes.peek().put(name, var);
    return var;
  }

  /**
   * Declares a local whose declaration was refused and whose type is unknown: its uses are
   * refused without a report of their own (see {@link #isUnknown}).
   */
  Var declareUnknown(String name) {
    Var var = declare(name, Type.DOUBLE);
    unknown.add(var);
    return var;
  }

  /** Whether {@code v} was declared by {@link #declareUnknown}. */
  boolean isUnknown(Var v) {
    return unknown.contains(v);
  }

  /** The local or parameter variable named {@code name} (not a record), or null. */
  Var lookup(String name) {
    for (Map<String, Var> scope : scopes) {
      Var v = scope.get(name);
      if (v != null) {
        return v;
      }
    }
    return params.get(name);
  }

  /** The variable named {@code name} in the innermost scope only, or null. */
  Var lookupLocal(String name) {
    return scopes.isEmpty() ? null : scopes.peek().get(name);
  }

  /** The record parameter named {@code name}, or null. */
  RecordNode record(String name) {
    return records.get(name);
  }

  /** Whether {@code name} is a variable or a record parameter in scope. */
  boolean names(String name) {
    return lookup(name) != null || records.containsKey(name);
  }
}
