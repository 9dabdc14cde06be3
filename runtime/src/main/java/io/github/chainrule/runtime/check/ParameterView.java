package io.github.chainrule.runtime.check;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A view of a point (or of a gradient shaped like it) as named parameters with coordinates.
 *
 * <p>A parameter is one {@code double[]}, one {@code double[][]} (rows may differ in length) or one
 * {@code double}. A point is a parameter itself or a record whose components are parameters or
 * further records; components of other types ({@code int}, {@code String}, ...) are carried along
 * and have no coordinates. Reflection is used only here, once, to read record components and find
 * canonical constructors.
 *
 * <p>Array coordinates are perturbed in place, in the caller's own arrays. A {@code double} cannot
 * be changed in place, so a scalar coordinate is perturbed by building a new point: the records on
 * the path to it are rebuilt with their canonical constructors, sharing every array with the
 * original.
 */
final class ParameterView {
  /** One parameter of a point: an array (held by its rows) or a scalar. */
  static final class Parameter {
    final String name;
    /** The rows of a {@code double[][]}, the one row of a {@code double[]}; null for a scalar. */
    final double[][] rows;

    final boolean matrix;
    /** For a scalar: its value, and how to build a point in which it has another value. */
    final double scalarValue;

    final UnaryOperator<Object> scalarRebuild;
    private final int[] rowStart;
    final int size;

    private Parameter(
        String name,
        double[][] rows,
        boolean matrix,
        double scalarValue,
        UnaryOperator<Object> scalarRebuild) {
      this.name = name;
      this.rows = rows;
      this.matrix = matrix;
      this.scalarValue = scalarValue;
      this.scalarRebuild = scalarRebuild;
      if (rows == null) {
        this.rowStart = new int[] {0, 1};
        this.size = 1;
      } else {
        this.rowStart = new int[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
          rowStart[i + 1] = rowStart[i] + rows[i].length;
        }
        this.size = rowStart[rows.length];
      }
    }

    boolean isScalar() {
      return rows == null;
    }

    /** The row holding flat coordinate {@code index} (row-major reading order). */
    int rowOf(int index) {
      int low = 0;
      int high = rows.length - 1;
      while (low < high) {
        // the last row whose start is <= index; empty rows share a start with the next row
        int mid = (low + high + 1) >>> 1;
        if (rowStart[mid] <= index) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      return low;
    }

    int columnOf(int index, int row) {
      return index - rowStart[row];
    }

    double get(int index) {
      if (rows == null) {
        return scalarValue;
      }
      int row = rowOf(index);
      return rows[row][columnOf(index, row)];
    }

    /** The coordinate's name: {@code W[3][17]}, {@code b[2]}, {@code scale}. */
    String coordinateName(int index) {
      if (rows == null) {
        return name;
      }
      int row = rowOf(index);
      return matrix
          ? name + "[" + row + "][" + columnOf(index, row) + "]"
          : name + "[" + columnOf(index, row) + "]";
    }

    /** The parameter's shape, such as {@code double[3][4]}, {@code double[2][]{3,1}}, {@code double}. */
    String shape() {
      if (rows == null) {
        return "double";
      }
      if (!matrix) {
        return "double[" + rows[0].length + "]";
      }
      boolean rectangular = true;
      for (double[] row : rows) {
        rectangular &= row.length == rows[0].length;
      }
      if (rows.length == 0) {
        return "double[0][]";
      }
      if (rectangular) {
        return "double[" + rows.length + "][" + rows[0].length + "]";
      }
      StringBuilder out = new StringBuilder("double[" + rows.length + "][]{");
      for (int i = 0; i < rows.length; i++) {
        out.append(i == 0 ? "" : ",").append(rows[i].length);
      }
      return out.append('}').toString();
    }
  }

  private final List<Parameter> parameters;

  private ParameterView(List<Parameter> parameters) {
    this.parameters = List.copyOf(parameters);
  }

  List<Parameter> parameters() {
    return parameters;
  }

  /**
   * The view of {@code value}.
   *
   * @param root the name prefix: {@code "p"} names a record's components {@code p.W}; an empty root
   *     names them {@code W}. A point that is itself an array or a scalar is named {@code root}, or
   *     {@code x} when the root is empty.
   * @throws IllegalArgumentException for a value that is not a point (a {@code float[]}, a record
   *     with a {@code List} component, a null array, ...)
   */
  static ParameterView of(String root, Object value) {
    List<Parameter> out = new ArrayList<>();
    String name = root.isEmpty() && !(value instanceof Record) ? "x" : root;
    walk(value, name, UnaryOperator.identity(), out);
    return new ParameterView(out);
  }

