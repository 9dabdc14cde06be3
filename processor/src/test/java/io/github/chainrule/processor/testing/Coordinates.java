package io.github.chainrule.processor.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Views a differentiable value as a flat vector of {@code double} coordinates, and builds new
 * values of the same shape from such a vector.
 *
 * <p>Differentiable values are those of the chainrule contract: {@code double} (boxed as {@link
 * Double} in argument arrays), {@code double[]}, {@code double[][]} (rows may differ in length),
 * and records whose components are these or further records. The coordinate order is the reading
 * order: row by row, record components in declaration order. Record components of other types
 * ({@code int}, {@code String}, ...) carry no coordinates and are passed through unchanged when a
 * record is rebuilt. Records are rebuilt through their canonical constructor, found from {@link
 * RecordComponent} types, so a perturbed argument never shares a mutable array with the original.
 */
public final class Coordinates {
  private Coordinates() {}

  /**
   * Whether a parameter of static type {@code type} can carry a gradient: {@code double}, {@code
   * double[]}, {@code double[][]}, or a record whose components are all differentiable.
   */
  public static boolean isDifferentiableType(Class<?> type) {
    if (type == double.class || type == double[].class || type == double[][].class) {
      return true;
    }
    if (!type.isRecord()) {
      return false;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (!isDifferentiableType(component.getType())) {
        return false;
      }
    }
    return true;
  }

  /** The coordinates of {@code value} in reading order. */
  public static double[] flatten(Object value) {
    List<Double> out = new ArrayList<>();
    walk(value, "", out, null);
    double[] flat = new double[out.size()];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = out.get(i);
    }
    return flat;
  }

  /**
   * Readable names of the coordinates of {@code value}, aligned with {@link #flatten}: {@code x},
   * {@code x[3]}, {@code W[1][2]}, {@code p.inner().v()[0]}.
   */
  public static List<String> names(String root, Object value) {
    List<String> names = new ArrayList<>();
    walk(value, root, null, names);
    return names;
  }

  /** A description of the shape of {@code value}, such as {@code double[3][4]} or a record tree. */
  public static String shape(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double) {
      return "double";
    }
    if (value instanceof double[] v) {
      return "double[" + v.length + "]";
    }
    if (value instanceof double[][] m) {
      StringBuilder rows = new StringBuilder("double[][]{");
      for (int i = 0; i < m.length; i++) {
        rows.append(i == 0 ? "" : ",").append(m[i] == null ? "null" : m[i].length);
      }
      return rows.append('}').toString();
    }
    if (value instanceof Record r) {
      StringBuilder out = new StringBuilder(r.getClass().getSimpleName()).append('(');
      RecordComponent[] components = r.getClass().getRecordComponents();
      for (int i = 0; i < components.length; i++) {
        out.append(i == 0 ? "" : ", ")
            .append(components[i].getName())
            .append('=')
            .append(shape(component(r, components[i])));
      }
      return out.append(')').toString();
    }
    return value.getClass().getName();
  }

  /** Whether {@code a} and {@code b} have the same shape (types, lengths, record classes). */
  public static boolean sameShape(Object a, Object b) {
    return shape(a).equals(shape(b)) && (a == null || b == null || a.getClass() == b.getClass());
  }

  /**
   * A new value shaped like {@code template} whose coordinates are {@code flat}. Arrays and records
   * are new objects; components without coordinates are shared with the template.
   */
  public static Object rebuild(Object template, double[] flat) {
    int[] cursor = {0};
    Object result = rebuild(template, flat, cursor);
    if (cursor[0] != flat.length) {
      throw new IllegalArgumentException(
          "shape " + shape(template) + " has " + cursor[0] + " coordinates, got " + flat.length);
    }
    return result;
  }

  /** A deep copy of {@code value}: new arrays and records with the same coordinates. */
  public static Object copy(Object value) {
    if (value instanceof int[] ints) {
      return ints.clone();
    }
    if (value instanceof long[] longs) {
      return longs.clone();
    }
    if (value instanceof boolean[] booleans) {
      return booleans.clone();
    }
    return rebuild(value, flatten(value));
  }

  /** {@code value} with coordinate {@code index} replaced by {@code coordinate}, as a new value. */
  public static Object with(Object value, int index, double coordinate) {
    double[] flat = flatten(value);
    flat[index] = coordinate;
    return rebuild(value, flat);
  }

  private static Object rebuild(Object template, double[] flat, int[] cursor) {
    if (template instanceof Double) {
      return flat[cursor[0]++];
    }
    if (template instanceof double[] v) {
      double[] out = new double[v.length];
      System.arraycopy(flat, cursor[0], out, 0, v.length);
      cursor[0] += v.length;
      return out;
    }
    if (template instanceof double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = (double[]) rebuild(m[i], flat, cursor);
      }
      return out;
    }
    if (template instanceof Record r) {
      RecordComponent[] components = r.getClass().getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = rebuild(component(r, components[i]), flat, cursor);
      }
      try {
        Constructor<?> canonical = r.getClass().getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return canonical.newInstance(values);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("canonical constructor of " + r.getClass() + " threw", e);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot rebuild " + r.getClass(), e);
      }
    }
    return template; // a constant component: int, String, ... (or null)
  }

  private static void walk(Object value, String path, List<Double> values, List<String> names) {
    if (value instanceof Double d) {
      add(values, d, names, path);
    } else if (value instanceof double[] v) {
      for (int i = 0; i < v.length; i++) {
        add(values, v[i], names, path + "[" + i + "]");
      }
    } else if (value instanceof double[][] m) {
      for (int i = 0; i < m.length; i++) {
        walk(m[i], path + "[" + i + "]", values, names);
      }
    } else if (value instanceof Record r) {
      for (RecordComponent component : r.getClass().getRecordComponents()) {
        walk(component(r, component), path + "." + component.getName() + "()", values, names);
      }
    }
  }

  private static void add(List<Double> values, double value, List<String> names, String name) {
    if (values != null) {
      values.add(value);
    }
    if (names != null) {
      names.add(name);
    }
  }

  private static Object component(Record r, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component + " of " + r.getClass(), e);
    }
  }
}
