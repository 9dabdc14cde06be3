package io.github.chainrule.processor.ir;

import java.util.List;

/**
 * A differentiable method as the parser understood it: its signature, its flattened parameters
 * and its body in the IR.
 *
 * @param owner the class declaring the method
 * @param name the method name
 * @param params parameters in declaration order
 * @param result the variable holding the returned value
 * @param body the body; {@code return} statements assign {@code result}
 * @param pos where the method is declared
 */
public record Method(ClassRef owner, String name, List<Param> params, Var result, Stmt.Block body, Pos pos) {
  public Method {
    params = List.copyOf(params);
  }

  /** The holder's simple name: the method name with its first letter upper-cased. */
  public String holderName() {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