  /**
   * Pairs of parameters that share one array object: a perturbation of one would move the other
   * too, so their coordinates cannot be checked separately.
   */
  List<String> sharedArrays() {
    Map<double[], String> owners = new IdentityHashMap<>();
    List<String> shared = new ArrayList<>();
    for (Parameter p : parameters) {
      if (p.rows == null) {
        continue;
      }
      for (double[] row : p.rows) {
        String owner = owners.putIfAbsent(row, p.name);
        if (owner != null && row.length > 0) {
          shared.add(
              owner.equals(p.name)
                  ? p.name + " uses one row array twice"
                  : owner + " and " + p.name + " share an array");
          break;
        }
      }
    }
    return shared;
  }

  private static void walk(
      Object value, String name, UnaryOperator<Object> rebuild, List<Parameter> out) {
    if (value instanceof Double d) {
      out.add(new Parameter(name, null, false, d, rebuild));
    } else if (value instanceof double[] v) {
      out.add(new Parameter(name, new double[][] {v}, false, 0.0, null));
    } else if (value instanceof double[][] m) {
      for (int i = 0; i < m.length; i++) {
        if (m[i] == null) {
          throw new IllegalArgumentException(name + "[" + i + "] is null");
        }
      }
      out.add(new Parameter(name, m, true, 0.0, null));
    } else if (value instanceof Record r) {
      walkRecord(r, name, rebuild, out);
    } else if (value == null) {
      throw new IllegalArgumentException((name.isEmpty() ? "the point" : name) + " is null");
    } else {
      throw new IllegalArgumentException(
          (name.isEmpty() ? "the point" : name)
              + " is a "
              + value.getClass().getTypeName()
              + "; a point is a double, double[], double[][] or a record of these");
    }
  }

  private static void walkRecord(
      Record r, String name, UnaryOperator<Object> rebuild, List<Parameter> out) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = read(r, components[i]);
      types[i] = components[i].getType();
    }
    Constructor<?> canonical = null; // found only if a scalar component needs it
    for (int i = 0; i < components.length; i++) {
      Class<?> type = types[i];
      String child = name.isEmpty() ? components[i].getName() : name + "." + components[i].getName();
      if (type == double.class || type.isRecord()) {
        if (canonical == null) {
          canonical = canonicalConstructor(r.getClass(), types);
        }
        Constructor<?> constructor = canonical;
        int slot = i;
        UnaryOperator<Object> rebuildChild =
            replacement -> {
              Object[] copy = values.clone();
              copy[slot] = replacement;
              return rebuild.apply(construct(constructor, copy));
            };
        walk(values[i], child, rebuildChild, out);
      } else if (type == double[].class || type == double[][].class) {
        walk(values[i], child, null, out);
      }
      // other component types are constants: no coordinates
    }
  }

  private static Object read(Record r, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(r);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "accessor " + component.getName() + "() of " + r.getClass().getName() + " threw",
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read component "
              + component.getName()
              + " of "
              + r.getClass().getName()
              + openAdvice(r.getClass()),
          e);
    }
  }

  /** On the module path, what the record's module must say so that this module may read it. */
  private static String openAdvice(Class<?> type) {
    Module user = type.getModule();
    if (!user.isNamed()) {
      return "";
    }
    Module runtime = ParameterView.class.getModule();
    String pkg = type.getPackageName();
    return "; if its package is not open to chainrule's runtime, add 'opens "
        + pkg
        + (runtime.isNamed() ? " to " + runtime.getName() : "")
        + ";' to the module-info.java of module "
        + user.getName();
  }

  private static Constructor<?> canonicalConstructor(Class<?> type, Class<?>[] types) {
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot use the canonical constructor of " + type.getName() + openAdvice(type), e);
    }
  }

  private static Object construct(Constructor<?> constructor, Object[] values) {
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "the canonical constructor of " + constructor.getDeclaringClass().getName() + " threw",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot call the canonical constructor of " + constructor.getDeclaringClass().getName(),
          e);
    }
  }
}
