package io.github.chainrule.runtime.io;

/**
 * The element types chainrule reads and writes, named as in the safetensors header. Both are IEEE
 * 754 little-endian; {@code double} values are written to {@link #F32} by rounding to the nearest
 * {@code float} and read back by widening, which is exact.
 */
public enum DType {
  /** 64-bit IEEE 754 ({@code double}, PyTorch's {@code torch.float64}). */
  F64(8),
  /** 32-bit IEEE 754 ({@code float}, PyTorch's {@code torch.float32}). */
  F32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** The size of one element in bytes. */
  public int bytes() {
    return bytes;
  }
}
