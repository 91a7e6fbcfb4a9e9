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
    Resources r =
        resources != null
            ? resources
            : new Resources(null, null, null, null, null, null, null, null);
    return new SizingCaps(
        Optional.ofNullable(r.mode()).orElse(ExecutionMode.AUTO),
        Optional.ofNullable(r.minExecutors()).orElse(1),
        Optional.ofNullable(r.maxExecutors()).orElse(10),
        Optional.ofNullable(r.executorCores()).orElse(2),
        Memory.parse(Optional.ofNullable(r.maxExecutorMemory()).orElse("8Gi")),
        Memory.parse(Optional.ofNullable(r.maxDriverMemory()).orElse("4Gi")),
        Optional.ofNullable(r.executorMemory()).map(Memory::parse),
        Optional.ofNullable(r.driverMemory()).map(Memory::parse));
  }
}
