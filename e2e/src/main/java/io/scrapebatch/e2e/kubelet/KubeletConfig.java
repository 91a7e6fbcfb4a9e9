package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the process kubelet runs.
 *
 * @param apiServerPort where pods reach the API server (as {@code KUBERNETES_SERVICE_PORT})
 * @param instantCompletion when present, pods are not run at all: they turn Running and then
 *     Succeeded at once with this termination message (for control-plane benchmarks)
 */
public record KubeletConfig(
    String nodeName,
    Path workDir,
    List<ImageRuntime> images,
    Path caCertificate,
    int apiServerPort,
    Optional<Function<Pod, String>> instantCompletion) {}
