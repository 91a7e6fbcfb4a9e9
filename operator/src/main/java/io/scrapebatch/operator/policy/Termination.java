package io.scrapebatch.operator.policy;

/**
 * How a pod's main container ended.
 *
 * @param reason the kubelet's reason: {@code OOMKilled}, {@code Error}, {@code Completed}
 * @param message the termination message: the job's report, or the log tail on error
 */
public record Termination(int exitCode, String reason, String message) {
  public boolean oomKilled() {
    return "OOMKilled".equals(reason);
  }
}
