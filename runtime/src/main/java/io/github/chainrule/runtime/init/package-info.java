/**
 * Seeded weight initializers: Xavier/Glorot and He (Kaiming), uniform and normal, plus zeros,
 * constants and plain uniform and normal, with PyTorch's fan conventions for {@code [out][in]}
 * weight matrices. See {@link io.github.chainrule.runtime.init.Initializer}.
 */
package io.github.chainrule.runtime.init;
