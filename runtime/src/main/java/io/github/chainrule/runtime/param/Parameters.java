package io.github.chainrule.runtime.param;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered, fixed view of a model's parameter arrays (or of a gradient holder's gradient arrays):
 * a list of <em>entries</em>, each a {@code double[]} vector or a {@code double[][]} matrix, and
 * the same data seen as a flat list of <em>segments</em>, the {@code double[]} rows in entry order
 * (a vector is one segment, a matrix contributes one segment per row).
 *
 * <p>The view holds the arrays themselves, never copies: writing through {@link #segment(int)}
 * writes the model's parameters, and a view of a gradient holder's buffers sees every gradient the
 * holder accumulates. Build a view once, outside the training loop; reading it in a step is plain
 * array indexing, with no reflection, boxing or allocation:
 *
 * <pre>{@code
 * Parameters params = Parameters.ofRecord(model);              // model: a record of arrays
 * Model_Grad.Loss holder = Model_Grad.Loss.zerosLike(model);    // shaped like the model
 * Parameters grads = Parameters.ofRecord(holder.p());          // the holder's live buffers
 * params.requireSameShape(grads);
 * }</pre>
 *
 * <h2>Scalars and constants</h2>
 *
 * A record component of type {@code double} is <em>rejected</em> with an {@link
 * IllegalArgumentException}: records are immutable, so nothing could update a scalar parameter in
 * place, and a gradient record's scalar component is a copy taken when the accessor ran. Hold a
 * trainable scalar as a {@code double[]} of length 1 instead (the chainrule processor refuses a
 * {@code double} component of a differentiable record at compile time, with the same advice).
 * Components of type {@code int}, {@code long}, {@code boolean} and their arrays are constants, as
 * they are to the processor (a window size, a vocabulary's ids): they are left out of the view, on
 * both sides (a gradient record holds {@code 0} or {@code null} there). Components of any other
 * type are rejected.
 *
 * <h2>Aliasing</h2>
 *
 * An array (or a matrix row) may appear only once in a view; a view that would hold the same {@code
 * double[]} twice is rejected, since an optimizer would then update it twice per step.
 *
 * <p>Instances are immutable (the arrays they hold are not) and safe to share between threads.
 */
public final class Parameters {

  private final String[] names;

  /** Per entry: the vector, or null for a matrix entry. */
  private final double[][] vectors;

  /** Per entry: the matrix, or null for a vector entry. */
  private final double[][][] matrices;

  /** Per entry: the index of its first segment; one extra element holds the segment count. */
  private final int[] firstSegment;

  private final double[][] segments;
  private final long elementCount;

  private Parameters(List<String> names, List<Object> arrays) {
    int n = names.size();
    this.names = names.toArray(new String[0]);
    this.vectors = new double[n][];
    this.matrices = new double[n][][];
    this.firstSegment = new int[n + 1];
    List<double[]> segs = new ArrayList<>();
    Map<double[], String> seen = new IdentityHashMap<>();
    long count = 0;
    for (int i = 0; i < n; i++) {
      firstSegment[i] = segs.size();
      Object a = arrays.get(i);
      if (a instanceof double[] v) {
        vectors[i] = v;
        claim(seen, v, this.names[i]);
        segs.add(v);
        count += v.length;
      } else {
        double[][] m = (double[][]) a;
        matrices[i] = m;
        for (int r = 0; r < m.length; r++) {
          if (m[r] == null) {
            throw new IllegalArgumentException(
                "parameter " + this.names[i] + " has a null row " + r);
          }
          claim(seen, m[r], this.names[i] + "[" + r + "]");
          segs.add(m[r]);
          count += m[r].length;
        }
      }
    }
    firstSegment[n] = segs.size();
    this.segments = segs.toArray(new double[0][]);
    this.elementCount = count;
  }

  private static void claim(Map<double[], String> seen, double[] array, String name) {
    String previous = seen.put(array, name);
    if (previous != null) {
      throw new IllegalArgumentException(
          "the same array appears twice in one parameter view, as "
              + previous
              + " and as "
              + name
              + "; an optimizer would update it twice per step");
    }
  }

  /**
   * A view of the given arrays, in order, named {@code "0"}, {@code "1"}, ... Each argument is a
   * {@code double[]}, a {@code double[][]}, a record of these (flattened as by {@link
   * #ofRecord(Record)}, names prefixed by the argument's index) or another {@code Parameters}
   * (inlined).
   *
   * @throws IllegalArgumentException for a null argument, an argument of another type, or an array
   *     that appears twice
   */
  public static Parameters of(Object... arrays) {
    Builder b = builder();
    for (int i = 0; i < arrays.length; i++) {
      b.add(Integer.toString(i), arrays[i]);
    }
    return b.build();
  }

  /**
   * A view of one matrix, named {@code "0"}. (Without this overload a lone {@code double[][]} would
   * bind to {@link #of(Object...)} as the varargs array itself and each row would become an entry.)
   */
  public static Parameters of(double[][] matrix) {
    return builder().add("0", matrix).build();
  }

  /**
   * A view of a record's array components, in component order, named by component; nested records
   * are flattened in place with dotted names ({@code "inner.v"}). Reflection runs here, once.
   *
   * @throws IllegalArgumentException for a {@code double} component (hold a trainable scalar as a
   *     {@code double[]} of length 1), a component of an unsupported type, a null component, or an
   *     array that appears twice; {@code int}, {@code long} and {@code boolean} components and their
   *     arrays are constants and left out
   */
  public static Parameters ofRecord(Record record) {
    return builder().add("", record).build();
  }

  /** The concatenation of views, in order; names are kept. */
  public static Parameters concat(Parameters... views) {
    Builder b = builder();
    for (Parameters v : views) {
      b.add("", v);
    }
    return b.build();
  }

  /** A builder for a view with explicit entry names. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects named entries for a {@link Parameters} view. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<Object> arrays = new ArrayList<>();

    private Builder() {}

    /** Adds a vector entry. */
    public Builder add(String name, double[] vector) {
      return add(name, (Object) vector);
    }

    /** Adds a matrix entry (rows may have different lengths). */
    public Builder add(String name, double[][] matrix) {
      return add(name, (Object) matrix);
    }

    /**
     * Adds a {@code double[]}, a {@code double[][]}, a record of these (flattened, names {@code
     * name.component}) or the entries of another view (names {@code name.entry}); an empty name
     * adds no prefix.
     */
    public Builder add(String name, Object value) {
      if (value == null) {
        throw new IllegalArgumentException(
            "parameter "
                + display(name)
                + " is null (a generated gradient holder made with new M() has no buffers until"
                + " its first call; make it with M.zerosLike(...))");
      } else if (value instanceof double[] || value instanceof double[][]) {
        names.add(display(name));
        arrays.add(value);
      } else if (value instanceof Record r) {
        addRecord(name, r);
      } else if (value instanceof Parameters p) {
        for (int i = 0; i < p.size(); i++) {
          names.add(join(name, p.names[i]));
          arrays.add(p.vectors[i] != null ? p.vectors[i] : p.matrices[i]);
        }
      } else {
        throw new IllegalArgumentException(
            "parameter "
                + display(name)
                + " has type "
                + value.getClass().getTypeName()
                + "; a parameter view holds double[], double[][] and records of these");
      }
      return this;
    }

    private void addRecord(String prefix, Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        String name = join(prefix, c.getName());
        Class<?> type = c.getType();
        if (type == double.class) {
          throw new IllegalArgumentException(
              "record component "
                  + r.getClass().getSimpleName()
                  + "."
                  + c.getName()
                  + " is a double: records are immutable, so no optimizer could update it in place;"
                  + " declare it as double[] "
                  + c.getName()
                  + " (length 1) and read it as "
                  + c.getName()
                  + "()[0]");
        }
        if (isConstant(type)) {
          continue;
        }
        if (type != double[].class && type != double[][].class && !type.isRecord()) {
          throw new IllegalArgumentException(
              "record component "
                  + r.getClass().getSimpleName()
                  + "."
                  + c.getName()
                  + " has type "
                  + type.getTypeName()
                  + "; a parameter view holds double[], double[][] and records of these");
        }
        add(name, read(r, c));
      }
    }

    /** {@code int}, {@code long}, {@code boolean} and their arrays: constants to the processor too. */
    private static boolean isConstant(Class<?> type) {
      Class<?> base = type;
      int rank = 0;
      while (base.isArray()) {
        base = base.getComponentType();
        rank++;
      }
      return rank <= 2 && (base == int.class || base == long.class || base == boolean.class);
    }

    private static Object read(Record r, RecordComponent c) {
      Method accessor = c.getAccessor();
      try {
        accessor.trySetAccessible();
        return accessor.invoke(r);
      } catch (IllegalAccessException e) {
        throw new IllegalArgumentException(
            "cannot read record component "
                + r.getClass().getName()
                + "."
                + c.getName()
                + ": "
                + openAdvice(r.getClass()),
            e);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(
            "record accessor " + r.getClass().getName() + "." + c.getName() + "() threw",
            e.getCause());
      }
    }

    /**
     * What to write in the record's module so that this module may read it: the names are the
     * real ones at run time ({@code io.github.chainrule.runtime} when the runtime jar is on the
     * module path, the unnamed module when it is on the class path).
     */
    static String openAdvice(Class<?> type) {
      Module user = type.getModule();
      Module runtime = Parameters.class.getModule();
      String pkg = type.getPackageName();
      String to = runtime.isNamed() ? " to " + runtime.getName() : "";
      return "its package "
          + pkg
          + " is not open to chainrule's runtime; add 'opens "
          + pkg
          + to
          + ";' to "
          + (user.isNamed() ? "the module-info.java of module " + user.getName() : "its module-info.java")
          + ", or make the record public in an exported package";
    }

    private static String join(String prefix, String name) {
      return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String display(String name) {
      return name.isEmpty() ? "<unnamed>" : name;
    }

    /** The view of everything added, in order. */
    public Parameters build() {
      return new Parameters(names, arrays);
    }
  }

  /** Number of entries (vectors and matrices). */
  public int size() {
    return names.length;
  }

  /** Name of entry {@code i}: a record component path such as {@code "inner.W"}, or an index. */
  public String name(int i) {
    return names[i];
  }

  /** Whether entry {@code i} is a {@code double[][]}. */
  public boolean isMatrix(int i) {
    return matrices[i] != null;
  }

  /**
   * Entry {@code i} as a vector.
   *
   * @throws IllegalStateException if it is a matrix
   */
  public double[] vector(int i) {
    if (vectors[i] == null) {
      throw new IllegalStateException("parameter " + names[i] + " is a matrix");
    }
    return vectors[i];
  }

  /**
   * Entry {@code i} as a matrix.
   *
   * @throws IllegalStateException if it is a vector
   */
  public double[][] matrix(int i) {
    if (matrices[i] == null) {
      throw new IllegalStateException("parameter " + names[i] + " is a vector");
    }
    return matrices[i];
  }

  /** Index of the entry named {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The entries by name, in order: each a {@code double[]} or a {@code double[][]}, the live arrays.
   * This is the map {@link io.github.chainrule.runtime.io.ParameterFile} writes and reads.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], vectors[i] != null ? vectors[i] : matrices[i]);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Number of segments: one per vector entry plus one per matrix row. */
  public int segmentCount() {
    return segments.length;
  }

  /** Segment {@code k}: a vector entry, or one row of a matrix entry; the live array. */
  public double[] segment(int k) {
    return segments[k];
  }

  /**
   * The first segment of entry {@code i}; entry {@code i} spans up to {@code firstSegment(i+1)}.
   */
  public int firstSegment(int i) {
    return firstSegment[i];
  }

  /** Total number of scalars in all entries. */
  public long elementCount() {
    return elementCount;
  }

  /**
   * New zero arrays shaped like the segments, {@code result[k].length == segment(k).length}: the
   * layout optimizers use for their per-element state.
   */
  public double[][] newSegmentBuffers() {
    double[][] out = new double[segments.length][];
    for (int k = 0; k < segments.length; k++) {
      out[k] = new double[segments[k].length];
    }
    return out;
  }

  /** Sets every element to zero. */
  public void zero() {
    for (double[] s : segments) {
      Arrays.fill(s, 0.0);
    }
  }

  /**
   * Adds {@code other} element-wise into this view ({@code this += other}).
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public void addFrom(Parameters other) {
    requireSameShape(other);
    for (int k = 0; k < segments.length; k++) {
      double[] a = segments[k];
      double[] b = other.segments[k];
      for (int j = 0; j < a.length; j++) {
        a[j] += b[j];
      }
    }
  }

  /**
   * Copies {@code other}'s values into this view.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public void copyFrom(Parameters other) {
    requireSameShape(other);
    for (int k = 0; k < segments.length; k++) {
      System.arraycopy(other.segments[k], 0, segments[k], 0, segments[k].length);
    }
  }

  /** Whether {@code other} has the same entries: same kinds, same lengths, same row lengths. */
  public boolean hasSameShape(Parameters other) {
    if (other.names.length != names.length || other.segments.length != segments.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if ((vectors[i] == null) != (other.vectors[i] == null)
          || firstSegment[i] != other.firstSegment[i]) {
        return false;
      }
    }
    for (int k = 0; k < segments.length; k++) {
      if (segments[k].length != other.segments[k].length) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that {@code other} (typically the gradients of this view's parameters) has the same
   * shape.
   *
   * @throws IllegalArgumentException naming both shapes if they differ
   */
  public void requireSameShape(Parameters other) {
    if (!hasSameShape(other)) {
      throw new IllegalArgumentException(
          "shape mismatch: parameters " + shape() + " but gradients " + other.shape());
    }
  }

  /**
   * The shape, e.g. {@code [W double[3][4], b double[4]]}; a matrix with rows of different lengths
   * lists them, {@code E double[3][{4, 2, 5}]}.
   */
  public String shape() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append(" double");
      if (vectors[i] != null) {
        sb.append('[').append(vectors[i].length).append(']');
      } else {
        double[][] m = matrices[i];
        sb.append('[').append(m.length).append(']');
        boolean rectangular = true;
        for (double[] row : m) {
          rectangular &= row.length == m[0].length;
        }
        if (m.length == 0) {
          sb.append("[]");
        } else if (rectangular) {
          sb.append('[').append(m[0].length).append(']');
        } else {
          sb.append("[{");
          for (int r = 0; r < m.length; r++) {
            sb.append(r > 0 ? ", " : "").append(m[r].length);
          }
          sb.append("}]");
        }
      }
    }
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    return "Parameters" + shape();
  }
}
