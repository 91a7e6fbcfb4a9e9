package io.scrapebatch.e2e.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Where no memory cgroup can be created: polls the resident memory of a container's process tree
 * and kills it at the limit, as the kernel's OOM killer would (less exact, but the same outcome).
 */
final class MemoryWatchdog implements AutoCloseable {
  private static final ScheduledExecutorService POLLER =
      Executors.newSingleThreadScheduledExecutor(new DaemonThreads("memory-watchdog"));

  private final AtomicBoolean killed = new AtomicBoolean();
  private final java.util.concurrent.ScheduledFuture<?> task;

  MemoryWatchdog(ProcessHandle process, long limitBytes) {
    this.task =
        POLLER.scheduleAtFixedRate(
            () -> {
              if (process.isAlive() && rss(process) > limitBytes) {
                killed.set(true);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
              }
            },
            100,
            100,
            TimeUnit.MILLISECONDS);
  }

  boolean oomKilled() {
    return killed.get();
  }

  @Override
  public void close() {
    task.cancel(false);
  }

  private static long rss(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants())
        .mapToLong(MemoryWatchdog::rssOf)
        .sum();
  }

  private static long rssOf(ProcessHandle p) {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .map(l -> l.replaceAll("[^0-9]", ""))
          .mapToLong(kb -> Long.parseLong(kb) * 1024)
          .findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
