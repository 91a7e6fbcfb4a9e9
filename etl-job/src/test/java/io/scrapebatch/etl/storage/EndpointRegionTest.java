package io.scrapebatch.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointRegionTest {
  private static final String ENDPOINT = "spark.hadoop.fs.s3a.endpoint";
  private static final String REGION = "spark.hadoop.fs.s3a.endpoint.region";

  @Test
  void anEndpointWithoutARegionNamesTheKeyToSet() {
    assertThat(EndpointRegion.missing(Map.of(ENDPOINT, "http://s3.storage.svc:7070"), Map.of()))
        .hasValueSatisfying(
            m -> assertThat(m).contains("http://s3.storage.svc:7070").contains(REGION));
  }

  @Test
  void anEndpointWithARegionOrAnEmptyOneIsFine() {
    assertThat(
            EndpointRegion.missing(
                Map.of(ENDPOINT, "http://s3:7070", REGION, "us-east-1"), Map.of()))
        .isEmpty();
    assertThat(EndpointRegion.missing(Map.of(ENDPOINT, "http://s3:7070", REGION, ""), Map.of()))
        .as("empty: the SDK's region chain, e.g. AWS_REGION")
        .isEmpty();
  }

  @Test
  void awsEndpointsAndNoEndpointNeedNoRegion() {
    assertThat(EndpointRegion.missing(Map.of(ENDPOINT, "s3.eu-west-1.amazonaws.com"), Map.of()))
        .isEmpty();
    assertThat(
            EndpointRegion.missing(
                Map.of(ENDPOINT, "https://s3.cn-north-1.amazonaws.com.cn"), Map.of()))
        .isEmpty();
    assertThat(EndpointRegion.missing(Map.of(), Map.of())).isEmpty();
  }

  @Test
  void theEndpointFromTheEnvironmentCountsToo() {
    assertThat(EndpointRegion.missing(Map.of(), Map.of("AWS_ENDPOINT_URL", "http://10.0.0.5:9000")))
        .hasValueSatisfying(m -> assertThat(m).contains("10.0.0.5:9000"));
  }

  @Test
  void aBucketsEndpointNeedsItsOwnRegionOrTheGlobalOne() {
    String bucketEndpoint = "spark.hadoop.fs.s3a.bucket.raw.endpoint";
    assertThat(EndpointRegion.missing(Map.of(bucketEndpoint, "http://minio:9000"), Map.of()))
        .hasValueSatisfying(m -> assertThat(m).contains(bucketEndpoint + ".region"));
    assertThat(
            EndpointRegion.missing(
                Map.of(bucketEndpoint, "http://minio:9000", bucketEndpoint + ".region", "eu"),
                Map.of()))
        .isEmpty();
    assertThat(
            EndpointRegion.missing(
                Map.of(bucketEndpoint, "http://minio:9000", REGION, "us-east-1"), Map.of()))
        .isEmpty();
  }
}
