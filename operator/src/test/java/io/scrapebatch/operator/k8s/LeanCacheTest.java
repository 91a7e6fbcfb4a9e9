package io.scrapebatch.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanCacheTest {
  @Test
  void aCachedObjectKeepsEverythingButManagedFieldsAndKubectlsLastAppliedCopy() {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("driver")
            .withNamespace("scrapes")
            .withResourceVersion("42")
            .withLabels(Map.of("scrapebatch.io/batch", "products"))
            .withAnnotations(
                new HashMap<>(Map.of(LeanCache.LAST_APPLIED, "{\"spec\":{}}", "team", "catalog")))
            .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();

    var cached = LeanCache.lean(pod);

    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("team");
    assertThat(cached.getMetadata().getLabels()).containsEntry("scrapebatch.io/batch", "products");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getStatus().getPhase()).isEqualTo("Running");
  }
}
