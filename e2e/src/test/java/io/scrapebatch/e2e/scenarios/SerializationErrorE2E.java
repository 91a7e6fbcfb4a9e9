package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.e2e.fixtures.NotSerializableJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: a custom job jar with a non-serializable closure fails at once as SerializationError.
 */
class SerializationErrorE2E {
  private final Scenario scenario = Scenario.in("serialization");

  @Test
  void aJobWithANonSerializableClosureFailsAtOnceWithoutRetrying() {
    scenario.generate("custom", 100, 1, g -> {});
    Path jar = fixtureJar(scenario.data.resolve("jobs").resolve("not-serializable.jar"));
    scenario.apply(
        scenario.batch(
            "custom",
            "custom",
            spec -> {
              spec.withObjectProperty("job")
                  .put("mainClass", NotSerializableJob.class.getName())
                  .put("jar", "local://" + jar);
              spec.withObjectProperty("retry").put("maxAttempts", 3);
              // In cluster mode Spark itself annotates the driver pod with the exception that ended
              // it.
              spec.withObjectProperty("resources")
                  .put("mode", "cluster")
                  .put("maxExecutors", 1)
                  .put("executorCores", 1)
                  .put("maxExecutorMemory", "1Gi")
                  .put("maxDriverMemory", "1Gi");
            }));

    var done = scenario.awaitFinished("custom", Duration.ofMinutes(5));

    var s = done.getStatus();
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.failure().type()).isEqualTo(FailureClass.SerializationError);
              assertThat(a.failure().retryable()).isFalse();
              assertThat(String.join("\n", a.failure().evidence()))
                  .containsIgnoringCase("not serializable");
            });
    assertThat(s.message()).startsWith("SerializationError is not retryable");
  }

  /** The fixture's classes, from this module's test output, as a job jar. */
  private static Path fixtureJar(Path jar) {
    try {
      Files.createDirectories(jar.getParent());
      String prefix = NotSerializableJob.class.getPackageName().replace('.', '/');
      Path classes =
          Path.of(
              NotSerializableJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (var out = new JarOutputStream(Files.newOutputStream(jar));
          var files = Files.walk(classes.resolve(prefix))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
          Files.copy(file, out);
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
