package io.scrapebatch.e2e.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A memory cgroup per container, so the kernel enforces the pod's memory limit exactly as a kubelet
 * would and an overrun is a real OOM kill. cgroup v1 ({@code /sys/fs/cgroup/memory}) and v2 are
 * supported; where neither is writable the caller falls back to a watchdog.
 */
final class Cgroup {
  private final Path dir;
  private final boolean v2;

  private Cgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /** A new cgroup limited to {@code bytes}, or empty where cgroups are not writable. */
  static Optional<Cgroup> create(String name, long bytes) {
    for (boolean v2 : new boolean[] {false, true}) {
      Path root = v2 ? Path.of("/sys/fs/cgroup") : Path.of("/sys/fs/cgroup/memory");
      Path limitFile = root.resolve(v2 ? "memory.max" : "memory.limit_in_bytes");
      if (v2 && !Files.exists(root.resolve("cgroup.controllers"))) {
        continue;
      }
      if (!Files.isWritable(root) || !Files.exists(limitFile) && !v2) {
        continue;
      }
      try {
        Path dir = root.resolve("scrapebatch-kubelet").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(
            dir.resolve(v2 ? "memory.max" : "memory.limit_in_bytes"), Long.toString(bytes));
        if (!v2) {
          // No swap escape hatch where the kernel offers one.
          Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
          if (Files.exists(memsw)) {
            Files.writeString(memsw, Long.toString(bytes));
          }
        }
        return Optional.of(new Cgroup(dir, v2));
      } catch (IOException | UncheckedIOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The file a process writes its PID to in order to join. */
  Path procs() {
    return dir.resolve("cgroup.procs");
  }

  /** Whether the kernel OOM-killed a process of this cgroup. */
  boolean oomKilled() {
    Path events = dir.resolve(v2 ? "memory.events" : "memory.oom_control");
    try {
      return Files.readAllLines(events).stream()
          .anyMatch(l -> l.startsWith("oom_kill ") && !l.endsWith(" 0"));
    } catch (IOException e) {
      return false;
    }
  }

  void remove() {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a process may still be exiting; the directory is empty and harmless
    }
  }
}
