package io.github.chainrule.processor.testing;

import io.github.chainrule.Derivative;
import io.github.chainrule.Differentiable;
import io.github.chainrule.NoGrad;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A reflective handle on one {@link Differentiable} method and its generated companion, so that
 * tests can call the original method, the three companion forms, and the gradient holder without
 * knowing the types at compile time.
 *
 * <p>For {@code static double m(T1 p1, ..., Tn pn)} declared in {@code pkg.Outer.Inner} the
 * companion is {@code pkg.Outer_Inner_Grad} with holder class {@code M} (first letter of {@code m}
 * upper-cased) and
 *
 * <ul>
 *   <li>{@code static M m(T1 ... Tn)}: a fresh holder with value and gradient;
 *   <li>{@code static double m(T1 ... Tn, M into)}: adds the gradient into {@code into};
 *   <li>{@code static double m(T1 ... Tn, double seed, M into)}: adds {@code seed * gradient};
 *   <li>{@code M()}, {@code static M zerosLike(T1 ... Tn)}, {@code double value()}, {@code void
 *       zero()}, and one accessor per differentiable parameter named like the parameter.
 * </ul>
 *
 * <p>Parameter names come from reflection, so the sources must be compiled with {@code -parameters}
 * (as {@link InMemoryCompiler} does). A parameter is differentiable when {@link
 * Coordinates#isDifferentiableType its type} can carry a gradient and it is not {@link NoGrad}.
 *
 * <p>Sample arguments come from a sibling method {@code static Object[] mArgs(java.util.Random)}
 * in the same class (not annotated, so the processor ignores it): the corpus convention for a
 * function's domain.
 */
public final class GradientFunction {
  /** Suffix of the sibling method that draws arguments: {@code cube} has {@code cubeArgs}. */
  public static final String ARGUMENTS_SUFFIX = "Args";

  private final Method original;
  private final Class<?> holderClass;
  private final Method fresh;
  private final Method accumulate;
  private final Method seeded;
  private final Method zerosLike;
  private final Constructor<?> emptyHolder;
  private final Method valueAccessor;
  private final Method zero;
  private final List<Integer> differentiable = new ArrayList<>();
  private final List<Method> gradientAccessors = new ArrayList<>();

  private GradientFunction(Method original, ClassLoader loader) {
    this.original = original;
    original.setAccessible(true);
    String methodName = original.getName();
    Class<?> companion;
    try {
      companion = Class.forName(companionName(original.getDeclaringClass()), true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          "no companion " + companionName(original.getDeclaringClass()) + " for " + name(), e);
    }
    this.holderClass = nested(companion, holderName(methodName));
    Class<?>[] types = original.getParameterTypes();
    this.fresh = declared(companion, methodName, types);
    this.accumulate = declared(companion, methodName, append(types, holderClass));
    this.seeded = declared(companion, methodName, append(types, double.class, holderClass));
    this.zerosLike = declared(holderClass, "zerosLike", types);
    this.valueAccessor = declared(holderClass, "value");
    this.zero = declared(holderClass, "zero");
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
      if (isDifferentiable(parameters[i])) {
        differentiable.add(i);
        Method accessor = declared(holderClass, parameters[i].getName());
        if (accessor.getReturnType() != parameters[i].getType()) {
          throw new AssertionError(
              holderClass.getName()
                  + "."
                  + accessor.getName()
                  + "() returns "
                  + accessor.getReturnType().getName()
                  + ", expected the parameter's type "
                  + parameters[i].getType().getName());
        }
        gradientAccessors.add(accessor);
      }
    }
    if (original.getReturnType() != double.class) {
      throw new IllegalArgumentException("only double-valued methods are driven: " + original);
    }
  }

  /** The handle for {@code method}, whose companion is loaded through {@code loader}. */
  public static GradientFunction of(Method method, ClassLoader loader) {
    if (!isDifferentiated(method)) {
      throw new IllegalArgumentException(method + " is neither @Differentiable nor has a @Derivative");
    }
    return new GradientFunction(method, loader);
  }

  /** The {@link Differentiable} method named {@code name} of {@code type}. */
  public static GradientFunction of(Class<?> type, String name) {
    for (Method method : differentiableMethods(type)) {
      if (method.getName().equals(name)) {
        return of(method, type.getClassLoader());
      }
    }
    throw new IllegalArgumentException("no @Differentiable method " + name + " in " + type);
  }

  /**
   * The double-valued methods declared by {@code type} that have a companion, sorted by name: those
   * that are {@link Differentiable} and those that have a {@link Derivative} adjoint (see {@link
   * #isDifferentiated}).
   */
  public static List<Method> differentiableMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(GradientFunction::isDifferentiated)
        .filter(m -> m.getReturnType() == double.class)
        .sorted(Comparator.comparing(Method::getName))
        .toList();
  }

  /**
   * Whether the processor writes a companion entry for {@code method}: it is {@link Differentiable},
   * or a static method of its class carries {@code @Derivative(of = "<its name>")} (the method need
   * not be {@code @Differentiable} then).
   */
  public static boolean isDifferentiated(Method method) {
    if (method.isAnnotationPresent(Differentiable.class)) {
      return true;
    }
    if (!Modifier.isStatic(method.getModifiers())) {
      return false;
    }
    for (Method sibling : method.getDeclaringClass().getDeclaredMethods()) {
      Derivative derivative = sibling.getAnnotation(Derivative.class);
      if (derivative != null && derivative.of().equals(method.getName()) && sibling != method) {
        return true;
      }
    }
    return false;
  }

  /** {@code pkg.Outer_Inner_Grad} for {@code pkg.Outer.Inner}. */
  public static String companionName(Class<?> type) {
    StringBuilder simple = new StringBuilder(type.getSimpleName());
    for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
      simple.insert(0, outer.getSimpleName() + "_");
    }
    String pkg = type.getPackageName();
    return (pkg.isEmpty() ? "" : pkg + ".") + simple + "_Grad";
  }

  /** {@code Score} for {@code score}. */
  public static String holderName(String methodName) {
    return Character.toUpperCase(methodName.charAt(0)) + methodName.substring(1);
  }

  /** A readable name such as {@code corpus.Lecture.cube}. */
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

  /** Calls the original method. */
  public double call(Object... args) {
    return (Double) invoke(original, null, args);
  }

  /** Draws arguments from the sibling {@code mArgs(Random)} method of the corpus convention. */
  public Object[] sampleArguments(Random random) {
    return sampleArguments(original, random);
  }

  /**
   * Draws arguments for {@code method} from its sibling {@code static Object[] mArgs(Random)};
   * usable without a companion (for example to check a corpus's domains with plain javac).
   */
  public static Object[] sampleArguments(Method method, Random random) {
    String name = method.getName() + ARGUMENTS_SUFFIX;
    String function = method.getDeclaringClass().getName() + "." + method.getName();
    Method sampler;
    try {
      sampler = method.getDeclaringClass().getDeclaredMethod(name, Random.class);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          function + " has no domain: add `static Object[] " + name + "(java.util.Random random)`", e);
    }
    if (!Modifier.isStatic(sampler.getModifiers()) || sampler.getReturnType() != Object[].class) {
      throw new AssertionError(sampler + " must be static and return Object[]");
    }
    sampler.setAccessible(true);
    Object[] args;
    try {
      args = (Object[]) sampler.invoke(null, random);
    } catch (InvocationTargetException e) {
      throw new AssertionError(sampler + " threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    if (args.length != method.getParameterCount()) {
      throw new AssertionError(sampler + " returned " + args.length + " arguments for " + method);
    }
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      Class<?> boxed = types[i] == double.class ? Double.class : types[i] == int.class ? Integer.class
          : types[i] == long.class ? Long.class : types[i] == boolean.class ? Boolean.class : types[i];
      if (!boxed.isInstance(args[i])) {
        throw new AssertionError(
            sampler + " argument " + i + " is " + args[i] + ", expected a " + types[i].getName());
      }
    }
    return args;
  }

  /** {@code m(args)}: a fresh holder. */
  public Holder fresh(Object... args) {
    return new Holder(invoke(fresh, null, args));
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

  /** {@code m(args, into)}: adds the gradient into {@code into}, returns the value. */
  public double accumulate(Object[] args, Holder into) {
    return (Double) invoke(accumulate, null, append(args, into.instance));
  }

  /** {@code m(args, seed, into)}: adds {@code seed} times the gradient, returns the value. */
  public double accumulate(Object[] args, double seed, Holder into) {
    return (Double) invoke(seeded, null, append(args, seed, into.instance));
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

    /** The generated holder object. */
    public Object instance() {
      return instance;
    }

    /** {@code value()}: the value of the last call. */
    public double value() {
      return (Double) invoke(valueAccessor, instance);
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

  private Object invoke(Method method, Object receiver, Object... args) {
    try {
      return method.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      AssertionError error =
          new AssertionError(
              method.getDeclaringClass().getName()
                  + "."
                  + method.getName()
                  + " threw "
                  + cause
                  + " (function "
                  + name()
                  + ")",
              cause);
      throw error;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether the parameter gets a gradient: its type can carry one, it is not {@link NoGrad}, and,
   * where the method names {@code @Differentiable(wrt = ...)}, it is named there.
   */
  static boolean isDifferentiable(Parameter parameter) {
    Differentiable d = parameter.getDeclaringExecutable().getAnnotation(Differentiable.class);
    if (d != null && d.wrt().length > 0 && !Arrays.asList(d.wrt()).contains(parameter.getName())) {
      return false;
    }
    return !parameter.isAnnotationPresent(NoGrad.class)
        && Coordinates.isDifferentiableType(parameter.getType());
  }

  static Method declared(Class<?> type, String name, Class<?>... parameterTypes) {
    try {
      Method method = type.getDeclaredMethod(name, parameterTypes);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          type.getName()
              + " has no method "
              + name
              + Arrays.toString(Arrays.stream(parameterTypes).map(Class::getSimpleName).toArray())
              + "; it declares "
              + Arrays.toString(type.getDeclaredMethods()),
          e);
    }
  }

  static Class<?> nested(Class<?> outer, String simpleName) {
    for (Class<?> inner : outer.getDeclaredClasses()) {
      if (inner.getSimpleName().equals(simpleName)) {
        return inner;
      }
    }
    throw new AssertionError(
        outer.getName()
            + " has no holder class "
            + simpleName
            + "; it has "
            + Arrays.toString(outer.getDeclaredClasses()));
  }

  static Class<?>[] append(Class<?>[] types, Class<?>... more) {
    Class<?>[] all = Arrays.copyOf(types, types.length + more.length);
    System.arraycopy(more, 0, all, types.length, more.length);
    return all;
  }

  static Object[] append(Object[] values, Object... more) {
    Object[] all = Arrays.copyOf(values, values.length + more.length);
    System.arraycopy(more, 0, all, values.length, more.length);
    return all;
  }
}
