package io.scrapebatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps its exit code and output. */
record Command(List<String> args, int exitCode, String stdout, String stderr) {

  static Command run(List<String> args) {
    return run(args, Map.of(), null);
  }

  static Command run(List<String> args, Map<String, String> env, Path workDir) {
    var builder = new ProcessBuilder(args);
    builder.environment().putAll(env);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    try {
      Process p = builder.start();
      p.getOutputStream().close();
      var out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
      var err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", args));
      }
      return new Command(args, p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Fails with the command's output unless it exited 0; returns stdout. */
  String ok() {
    if (exitCode != 0) {
      throw new AssertionError(describe());
    }
    return stdout;
  }

  String describe() {
    return "`%s` exited %d%nstdout:%n%s%nstderr:%n%s"
        .formatted(String.join(" ", args), exitCode, stdout, stderr);
  }

  private static String slurp(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
