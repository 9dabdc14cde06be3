package io.github.chainrule.processor.testing;

import io.github.chainrule.Differentiable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A reflective handle on one array-valued {@link Differentiable} method (result {@code double[]} or
 * {@code double[][]}) and its generated companion: the array-result counterpart of {@link
 * GradientFunction}.
 *
 * <p>For {@code static R m(T1 p1, ..., Tn pn)} with {@code R} an array type, the companion has
 *
 * <ul>
 *   <li>{@code static M m(T1 ... Tn, R upstream)}: a fresh holder with the value and the
 *       vector-Jacobian product {@code upstream^T J}, the gradient of {@code sum(value * upstream)};
 *   <li>{@code static R m(T1 ... Tn, R upstream, M into)}: the pullback, which adds that product into
 *       {@code into} and returns the value;
 *   <li>the holder {@code M} with {@code M()}, {@code zerosLike(T1 ... Tn)}, {@code R value()}, {@code
 *       zero()} and one accessor per differentiable parameter.
 * </ul>
 *
 * There is no {@code m(args, into)} form for array results. {@code upstream} is never modified and a
 * length mismatch throws {@link IllegalArgumentException} ({@link PullbackContract} checks both).
 */
public final class PullbackFunction {
  private final Method original;
  private final Class<?> holderClass;
  private final Method fresh;
  private final Method pullback;
  private final Method zerosLike;
  private final Constructor<?> emptyHolder;
  private final Method valueAccessor;
  private final Method zero;
  private final List<Integer> differentiable = new ArrayList<>();
  private final List<Method> gradientAccessors = new ArrayList<>();

  private PullbackFunction(Method original, ClassLoader loader) {
    this.original = original;
    original.setAccessible(true);
    Class<?> result = original.getReturnType();
    if (result != double[].class && result != double[][].class) {
      throw new IllegalArgumentException("only double[]- and double[][]-valued methods: " + original);
    }
    String companionName = GradientFunction.companionName(original.getDeclaringClass());
    Class<?> companion;
    try {
      companion = Class.forName(companionName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no companion " + companionName + " for " + name(), e);
    }
    this.holderClass =
        GradientFunction.nested(companion, GradientFunction.holderName(original.getName()));
    Class<?>[] types = original.getParameterTypes();
    this.fresh = GradientFunction.declared(companion, original.getName(), GradientFunction.append(types, result));
    this.pullback =
        GradientFunction.declared(
            companion, original.getName(), GradientFunction.append(types, result, holderClass));
    if (fresh.getReturnType() != holderClass) {
      throw new AssertionError(fresh + " should return the holder " + holderClass.getName());
    }
    if (pullback.getReturnType() != result) {
      throw new AssertionError(pullback + " should return the value, a " + result.getName());
    }
    this.zerosLike = GradientFunction.declared(holderClass, "zerosLike", types);
    this.valueAccessor = GradientFunction.declared(holderClass, "value");
    if (valueAccessor.getReturnType() != result) {
      throw new AssertionError(valueAccessor + " should return a " + result.getName());
    }
    this.zero = GradientFunction.declared(holderClass, "zero");
    try {
      this.emptyHolder = holderClass.getDeclaredConstructor();
      emptyHolder.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(holderClass.getName() + " has no no-argument constructor", e);
    }
    Parameter[] parameters = original.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      if (!parameters[i].isNamePresent()) {
        throw new IllegalStateException("compile with -parameters: " + original);
      }
      if (GradientFunction.isDifferentiable(parameters[i])) {
        differentiable.add(i);
        Method accessor = GradientFunction.declared(holderClass, parameters[i].getName());
        if (accessor.getReturnType() != parameters[i].getType()) {
          throw new AssertionError(
              holderClass.getName() + "." + accessor.getName() + "() returns "
                  + accessor.getReturnType().getName() + ", expected the parameter's type "
                  + parameters[i].getType().getName());
        }
        gradientAccessors.add(accessor);
      }
    }
  }

  /** The handle for {@code method}, whose companion is loaded through {@code loader}. */
  public static PullbackFunction of(Method method, ClassLoader loader) {
    if (!GradientFunction.isDifferentiated(method)) {
      throw new IllegalArgumentException(method + " is neither @Differentiable nor has a @Derivative");
    }
    return new PullbackFunction(method, loader);
  }

  /** The array-valued method named {@code name} of {@code type}. */
  public static PullbackFunction of(Class<?> type, String name) {
    for (Method method : arrayValuedMethods(type)) {
      if (method.getName().equals(name)) {
        return of(method, type.getClassLoader());
      }
    }
    throw new IllegalArgumentException("no array-valued differentiable method " + name + " in " + type);
  }

