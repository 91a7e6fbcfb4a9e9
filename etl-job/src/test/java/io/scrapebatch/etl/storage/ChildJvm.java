package io.scrapebatch.etl.storage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this test classpath in its own JVM, as a pod runs the job: Spark conf as {@code
 * -D} system properties (SparkConf reads {@code spark.*} ones), credentials only in the
 * environment. Nothing AWS-related is inherited from the test's own environment.
 */
public record ChildJvm(
    Class<?> main,
    Map<String, String> environment,
    Map<String, String> properties,
    String maxHeap) {

  public ChildJvm(Class<?> main, Map<String, String> environment, Map<String, String> properties) {
    this(main, environment, properties, "768m");
  }

  /** A started child; its output (stdout and stderr) goes to {@code log}. */
  public record Running(Process process, Path log) {
    public int await(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            "child JVM did not finish in " + timeout + "; output:\n" + output());
      }
      return process.exitValue();
    }

    public String output() throws IOException {
      return Files.exists(log) ? Files.readString(log) : "";
    }
  }

  public Running start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    // Short-lived JVMs on few cores: C1 only and a single GC thread start Spark in half the CPU.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    // The module opens Spark needs on Java 17, as this JVM got them from the build.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")
          || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect.")
          || arg.startsWith("-Dio.netty.")) {
        command.add(arg);
      }
    }
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    builder.environment().putAll(environment);
    return new Running(builder.start(), log);
  }
}
