package io.github.chainrule.processor.ir;

/**
 * The type of a value inside a differentiable method: a primitive base and an array rank.
 *
 * <p>Records never appear here: the parser flattens record parameters into one variable per
 * leaf component, so the body only ever sees doubles, integers, booleans and their arrays.
 */
public record Type(Base base, int rank) {

  /** The primitive element type. */
  public enum Base {
    DOUBLE("double"),
    LONG("long"),
    INT("int"),
    BOOLEAN("boolean"),
    /** A record parameter passed whole to a call; never stored in a local. */
    RECORD("record");

    private final String javaName;

    Base(String javaName) {
      this.javaName = javaName;
    }

    public String javaName() {
      return javaName;
    }
  }

  public static final Type DOUBLE = new Type(Base.DOUBLE, 0);
  public static final Type DOUBLE_ARRAY = new Type(Base.DOUBLE, 1);
  public static final Type DOUBLE_MATRIX = new Type(Base.DOUBLE, 2);
  public static final Type INT = new Type(Base.INT, 0);
  public static final Type LONG = new Type(Base.LONG, 0);
  public static final Type BOOLEAN = new Type(Base.BOOLEAN, 0);
  public static final Type RECORD = new Type(Base.RECORD, 0);

  public Type {
    if (rank < 0 || rank > 2) {
      throw new IllegalArgumentException("rank " + rank);
    }
  }

  /** Whether values of this type carry a gradient (double scalars and double arrays). */
  public boolean isDifferentiable() {
    return base == Base.DOUBLE;
  }

  public boolean isArray() {
    return rank > 0;
  }

  public boolean isScalar() {
    return rank == 0;
  }

  public boolean isNumericScalar() {
    return rank == 0 && base != Base.BOOLEAN && base != Base.RECORD;
  }

  /** The type of {@code a[i]} for an array {@code a} of this type. */
  public Type element() {
    if (rank == 0) {
      throw new IllegalStateException("not an array: " + this);
    }
    return new Type(base, rank - 1);
  }

  public Type arrayOf() {
    return new Type(base, rank + 1);
  }

  /** Binary numeric promotion (JLS 5.6.2) for two scalar numeric types. */
  public static Type promote(Type a, Type b) {
    if (a.base == Base.DOUBLE || b.base == Base.DOUBLE) {
      return DOUBLE;
    }
    if (a.base == Base.LONG || b.base == Base.LONG) {
      return LONG;
    }
    return INT;
  }

  /** The Java spelling, e.g. {@code double[][]}. */
  public String javaName() {
    return base.javaName() + "[]".repeat(rank);
  }

  @Override
  public String toString() {
    return javaName();
  }
}
