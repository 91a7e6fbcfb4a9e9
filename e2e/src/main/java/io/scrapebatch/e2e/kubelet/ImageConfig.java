package io.scrapebatch.e2e.kubelet;

import java.util.List;
import java.util.Map;

/**
 * What a container image contributes: its entrypoint and default command (Docker semantics: a pod's
 * {@code command} replaces the entrypoint, its {@code args} replace the command), its environment,
 * the host directories that stand in for its (read-only) filesystem, and the paths within it a
 * container may write to (each container gets its own empty directory there).
 */
public record ImageConfig(
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    List<Mount> filesystem,
    List<String> writablePaths,
    String workingDir) {}
