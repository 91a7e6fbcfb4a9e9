package io.scrapebatch.e2e.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One container as a local process: in its own mount and UTS namespaces (so volumes and the image's
 * stand-in directories appear at their real container paths and the hostname is the pod's), in a
 * memory cgroup sized to the container's limit, with exactly the container's environment.
 */
final class ContainerProcess {
  private static final String INIT_RESOURCE = "/io/scrapebatch/e2e/kubelet/pod-init.sh";

  private final Process process;
  private final Optional<Cgroup> cgroup;
  private final Optional<MemoryWatchdog> watchdog;
  private final Instant startedAt;

  private ContainerProcess(
      Process process, Optional<Cgroup> cgroup, Optional<MemoryWatchdog> watchdog) {
    this.process = process;
    this.cgroup = cgroup;
    this.watchdog = watchdog;
    this.startedAt = Instant.now();
  }

  /** What one container runs with. */
  record Spec(
      String id,
      String hostname,
      List<String> command,
      Map<String, String> env,
      List<Mount> mounts,
      String workingDir,
      long memoryLimitBytes,
      Path dir,
      Path log) {}

  /** How it ended. */
  record Exit(int exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt) {}

  static ContainerProcess start(Spec spec) throws IOException {
    Files.createDirectories(spec.dir());
    Path init = spec.dir().resolve("pod-init.sh");
    try (InputStream in = ContainerProcess.class.getResourceAsStream(INIT_RESOURCE)) {
      Files.write(init, in.readAllBytes());
    }
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    Optional<Cgroup> cgroup =
        spec.memoryLimitBytes() > 0
            ? Cgroup.create(spec.id(), spec.memoryLimitBytes())
            : Optional.empty();
    Files.writeString(
        spec.dir().resolve("cgroup"), cgroup.map(c -> c.procs().toString()).orElse(""));
    Files.writeString(spec.dir().resolve("hostname"), spec.hostname());
    Files.writeString(spec.dir().resolve("workdir"), spec.workingDir());
    Files.writeString(
        spec.dir().resolve("mounts"),
        spec.mounts().stream()
            .sorted(Comparator.comparingInt(m -> m.target().split("/").length))
            .map(m -> m.source() + "\t" + m.target() + "\t" + (m.readOnly() ? "ro" : "rw") + "\n")
            .collect(Collectors.joining()));
    List<String> command =
        new ArrayList<>(List.of("unshare", "--mount", "--uts", "--propagation", "private"));
    command.add(init.toString());
    command.add(spec.dir().toString());
    command.addAll(spec.command());
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
    builder.environment().clear();
    builder.environment().putAll(spec.env());
    Process process = builder.start();
    Optional<MemoryWatchdog> watchdog =
        cgroup.isEmpty() && spec.memoryLimitBytes() > 0
            ? Optional.of(new MemoryWatchdog(process.toHandle(), spec.memoryLimitBytes()))
            : Optional.empty();
    return new ContainerProcess(process, cgroup, watchdog);
  }

  Instant startedAt() {
    return startedAt;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, as a kubelet stops a container before the grace period ends. */
  void terminate() {
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }

  void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  Exit awaitExit() throws InterruptedException {
    int code = process.waitFor();
    boolean oom =
        cgroup.map(Cgroup::oomKilled).orElse(false)
            || watchdog.map(MemoryWatchdog::oomKilled).orElse(false);
    watchdog.ifPresent(MemoryWatchdog::close);
    cgroup.ifPresent(Cgroup::remove);
    return new Exit(oom ? 137 : code, oom, startedAt, Instant.now());
  }

  /** Kubernetes' fallback message: the log's last 80 lines or 2048 bytes, whichever is smaller. */
  static String logTail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
      return bytes.length <= 2048
          ? tail
          : new String(bytes, bytes.length - 2048, 2048, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
