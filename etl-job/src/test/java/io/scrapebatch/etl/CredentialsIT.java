package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import io.scrapebatch.etl.storage.ChildJvm;
import io.scrapebatch.etl.storage.UnansweredEndpoint;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way the job's pods get credentials, as the operator hands them over: endpoint, region and
 * path-style as {@code spark.hadoop.fs.s3a.*} conf, credentials only as environment variables. The
 * job runs as its own JVM ({@code ScrapeBatchJob.main}), like a driver, against the real S3 server;
 * S3A finds the credentials through the job's default provider chain.
 */
class CredentialsIT {
  private static final String RAW = "creds-raw";
  private static final String LAKE = "creds-lake";
  private static final String INPUT = "s3a://" + RAW + "/products/*.jsonl.gz";
  private static final String ROLE = "arn:aws:iam::000000000000:role/scrapebatch-job";
  private static LocalObjectStore store;
  private static Path dir;

  @BeforeAll
  static void startServerWithInput() throws IOException {
    dir = Files.createDirectories(Path.of("target", "credentials-it"));
    store = LocalObjectStore.launch();
    store.createBucket(RAW);
    store.createBucket(LAKE);
    var generated = ScrapeDataGenerator.of(dir.resolve("generated"), 300, 5).files(1).generate();
    store.put(RAW, "products/part-00000.jsonl.gz", Files.readAllBytes(generated.files().get(0)));
  }

  @AfterAll
  static void stopServer() {
    store.close();
  }

  @Test
  void staticKeysInTheEnvironmentAreAllTheJobNeeds() throws Exception {
    Result run = runJob("static", store.credentialsEnvironment());

    assertThat(run.report().exitCode()).as(run.output()).isZero();
    assertThat(run.report().result().recordsRead()).isEqualTo(300);
    assertThat(store.keys(LAKE, "static/_delta_log/"))
        .contains("static/_delta_log/00000000000000000001.json");
  }

  @Test
  void aSessionTokenInTheEnvironmentIsSentWithTheKeys() throws Exception {
    var env = new HashMap<>(store.credentialsEnvironment());
    env.put("AWS_SESSION_TOKEN", "scrapebatch-session-token");

    Result run = runJob("session", env);

    // versitygw issues no session tokens: that it rejects this one shows S3A sent it.
    assertThat(run.report().exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION.code());
    assertThat(run.report().message())
        .contains("The provided token is malformed or otherwise invalid");
    assertThat(store.keys(LAKE, "session/")).isEmpty();
  }

  @Test
  void aWebIdentityTokenIsExchangedAtStsForCredentials() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "eyJ-projected-service-account-token");
    try (var sts = new UnansweredEndpoint()) {
      Map<String, String> env =
          Map.of(
              "AWS_WEB_IDENTITY_TOKEN_FILE",
              token.toString(),
              "AWS_ROLE_ARN",
              ROLE,
              "AWS_ROLE_SESSION_NAME",
              "scrapebatch-it",
              "AWS_REGION",
              store.region(),
              "AWS_ENDPOINT_URL_STS",
              sts.endpoint().toString(),
              // No instance metadata service here: fail at once instead of timing out on it.
              "AWS_EC2_METADATA_DISABLED",
              "true");

      Result run = runJob("web-identity", env);

      assertThat(run.output()).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
      // An STS that does not answer is the store's infrastructure, not the batch's configuration:
      // the job exits as Unknown, which the operator retries.
      assertThat(run.report().exitCode()).isEqualTo(ExitCode.UNKNOWN.code());
      assertThat(run.report().message()).contains("No AWS Credentials provided by");
      assertThat(run.output())
          .as("the provider list in the job's log (the termination message is cut short)")
          .containsPattern(
              "No AWS Credentials provided by .*WebIdentityTokenFileCredentialsProvider");
      assertThat(sts.requests())
          .isNotEmpty()
          .allSatisfy(
              request ->
                  assertThat(request)
                      .startsWith("POST / ")
                      .contains("Action=AssumeRoleWithWebIdentity")
                      .contains("RoleArn=" + URLEncoder.encode(ROLE, StandardCharsets.UTF_8))
                      .contains("WebIdentityToken=eyJ-projected-service-account-token"));
    }
  }

  private record Result(TerminationReport report, String output) {}

  private static Result runJob(String name, Map<String, String> env) throws Exception {
    var props = new HashMap<String, String>();
    store.s3aSettings().forEach((k, v) -> props.put("spark.hadoop." + k, v));
    props.put("spark.hadoop.fs.s3a.retry.limit", "1");
    props.put("spark.hadoop.fs.s3a.attempts.maximum", "1");
    props.put("spark.master", "local[1]");
    props.put("spark.ui.enabled", "false");
    props.put("spark.sql.shuffle.partitions", "2");
    Path termination = dir.resolve(name + ".termination-log");
    Files.deleteIfExists(termination);
    var running =
        new ChildJvm(ScrapeBatchJob.class, env, props)
            .start(
                dir.resolve(name + ".log"),
                "--input",
                INPUT,
                "--table",
                "s3a://" + LAKE + "/" + name,
                "--quarantine",
                "s3a://" + LAKE + "/" + name + "_quarantine",
                "--contract",
                "samples/products-contract.yaml",
                "--dedup-keys",
                "url",
                "--order-by",
                "scraped_at",
                "--partition-field",
                "scraped_at",
                "--termination-log",
                termination.toString());
    int exit = running.await(Duration.ofMinutes(3));
    String output = running.output();
    assertThat(termination).as("exit %d: %s", exit, output).exists();
    var report = TerminationReport.fromJson(Files.readString(termination));
    assertThat(report.exitCode()).as("exit code and report agree").isEqualTo(exit);
    return new Result(report, output);
  }
}
