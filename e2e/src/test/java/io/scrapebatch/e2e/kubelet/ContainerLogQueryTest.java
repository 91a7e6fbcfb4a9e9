package io.scrapebatch.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerLogQueryTest {
  static final byte[] LOG = "a\nb\nc\n".getBytes(StandardCharsets.UTF_8);

  static ContainerLogQuery parse(String pathAndQuery) throws ContainerLogQuery.BadRequest {
    return ContainerLogQuery.parse(URI.create("https://127.0.0.1:10250" + pathAndQuery));
  }

  @Test
  void readsTheApiServersPathAndOptions() throws Exception {
    var query =
        parse(
            "/containerLogs/ns/driver-1/spark-kubernetes-driver?follow=true&tailLines=10&limitBytes=500");

    assertThat(query)
        .isEqualTo(
            new ContainerLogQuery(
                "ns",
                "driver-1",
                "spark-kubernetes-driver",
                true,
                Optional.of(10),
                Optional.of(500L)));
    assertThat(parse("/containerLogs/ns/p/c").follow()).isFalse();
    assertThat(parse("/containerLogs/ns/p/c?follow=false").follow()).isFalse();
  }

  @Test
  void tailLinesCountsLinesFromTheEndIgnoringTheFinalNewline() throws Exception {
    assertThat(parse("/containerLogs/ns/p/c").startOf(LOG)).isZero();
    assertThat(parse("/containerLogs/ns/p/c?tailLines=1").startOf(LOG)).isEqualTo(4);
    assertThat(parse("/containerLogs/ns/p/c?tailLines=2").startOf(LOG)).isEqualTo(2);
    assertThat(parse("/containerLogs/ns/p/c?tailLines=3").startOf(LOG)).isZero();
    assertThat(parse("/containerLogs/ns/p/c?tailLines=99").startOf(LOG)).isZero();
    assertThat(parse("/containerLogs/ns/p/c?tailLines=0").startOf(LOG)).isEqualTo(LOG.length);
    byte[] unterminated = "a\nb".getBytes(StandardCharsets.UTF_8);
    assertThat(parse("/containerLogs/ns/p/c?tailLines=1").startOf(unterminated)).isEqualTo(2);
  }

  @Test
  void refusesWhatAProcessKubeletCannotAnswer() {
    assertThatThrownBy(() -> parse("/containerLogs/ns/p/c?previous=true"))
        .hasMessageContaining("never restarts containers");
    assertThatThrownBy(() -> parse("/containerLogs/ns/p/c?timestamps=true"))
        .hasMessageContaining("no log timestamps");
    assertThatThrownBy(() -> parse("/containerLogs/ns/p/c?sinceSeconds=60"))
        .hasMessageContaining("no --since");
  }

  @Test
  void refusesMalformedRequestsNamingTheProblem() {
    assertThatThrownBy(() -> parse("/containerLogs/ns/p"))
        .isInstanceOf(ContainerLogQuery.BadRequest.class)
        .hasMessageContaining("{namespace}/{pod}/{container}");
    assertThatThrownBy(() -> parse("/containerLogs/ns/p/c?tailLines=-1"))
        .hasMessage("tailLines must be a non-negative integer, got \"-1\"");
    assertThatThrownBy(() -> parse("/containerLogs/ns/p/c?limitBytes=lots"))
        .hasMessage("limitBytes must be a non-negative integer, got \"lots\"");
  }
}
