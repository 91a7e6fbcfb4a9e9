package io.scrapebatch.e2e.kubelet;

import java.util.List;
import java.util.Map;

/**
 * What a container image contributes: its entrypoint and default command (Docker semantics: a pod's
 * {@code command} replaces the entrypoint, its {@code args} replace the command), its environment,
 * and the host directories that stand in for its filesystem.
 */
record ImageConfig(
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    List<Mount> filesystem,
    String workingDir) {}
