package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.errors.QueryExecutionErrors;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
  @Test
  void outOfMemoryAnywhereInTheCauseChainIsJvmOom() {
    var thrown =
        new RuntimeException(
            "wrapped", new IllegalStateException(new OutOfMemoryError("Java heap space")));
    Failure f = FailureClassifier.classify(thrown);
    assertThat(f.exitCode()).isEqualTo(ExitCode.JVM_OOM);
    assertThat(f.failureClass()).isEqualTo(FailureClass.DriverOOM);
    assertThat(f.evidence()).anyMatch(l -> l.contains("OutOfMemoryError: Java heap space"));
  }

  @Test
  void taskNotSerializableIsASerializationError() {
    var thrown =
        new SparkException(
            "Task not serializable", new NotSerializableException("com.acme.Parser"));
    assertThat(FailureClassifier.classify(thrown).exitCode())
        .isEqualTo(ExitCode.SERIALIZATION_ERROR);
  }

  @Test
  void fetchFailureInASparkExceptionMessageIsAShuffleFetchFailure() {
    var thrown =
        new SparkException(
            "Job aborted due to stage failure: ResultStage 3 has failed the maximum allowable"
                + " number of times: 4. Most recent failure reason:\n"
                + "org.apache.spark.shuffle.FetchFailedException: Failed to connect to"
                + " 10.0.0.7:7337");
    Failure f = FailureClassifier.classify(thrown);
    assertThat(f.exitCode()).isEqualTo(ExitCode.SHUFFLE_FETCH_FAILED);
    assertThat(f.failureClass()).isEqualTo(FailureClass.ShuffleFetchFailed);
  }

  @Test
  void executorLostForMemoryExitsWithTheExecutorOomCode() {
    var thrown =
        new SparkException(
            "Job aborted due to stage failure: Task 7 in stage 2.0 failed 4 times, most recent"
                + " failure: Lost task 7.3 in stage 2.0 (TID 31) (10.0.0.9 executor 3):"
                + " ExecutorLostFailure (executor 3 exited caused by one of the running tasks)"
                + " Reason: The executor with id 3 exited with exit code 137(SIGKILL, possible"
                + " container OOM).");
    Failure f = FailureClassifier.classify(thrown);
    assertThat(f.exitCode()).isEqualTo(ExitCode.EXECUTOR_OOM);
    assertThat(f.exitCode().code()).isEqualTo(15);
    assertThat(f.failureClass()).isEqualTo(FailureClass.ExecutorOOM);
  }

  @Test
  void anOutOfMemoryErrorFromAnExecutorsTaskIsAnExecutorOom() {
    var thrown =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 0.0 failed 2 times, most recent"
                + " failure: Lost task 0.1 in stage 0.0 (TID 3) (127.1.0.2 executor 2):"
                + " java.lang.OutOfMemoryError: Java heap space",
            new OutOfMemoryError("Java heap space"));

    Failure f = FailureClassifier.classify(thrown);

    assertThat(f.exitCode()).isEqualTo(ExitCode.EXECUTOR_OOM);
    assertThat(f.failureClass()).isEqualTo(FailureClass.ExecutorOOM);
  }

  @Test
  void aFileThatDoesNotDecompressIsCorruptInputNamingTheObject() throws IOException {
    var whole = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(whole)) {
      gz.write("{\"url\":\"https://a\"}\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] cut = Arrays.copyOf(whole.toByteArray(), whole.size() / 2);
    IOException decompressing =
        assertThrows(
            IOException.class,
            () -> new GZIPInputStream(new ByteArrayInputStream(cut)).readAllBytes());
    var thrown =
        new SparkException(
            "Job aborted due to stage failure",
            QueryExecutionErrors.cannotReadFilesError(decompressing, "s3a://raw/2026/b.jsonl.gz"));

    Failure f = FailureClassifier.classify(thrown);

    assertThat(f.exitCode()).isEqualTo(ExitCode.CORRUPT_INPUT);
    assertThat(f.failureClass()).isEqualTo(FailureClass.CorruptInput);
    assertThat(f.message())
        .startsWith("input object s3a://raw/2026/b.jsonl.gz cannot be decompressed")
        .contains(decompressing.getMessage());
  }

  @Test
  void aStoreThatStopsAnsweringWhileAFileIsReadStaysRetryable() {
    var thrown =
        new SparkException(
            "Job aborted due to stage failure",
            QueryExecutionErrors.cannotReadFilesError(
                new SocketException("Connection reset"), "s3a://raw/2026/b.jsonl.gz"));

    assertThat(FailureClassifier.classify(thrown).exitCode()).isEqualTo(ExitCode.UNKNOWN);
  }

  @Test
  void jobFailuresKeepTheirOwnCode() {
    Failure f = FailureClassifier.classify(JobFailure.contractViolation(30, 100, 0.05));
    assertThat(f.exitCode()).isEqualTo(ExitCode.CONTRACT_VIOLATION);
    assertThat(f.failureClass()).isEqualTo(FailureClass.ContractViolation);
    assertThat(f.message()).contains("30 of 100 rows are invalid");
  }

  @Test
  void anythingElseIsUnknownWithShortEvidence() {
    var thrown = new IllegalStateException("x".repeat(1000) + "\nsecond line\nthird");
    Failure f = FailureClassifier.classify(thrown);
    assertThat(f.exitCode()).isEqualTo(ExitCode.UNKNOWN);
    assertThat(f.failureClass()).isEqualTo(FailureClass.Unknown);
    assertThat(f.evidence()).hasSize(3).allMatch(l -> l.length() <= 300);
    assertThat(f.evidence().get(0)).startsWith("java.lang.IllegalStateException: xxx");
  }

  @Test
  void theRootCauseIsAlwaysInTheEvidenceEvenUnderLongWrappers() {
    var root = new java.net.ConnectException("Connection refused: sts.local:443");
    var thrown =
        new IllegalStateException(
            "No AWS Credentials provided by provider 1\nprovider 2\nprovider 3\nprovider 4",
            new java.io.IOException("Unable to load credentials", root));

    Failure f = FailureClassifier.classify(thrown);

    assertThat(f.evidence())
        .hasSize(4)
        .last()
        .isEqualTo("java.net.ConnectException: Connection refused: sts.local:443");
  }

  @Test
  void everyDeltaWriteConflictIsAWriteConflictByItsClassWhateverItsMessage() {
    List<RuntimeException> conflicts =
        List.of(
            new io.delta.exceptions.ConcurrentAppendException("x"),
            new io.delta.exceptions.ConcurrentDeleteReadException("x"),
            new io.delta.exceptions.ConcurrentDeleteDeleteException("x"),
            new io.delta.exceptions.ConcurrentTransactionException("x"),
            new io.delta.exceptions.ProtocolChangedException("x"),
            new io.delta.exceptions.MetadataChangedException("x"),
            new io.delta.exceptions.ConcurrentWriteException("x"));
    for (RuntimeException conflict : conflicts) {
      Failure f = FailureClassifier.classify(new SparkException("job aborted", conflict));
      assertThat(f.exitCode()).as("%s", conflict.getClass()).isEqualTo(ExitCode.WRITE_CONFLICT);
      assertThat(f.failureClass()).isEqualTo(FailureClass.WriteConflict);
    }
  }

  @Test
  void aWriteConflictTheSinkCaughtNamesTheTable() {
    Failure f =
        FailureClassifier.classify(
            JobFailure.writeConflict(
                "s3a://lake/clean/products",
                new io.delta.exceptions.ProtocolChangedException("x")));
    assertThat(f.exitCode().code()).isEqualTo(16);
    assertThat(f.message()).contains("s3a://lake/clean/products").contains("ProtocolChanged");
  }

  @Test
  void aMessageThatOnlyMentionsAConflictIsNotOne() {
    assertThat(
            FailureClassifier.classify(new IllegalStateException("ConcurrentAppendException"))
                .exitCode())
        .isEqualTo(ExitCode.UNKNOWN);
  }
}
