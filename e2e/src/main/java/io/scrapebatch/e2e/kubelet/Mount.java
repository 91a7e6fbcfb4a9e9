package io.scrapebatch.e2e.kubelet;

import java.nio.file.Path;

/** A host path bind-mounted at a container path inside the container's mount namespace. */
public record Mount(Path source, String target, boolean readOnly) {}
