package io.scrapebatch.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server itself rejects malformed batches, naming the offending field, so a bad resource
 * never reaches the operator. Each case breaks one thing in an otherwise valid sample.
 */
@EnableKubeAPIServer
class MalformedScrapeBatchIT {
  static KubernetesClient client;
  static final String NS = "malformed-it";
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void installCrd() {
    ScrapeBatchCrd.install(client, Duration.ofSeconds(30));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        broken("no source", spec -> spec.remove("source"), "spec.source", "Required value"),
        broken(
            "ftp source",
            spec -> obj(spec, "source").put("uri", "ftp://host/raw"),
            "spec.source.uri",
            "must be an absolute path or a file:, s3: or s3a: URI"),
        broken(
            "gs source: not measurable here, so refused",
            spec -> obj(spec, "source").put("uri", "gs://raw/products/"),
            "spec.source.uri",
            "gs:, abfs:, wasb: and hdfs: are not supported"),
        broken(
            "abfss table",
            spec -> obj(spec, "target").put("table", "abfss://clean@acct.dfs.core.windows.net/t"),
            "spec.target.table",
            "target.table must be an absolute path or a file:, s3: or s3a: URI"),
        broken(
            "hdfs quarantine",
            spec -> obj(spec, "target").put("quarantine", "hdfs://nn/q"),
            "spec.target.quarantine",
            "target.quarantine must be an absolute path or a file:, s3: or s3a: URI"),
        broken(
            "relative source path",
            spec -> obj(spec, "source").put("uri", "data/raw"),
            "spec.source.uri",
            "should match"),
        broken(
            "storage endpoint with a path",
            spec -> obj(spec, "storage").put("endpoint", "http://s3.local:7070/bucket"),
            "spec.storage.endpoint",
            "should match"),
        broken(
            "storage endpoint without a scheme",
            spec -> obj(spec, "storage").put("endpoint", "s3.local:7070"),
            "spec.storage.endpoint",
            "should match"),
        broken(
            "credentials Secret that is no Kubernetes name",
            spec -> obj(spec, "storage").put("credentialsSecret", "My_Keys"),
            "spec.storage.credentialsSecret",
            "should match"),
        broken(
            "region with upper case",
            spec -> obj(spec, "storage").put("region", "EU-West-1"),
            "spec.storage.region",
            "should match"),
        broken(
            "credentials in sparkConf (managed: reach pods only from the Secret)",
            spec ->
                obj(spec, "sparkConf")
                    .put("spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID", "x:y"),
            "spec.sparkConf",
            "must not set keys the operator manages"),
        broken(
            "empty contract",
            spec -> obj(spec, "contract").set("fields", JSON.createArrayNode()),
            "spec.contract.fields",
            "should have at least 1 items"),
        broken(
            "unknown field type",
            spec -> field(spec, 0).put("type", "float"),
            "spec.contract.fields[0].type",
            "Unsupported value: \"float\""),
        broken(
            "field name with a space",
            spec -> field(spec, 0).put("name", "page url"),
            "spec.contract.fields[0].name",
            "should match"),
        broken(
            "duplicate field names",
            spec -> field(spec, 2).put("name", "url"),
            "spec.contract.fields",
            "contract field names must be unique"),
        broken(
            "field named like the job's raw-line column",
            spec -> field(spec, 7).put("name", "_raw"),
            "spec.contract.fields[7].name",
            "is reserved for the job's own columns"),
        broken(
            "field named like any internal column",
            spec -> field(spec, 7).put("name", "_JSON"),
            "spec.contract.fields[7].name",
            "reserved for the job's own columns"),
        broken(
            "field names that differ only in case",
            spec -> field(spec, 2).put("name", "URL"),
            "spec.contract.fields",
            "contract field names must be unique, ignoring case"),
        broken(
            "partition column named like a field in another case",
            spec -> partitionBy(spec).put("column", "Title"),
            "spec.target.partitionBy.column",
            "must not be a contract field's name (ignoring case)"),
        broken(
            "partition column overwriting the timestamp it is derived from",
            spec -> partitionBy(spec).put("column", "scraped_at"),
            "spec.target.partitionBy.column",
            "must not be a contract field's name"),
        broken(
            "partition column named like an internal column",
            spec -> partitionBy(spec).put("column", "_source_file"),
            "spec.target.partitionBy.column",
            "reserved for the job's own columns"),
        broken(
            "table is the source folder written without its trailing slash",
            spec -> obj(spec, "target").put("table", "file:///data/raw/products/2026-05-19"),
            "spec.target.table",
            "target.table must not be the source, inside it or contain it"),
        broken(
            "table inside the source as a plain path under a file URI",
            spec -> obj(spec, "target").put("table", "/data/raw/products/2026-05-19/clean"),
            "spec.target.table",
            "target.table must not be the source, inside it or contain it"),
        broken(
            "source inside the table",
            spec -> obj(spec, "source").put("uri", "file:/data/clean/products/raw/"),
            "spec.target.table",
            "target.table must not be the source, inside it or contain it"),
        broken(
            "table in the folder a glob source lists",
            spec -> {
              obj(spec, "source").put("uri", "/data/*.jsonl");
              obj(spec, "target").put("quarantine", "/quarantine/products");
            },
            "spec.target.table",
            "target.table must not be the source, inside it or contain it"),
        broken(
            "table a glob source's wildcard matches",
            spec -> {
              obj(spec, "source").put("uri", "/data/raw/prod*");
              obj(spec, "target").put("table", "/data/raw/products_clean");
            },
            "spec.target.table",
            "target.table must not be the source, inside it or contain it"),
        broken(
            "s3a table inside the s3 source prefix",
            spec -> {
              obj(spec, "source").put("uri", "s3://raw/products/");
              obj(spec, "target").put("table", "s3a://raw/products/clean");
            },
            "spec.target.table",
            "target.table must not be the source, inside it or contain it"),
        broken(
            "quarantine inside the source",
            spec -> obj(spec, "target").put("quarantine", "file:///data/raw/products/2026-05-19/q"),
            "spec.target.quarantine",
            "target.quarantine must not be the source, inside it or contain it"),
        broken(
            "quarantine inside the table",
            spec -> obj(spec, "target").put("quarantine", "file:///data/clean/products/quarantine"),
            "spec.target.quarantine",
            "quarantine must be a different table than table, and neither inside the other"),
        broken(
            "table inside the quarantine",
            spec -> obj(spec, "target").put("table", "/data/clean/products_quarantine/products"),
            "spec.target.quarantine",
            "quarantine must be a different table than table, and neither inside the other"),
        broken(
            "quarantine is the table with a trailing slash",
            spec -> obj(spec, "target").put("quarantine", "/data/clean/products/"),
            "spec.target.quarantine",
            "quarantine must be a different table than table"),
        broken(
            "pattern on a number",
            spec -> field(spec, 3).put("pattern", "^[0-9]+$"),
            "spec.contract.fields[3].pattern",
            "pattern applies only to string fields"),
        broken(
            "minimum above maximum",
            spec -> field(spec, 3).put("minimum", 10).put("maximum", 1),
            "spec.contract.fields[3].minimum",
            "minimum must not exceed maximum"),
        broken(
            "invalid ratio above 1",
            spec -> obj(spec, "contract").put("maxInvalidRatio", 1.5),
            "spec.contract.maxInvalidRatio",
            "should be less than or equal to 1"),
        broken(
            "dedup key outside the contract",
            spec -> ((ArrayNode) obj(spec, "dedup").get("keys")).add("sku"),
            "spec.dedup.keys",
            "every dedup key must name a field of spec.contract.fields"),
        broken(
            "orderBy outside the contract",
            spec -> obj(spec, "dedup").put("orderBy", "updated_at"),
            "spec.dedup.orderBy",
            "dedup.orderBy must name a field of spec.contract.fields"),
        broken(
            "date partition from a string field",
            spec -> obj(obj(spec, "target"), "partitionBy").put("field", "category"),
            "spec.target.partitionBy.transform",
            "date and hour need a timestamp field"),
        broken(
            "quarantine is the target table",
            spec -> obj(spec, "target").put("quarantine", "file:///data/clean/products"),
            "spec.target.quarantine",
            "quarantine must be a different table than table"),
        broken(
            "unknown execution mode",
            spec -> obj(spec, "resources").put("mode", "yarn"),
            "spec.resources.mode",
            "Unsupported value: \"yarn\""),
        broken(
            "memory that is not a quantity",
            spec -> obj(spec, "resources").put("maxExecutorMemory", "lots"),
            "spec.resources.maxExecutorMemory",
            "should match"),
        broken(
            "executor memory cap below Spark's minimum",
            spec -> obj(spec, "resources").put("maxExecutorMemory", "256Mi"),
            "spec.resources.maxExecutorMemory",
            "must be at least 512Mi"),
        broken(
            "initial executor memory above its cap",
            spec -> obj(spec, "resources").put("executorMemory", "3Gi"),
            "spec.resources.executorMemory",
            "executorMemory must not exceed maxExecutorMemory"),
        broken(
            "more minimum than maximum executors",
            spec -> obj(spec, "resources").put("minExecutors", 8),
            "spec.resources.minExecutors",
            "minExecutors must not exceed maxExecutors"),
        broken(
            "zero executors",
            spec -> obj(spec, "resources").put("maxExecutors", 0),
            "spec.resources.maxExecutors",
            "should be greater than or equal to 1"),
        broken(
            "backoff that is not a duration",
            spec -> obj(spec, "retry").put("backoff", "soon"),
            "spec.retry.backoff",
            "should match"),
        broken(
            "backoff above maxBackoff",
            spec -> obj(spec, "retry").put("backoff", "20m"),
            "spec.retry.backoff",
            "backoff must not exceed maxBackoff"),
        broken(
            "no attempts",
            spec -> obj(spec, "retry").put("maxAttempts", 0),
            "spec.retry.maxAttempts",
            "should be greater than or equal to 1"),
        broken(
            "sparkConf sizing the executors",
            spec -> obj(spec, "sparkConf").put("spark.executor.memory", "64g"),
            "spec.sparkConf",
            "sparkConf must not set keys the operator manages"),
        broken(
            "sparkConf key outside spark.*",
            spec -> obj(spec, "sparkConf").put("hadoop.tmp.dir", "/tmp"),
            "spec.sparkConf",
            "sparkConf keys must start with 'spark.'"),
        broken(
            "negative TTL",
            spec -> spec.put("ttlSecondsAfterFinished", -1),
            "spec.ttlSecondsAfterFinished",
            "should be greater than or equal to 0"),
        broken(
            "custom job class that is not a class name",
            spec -> obj(spec, "job").put("mainClass", "my job"),
            "spec.job.mainClass",
            "should match"),
        broken(
            "string where a number belongs",
            spec -> field(spec, 3).put("minimum", "zero"),
            "spec.contract.fields[3].minimum",
            "Invalid value: \"string\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void isRejectedWithTheFieldNamed(
      String caseName, Consumer<ObjectNode> breakSpec, String field, String reason)
      throws IOException {
    ObjectNode resource = sample();
    resource
        .withObjectProperty("metadata")
        .put("name", caseName.replace(' ', '-').replace("'", ""));
    breakSpec.accept(resource.withObjectProperty("spec"));

    var rejection =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                client
                    .resource(JSON.treeToValue(resource, GenericKubernetesResource.class))
                    .inNamespace(NS)
                    .create());

    assertThat(rejection).as("the API server accepted: %s", caseName).isNotNull();
    assertThat(rejection.getCode()).isEqualTo(422);
    assertThat(rejection.getStatus().getMessage()).contains(field + ": ").contains(reason);
  }

