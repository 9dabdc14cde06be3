package io.github.chainrule.example.spark;

import java.io.Serializable;

/**
 * Called on an executor before it computes its share of a step: where a test makes a task fail (on
 * its first attempt, say, to see Spark retry it) or a deployment adds its own checks. It runs
 * inside the Spark task, so {@code org.apache.spark.TaskContext.get()} tells which attempt it is.
 */
@FunctionalInterface
public interface ShareHook extends Serializable {
  /** Does nothing. */
  ShareHook NONE = (step, share) -> {};

  /**
   * Before share {@code share} of step {@code step} (both from 0) is computed; an exception fails
   * the task.
   */
  void beforeShare(long step, int share) throws Exception;
}
