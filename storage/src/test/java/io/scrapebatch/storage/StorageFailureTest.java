package io.scrapebatch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/** How Hadoop's and S3A's exceptions read: only a store that did not answer is worth a retry. */
class StorageFailureTest {
  @Test
  void aStoreThatDidNotAnswerIsUnreachableAndTransient() {
    for (Throwable cause :
        new Throwable[] {
          new ConnectException("Connection refused"),
          new UnknownHostException("s3.nowhere"),
          new SocketTimeoutException("connect timed out")
        }) {
      var failure = StorageFailure.of("listing", new IOException("wrapped", cause));
      assertThat(failure.reason())
          .as(cause.toString())
          .isEqualTo(StorageFailure.Reason.UNREACHABLE);
      assertThat(failure.reason().isTransient()).isTrue();
    }
  }

  @Test
  void credentialsThatCouldNotBeFetchedBecauseStsDidNotAnswerAreUnreachable() {
    var noCredentials = new AccessDeniedException("s3a://raw/day: No AWS Credentials provided");
    noCredentials.initCause(
        new IOException("Unable to load credentials", new ConnectException("sts")));

    assertThat(StorageFailure.of("listing", noCredentials).reason())
        .isEqualTo(StorageFailure.Reason.UNREACHABLE);
    // S3A 3.4.2 keeps only the text of the last provider's failure.
    var asText =
        new AccessDeniedException(
            "s3a://raw/day: No AWS Credentials provided by WebIdentityTokenFileCredentialsProvider :"
                + " software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP"
                + " request: The target server failed to respond");
    assertThat(StorageFailure.of("listing", asText).reason())
        .isEqualTo(StorageFailure.Reason.UNREACHABLE);
  }

  @Test
  void deniedAndMissingAreNotRetried() {
    assertThat(StorageFailure.of("x", new AccessDeniedException("s3a://b/k")).reason())
        .isEqualTo(StorageFailure.Reason.DENIED);
    assertThat(StorageFailure.of("x", new FileNotFoundException("no such key")).reason())
        .isEqualTo(StorageFailure.Reason.NOT_FOUND);
    assertThat(StorageFailure.of("x", new IOException("400 Bad Request")).reason())
        .isEqualTo(StorageFailure.Reason.OTHER);
    for (var reason :
        new StorageFailure.Reason[] {
          StorageFailure.Reason.DENIED, StorageFailure.Reason.NOT_FOUND, StorageFailure.Reason.OTHER
        }) {
      assertThat(reason.isTransient()).isFalse();
    }
  }

  @Test
  void theMessageSaysWhatWasAttemptedAndWhatTheStoreSaid() {
    assertThat(
            StorageFailure.of(
                "cannot list input s3a://raw/day", new AccessDeniedException("s3a://raw/day: 403")))
        .hasMessage("cannot list input s3a://raw/day: s3a://raw/day: 403");
  }
}