  /**
   * The {@code double[]}- and {@code double[][]}-valued methods of {@code type} that have a companion
   * entry ({@link GradientFunction#isDifferentiated}), sorted by name.
   */
  public static List<Method> arrayValuedMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(GradientFunction::isDifferentiated)
        .filter(m -> m.getReturnType() == double[].class || m.getReturnType() == double[][].class)
        .sorted(Comparator.comparing(Method::getName))
        .toList();
  }

  /** A readable name such as {@code corpus.ArrayResults.matvec}. */
  public String name() {
    return original.getDeclaringClass().getName() + "." + original.getName();
  }

  /** The original method. */
  public Method method() {
    return original;
  }

  /** Indices of the differentiable parameters, in declaration order. */
  public List<Integer> differentiableParameters() {
    return List.copyOf(differentiable);
  }

  /** The source name of parameter {@code index}. */
  public String parameterName(int index) {
    return original.getParameters()[index].getName();
  }

  /** Calls the original method; the result is a {@code double[]} or {@code double[][]}. */
  public Object call(Object... args) {
    return invoke(original, null, args);
  }

  /** Draws arguments from the sibling {@code mArgs(Random)} method of the corpus convention. */
  public Object[] sampleArguments(Random random) {
    return GradientFunction.sampleArguments(original, random);
  }

  /** {@code m(args, upstream)}: a fresh holder with the value and the vector-Jacobian product. */
  public Holder fresh(Object[] args, Object upstream) {
    return new Holder(invoke(fresh, null, GradientFunction.append(args, upstream)));
  }

  /** {@code m(args, upstream, into)}: adds the vector-Jacobian product, returns the value. */
  public Object pullback(Object[] args, Object upstream, Holder into) {
    return invoke(pullback, null, GradientFunction.append(args, upstream, into.instance));
  }

  /** {@code new M()}: an unbound holder without buffers. */
  public Holder emptyHolder() {
    try {
      return new Holder(emptyHolder.newInstance());
    } catch (InvocationTargetException e) {
      throw new AssertionError(holderClass.getName() + "() threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code M.zerosLike(args)}: zero gradients shaped like {@code args}. */
  public Holder zerosLike(Object... args) {
    return new Holder(invoke(zerosLike, null, args));
  }

  /**
   * The scalar whose gradient the vector-Jacobian product is: {@code sum(value * upstream)} over
   * all coordinates (both flattened in reading order; shapes must agree).
   */
  public static double weightedSum(Object value, Object upstream) {
    double[] v = Coordinates.flatten(value);
    double[] u = Coordinates.flatten(upstream);
    if (v.length != u.length || !Coordinates.shape(value).equals(Coordinates.shape(upstream))) {
      throw new IllegalArgumentException(
          "value " + Coordinates.shape(value) + " vs upstream " + Coordinates.shape(upstream));
    }
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * u[i];
    }
    return s;
  }

  /** A random upstream gradient shaped like {@code value}, uniform in [-1, 1). */
  public static Object randomUpstream(Object value, Random random) {
    double[] flat = new double[Coordinates.flatten(value).length];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = 2 * random.nextDouble() - 1;
    }
    return Coordinates.rebuild(value, flat);
  }

  /** A gradient holder of this function's companion. */
  public final class Holder {
    private final Object instance;

    private Holder(Object instance) {
      if (!holderClass.isInstance(instance)) {
        throw new AssertionError("expected a " + holderClass.getName() + ", got " + instance);
      }
      this.instance = instance;
    }

    /** {@code value()}: the value of the last call, a {@code double[]} or {@code double[][]}. */
    public Object value() {
      return invoke(valueAccessor, instance);
    }

    /** {@code zero()}: clears the gradient. */
    public void zero() {
      invoke(zero, instance);
    }

    /** The raw accessor result for parameter {@code index} (a live buffer for arrays). */
    public Object gradient(int index) {
      int position = differentiable.indexOf(index);
      if (position < 0) {
        throw new IllegalArgumentException(parameterName(index) + " is not differentiable");
      }
      return invoke(gradientAccessors.get(position), instance);
    }

    /** A snapshot of every gradient, flattened per parameter (see {@link Coordinates}). */
    public Gradient snapshot() {
      Gradient.Builder builder = Gradient.builder();
      for (int index : differentiable) {
        builder.put(parameterName(index), Coordinates.flatten(gradient(index)));
      }
      return builder.build();
    }
  }

  /**
   * Calls {@code method}; an exception it throws becomes an {@link AssertionError} that names the
   * function and keeps the exception as its cause (so tests can look for an expected one).
   */
  private Object invoke(Method method, Object receiver, Object... args) {
    try {
      return method.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new AssertionError(
          method.getDeclaringClass().getName() + "." + method.getName() + " threw " + cause
              + " (function " + name() + ")",
          cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
