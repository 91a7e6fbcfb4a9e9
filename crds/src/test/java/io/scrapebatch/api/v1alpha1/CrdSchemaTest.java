package io.scrapebatch.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdSchemaTest {
  private final JSONSchemaProps root =
      ScrapeBatchCrd.definition().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();

  @Test
  void everyFieldHasADescriptionForKubectlExplain() {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("", root, undocumented);
    assertThat(undocumented).isEmpty();
  }

  @Test
  void printerColumnsKeepDeclarationOrder() {
    var columns = ScrapeBatchCrd.definition().getSpec().getVersions().get(0);
    assertThat(columns.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Phase", "Attempt", "Written", "Quarantined", "Age");
  }

  @Test
  void statusIsASubresourceSoSpecWritersCannotTouchIt() {
    var version = ScrapeBatchCrd.definition().getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
  }

  @Test
  void celAndMessageListsOfManagedSparkKeysMatchTheJavaList() {
    assertThat(ManagedSparkConf.CEL_LIST)
        .isEqualTo(ManagedSparkConf.celList(ManagedSparkConf.KEYS));
    assertThat(ManagedSparkConf.MESSAGE_LIST).isEqualTo(String.join(", ", ManagedSparkConf.KEYS));
  }

  @Test
  void everyLocationIsComparedInTheSameShape() {
    assertThat(StorageUris.CEL_SOURCE_FOLDER)
        .isEqualTo(StorageUris.celFolder("self.source.uri", true));
    assertThat(StorageUris.CEL_TABLE_FOLDER)
        .isEqualTo(StorageUris.celFolder("self.target.table", false));
    assertThat(StorageUris.CEL_QUARANTINE_FOLDER)
        .isEqualTo(StorageUris.celFolder("self.target.quarantine", false));
  }

  @Test
  void nestedSettingsDefaultSoStoredObjectsShowEveryDefault() {
    Map<String, JSONSchemaProps> spec = root.getProperties().get("spec").getProperties();
    assertThat(spec.get("resources").getDefault()).isNotNull();
    assertThat(spec.get("retry").getDefault()).isNotNull();
    assertThat(spec.get("timeouts").getDefault()).isNotNull();
  }

  private static void collectUndocumented(
      String path, JSONSchemaProps schema, List<String> undocumented) {
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) -> {
                String childPath = path + "." + name;
                if (child.getDescription() == null || child.getDescription().isBlank()) {
                  undocumented.add(childPath);
                }
                collectUndocumented(childPath, child, undocumented);
              });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndocumented(path + "[]", schema.getItems().getSchema(), undocumented);
    }
  }
}
