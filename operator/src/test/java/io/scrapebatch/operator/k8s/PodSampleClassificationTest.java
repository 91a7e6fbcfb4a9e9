package io.scrapebatch.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.operator.policy.Failure;
import io.scrapebatch.operator.policy.FailureClassifier;
import io.scrapebatch.operator.policy.Memory;
import io.scrapebatch.operator.policy.PodPhase;
import io.scrapebatch.operator.policy.PodRole;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classifier over real pod-status JSON, read through the same adapter the reconciler uses. */
class PodSampleClassificationTest {
  private final FailureClassifier classifier = new FailureClassifier(5.0);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "driver-oomkilled, DriverOOM, driver container OOMKilled",
    "driver-jvm-oom-exit-52, DriverOOM, java.lang.OutOfMemoryError: Java heap space",
    "log-tail-driver-oom, DriverOOM, java.lang.OutOfMemoryError",
    "jvm-exit-52-with-unknown-report, DriverOOM, driver exit code 52",
    "executor-oomkilled, ExecutorOOM, OOMKilled, exit code 137",
    "executor-jvm-oom-exit-52, ExecutorOOM, exit code 52",
    "executor-oom-in-skewed-stage, DataSkew, (44.6x)",
    "shuffle-fetch-failed, ShuffleFetchFailed, FetchFailedException",
    "exit-exception-annotation-fetch-failed, ShuffleFetchFailed, MetadataFetchFailedException",
    "serialization-error, SerializationError, NotSerializableException",
    "log-tail-not-serializable, SerializationError, Task not serializable",
    "contract-violation, ContractViolation, invalid rows 31000 of 100000",
    "bad-configuration, BadConfiguration, PatternSyntaxException",
    "evicted, Infrastructure, The node was low on resource: memory",
    "unknown-failure, Unknown, connection pool shut down",
  })
  void classifiesTheSample(String sample, FailureClass expected, String evidence) {
    var pods = PodSamples.load(sample);
    var driver = PodSamples.driver(pods);

    Failure failure =
        classifier.classify(driver, PodSamples.executors(pods), reportOf(sample), List.of());

    assertThat(failure.type()).isEqualTo(expected);
    assertThat(String.join("\n", failure.evidence())).contains(evidence);
    assertThat(failure.pod()).contains(driver.name());
  }

  @Test
  void theAdapterReadsRoleAttemptLimitsAndTimes() {
    var pods = PodSamples.load("executor-oomkilled");
    var executor = PodSamples.executors(pods).get(0);

    assertThat(executor.role()).isEqualTo(PodRole.EXECUTOR);
    assertThat(executor.attempt()).isEqualTo(1);
    assertThat(executor.phase()).isEqualTo(PodPhase.Failed);
    assertThat(executor.memoryLimit()).isEqualTo(Memory.parse("2432Mi"));
    assertThat(executor.termination().orElseThrow().oomKilled()).isTrue();
    assertThat(executor.secondsUsed(executor.finishedAt().orElseThrow())).isEqualTo(396.0);
  }

  @Test
  void theAdapterReadsWhyAPodIsStillPending() {
    var unschedulable = PodSamples.driver(PodSamples.load("pending-unschedulable"));
    var imagePull = PodSamples.driver(PodSamples.load("pending-image-pull"));

    assertThat(unschedulable.unschedulable()).get().asString().contains("Insufficient memory");
    assertThat(imagePull.waitingReason()).get().asString().startsWith("ErrImagePull: ");
  }

  private static Optional<io.scrapebatch.api.job.TerminationReport> reportOf(String sample) {
    var driver = PodSamples.driver(PodSamples.load(sample));
    return driver
        .termination()
        .map(t -> t.message().strip())
        .filter(m -> m.startsWith("{"))
        .map(
            m -> {
              try {
                return io.scrapebatch.api.job.TerminationReport.fromJson(m);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
