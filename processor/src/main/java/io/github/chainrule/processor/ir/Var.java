package io.github.chainrule.processor.ir;

/**
 * A variable of a differentiable method or of the program generated for it. Identity matters:
 * two locals that share a source name in different scopes are different variables, and the
 * emitter gives them different Java names.
 */
public final class Var {

  /** What a variable stands for; the emitter names and declares each role differently. */
  public enum Role {
    /** A method parameter of a scalar, array or constant type. */
    PARAM,
    /** One leaf component of a record parameter, such as {@code p.W()}. */
    RECORD_LEAF,
    /** A local variable declared in the source. */
    LOCAL,
    /** The value returned by the method. */
    RESULT,
    /** A control flag introduced when {@code break}, {@code continue} or {@code return} is lowered. */
    FLAG,
    /** A loop trip counter of the forward sweep. */
    COUNTER,
    /** A temporary of the generated code. */
    TEMP,
    /** The adjoint (gradient accumulator) of another variable. */
    ADJOINT
  }

  private final String name;
  private final Type type;
  private final Role role;
  private final Var primal;

  private Var(String name, Type type, Role role, Var primal) {
    this.name = name;
    this.type = type;
    this.role = role;
    this.primal = primal;
  }

  public static Var of(String name, Type type, Role role) {
    if (role == Role.ADJOINT) {
      throw new IllegalArgumentException("use adjointOf");
    }
    return new Var(name, type, role, null);
  }

  /** The adjoint of {@code primal}: same shape, named after it. */
  public static Var adjointOf(Var primal) {
    return new Var(primal.name, primal.type, Role.ADJOINT, primal);
  }

  /** The source name (or a suggestion for generated variables); the emitter makes it unique. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Role role() {
    return role;
  }

  /** For an adjoint, the variable whose gradient it holds; otherwise null. */
  public Var primal() {
    return primal;
  }

  public boolean isAdjoint() {
    return role == Role.ADJOINT;
  }

  @Override
  public String toString() {
    return (role == Role.ADJOINT ? "d" : "") + name;
  }
}
