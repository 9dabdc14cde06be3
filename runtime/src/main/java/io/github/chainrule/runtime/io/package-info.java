/**
 * Parameter files in the safetensors layout, so that weights move between chainrule and Python
 * (PyTorch, NumPy, or the standard library alone): {@link
 * io.github.chainrule.runtime.io.ParameterFile} writes them atomically and reads them only after
 * validating everything.
 */
package io.github.chainrule.runtime.io;