  /** Neighbours of the rejected cases, so the rules are no broader than their reason. */
  static Stream<Arguments> valid() {
    return Stream.of(
        changed(
            "field named like an internal column without its underscore",
            spec -> field(spec, 7).put("name", "raw")),
        changed(
            "a JSON property with a leading underscore that the job never used",
            spec -> field(spec, 7).put("name", "_id")),
        changed(
            "field names with an underscore inside or at the end",
            spec -> field(spec, 7).put("name", "html_raw_")),
        changed(
            "field names that differ in more than case",
            spec -> field(spec, 2).put("name", "url2")),
        changed(
            "partition column that is its own field, by identity",
            spec ->
                partitionBy(spec)
                    .put("column", "category")
                    .put("field", "category")
                    .put("transform", "identity")),
        changed(
            "table beside the source, sharing a name prefix",
            spec -> obj(spec, "target").put("table", "file:///data/raw/products/2026-05-19-clean")),
        changed(
            "quarantine beside the table, sharing a name prefix",
            spec -> obj(spec, "target").put("quarantine", "/data/clean/products2")),
        changed(
            "table beside the folder a glob source lists",
            spec -> obj(spec, "source").put("uri", "/data/raw/products/*/*.jsonl.gz")),
        changed(
            "s3 table in the source's bucket, beside its prefix",
            spec -> {
              obj(spec, "source").put("uri", "s3://lake/raw/products/");
              obj(spec, "target").put("table", "s3a://lake/clean/products");
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void isAccepted(String caseName, Consumer<ObjectNode> changeSpec) throws IOException {
    ObjectNode resource = sample();
    resource.withObjectProperty("metadata").put("name", "accepted");
    changeSpec.accept(resource.withObjectProperty("spec"));

    var created =
        client
            .resource(JSON.treeToValue(resource, GenericKubernetesResource.class))
            .inNamespace(NS)
            .dryRun()
            .create();

    assertThat(created.getMetadata().getName()).isEqualTo("accepted");
  }

  private static Arguments changed(String name, Consumer<ObjectNode> changeSpec) {
    return Arguments.of(name, changeSpec);
  }

  private static Arguments broken(
      String name, Consumer<ObjectNode> breakSpec, String field, String reason) {
    return Arguments.of(name, breakSpec, field, reason);
  }

  private static ObjectNode sample() throws IOException {
    Path dir = Path.of(System.getProperty("samples.dir", "../deploy/samples"));
    JsonNode node = new YAMLMapper().readTree(dir.resolve("products-local.yaml").toFile());
    return (ObjectNode) node;
  }

  private static ObjectNode obj(ObjectNode parent, String name) {
    return parent.with(name);
  }

  private static ObjectNode partitionBy(ObjectNode spec) {
    return obj(obj(spec, "target"), "partitionBy");
  }

  private static ObjectNode field(ObjectNode spec, int index) {
    return (ObjectNode) obj(spec, "contract").withArray("fields").get(index);
  }
}
