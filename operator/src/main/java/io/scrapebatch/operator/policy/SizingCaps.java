package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Resources;
import java.util.Optional;

/**
 * A batch's resource caps ({@code spec.resources}), with the CRD's defaults for anything unset so
 * that a batch stored before a default existed still sizes the same way.
 */
public record SizingCaps(
    ExecutionMode mode,
    int minExecutors,
    int maxExecutors,
    int executorCores,
    Memory maxExecutorMemory,
    Memory maxDriverMemory,
    Optional<Memory> executorMemory,
    Optional<Memory> driverMemory) {

  public static SizingCaps from(Resources resources) {
    Resources r = resources != null ? resources : Resources.UNSET;
    return new SizingCaps(
        r.modeOrDefault(),
        r.minExecutorsOrDefault(),
        r.maxExecutorsOrDefault(),
        r.executorCoresOrDefault(),
        Memory.parse(r.maxExecutorMemoryOrDefault()),
        Memory.parse(r.maxDriverMemoryOrDefault()),
        Optional.ofNullable(r.executorMemory()).map(Memory::parse),
        Optional.ofNullable(r.driverMemory()).map(Memory::parse));
  }

  /** The same caps in cluster mode: where a local-mode pod at its cap moves to. */
  public SizingCaps inClusterMode() {
    return new SizingCaps(
        ExecutionMode.CLUSTER,
        minExecutors,
        maxExecutors,
        executorCores,
        maxExecutorMemory,
        maxDriverMemory,
        executorMemory,
        driverMemory);
  }
}
