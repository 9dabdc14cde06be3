package io.github.chainrule.processor.ir;

/**
 * A parameter of a differentiable method: a plain variable ({@code var}) or a record
 * ({@code record}). A parameter is differentiable when its type can carry a gradient and it is
 * not marked {@code @NoGrad}.
 *
 * @param javaType the parameter's declared type as Java source, for signatures
 * @param recordType for a record parameter, its class
 */
public record Param(
    String name, String javaType, ClassRef recordType, boolean differentiable, Var var, RecordNode record) {

  public boolean isRecord() {
    return record != null;
  }
}
