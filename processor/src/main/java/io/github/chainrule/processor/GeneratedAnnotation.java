package io.github.chainrule.processor;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether a companion may carry {@code @javax.annotation.processing.Generated}: that annotation
 * lives in module {@code java.compiler}, which a named module reads only if it requires it (often
 * as {@code requires static java.compiler;}, since the annotation is kept in the source only). A
 * companion in a module that does not read it is written without the annotation, rather than
 * failing the user's build; its Javadoc still says that chainrule wrote it.
 */
final class GeneratedAnnotation {
  static final String MODULE = "java.compiler";
  static final String NAME = "javax.annotation.processing.Generated";

  private GeneratedAnnotation() {}

  /** Whether code in {@code type}'s module can name {@code @Generated}. */
  static boolean readableFrom(Elements elements, TypeElement type) {
    if (elements.getTypeElement(NAME) == null) {
      return false;
    }
    ModuleElement module = elements.getModuleOf(type);
    if (module == null || module.isUnnamed()) {
      return true; // the unnamed module reads every module in the graph
    }
    if (module.getQualifiedName().contentEquals(MODULE)) {
      return true;
    }
    Set<ModuleElement> seen = new HashSet<>();
    for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(module.getDirectives())) {
      if (impliesReadability(r.getDependency(), seen)) {
        return true;
      }
    }
    return false;
  }

  /** Whether reading {@code m} means reading java.compiler: it is, or requires it transitively. */
  private static boolean impliesReadability(ModuleElement m, Set<ModuleElement> seen) {
    if (m.getQualifiedName().contentEquals(MODULE)) {
      return true;
    }
    if (!seen.add(m)) {
      return false;
    }
    for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(m.getDirectives())) {
      if (r.isTransitive() && impliesReadability(r.getDependency(), seen)) {
        return true;
      }
    }
    return false;
  }
}
