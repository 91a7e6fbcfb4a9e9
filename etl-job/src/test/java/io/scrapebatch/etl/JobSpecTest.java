package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.PartitionTransform;
import io.scrapebatch.api.v1alpha1.Partitioning;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobSpecTest {
  private static final SchemaContract CONTRACT =
      new SchemaContract(
          List.of(
              ContractValidatorTest.rule(
                  "url", FieldType.STRING, true, null, null, null, null, null, null, null),
              ContractValidatorTest.rule(
                  "at", FieldType.TIMESTAMP, true, null, null, null, null, null, null, null)),
          0.05);

  @Test
  void aPartitionColumnEqualToAFieldButForCaseClashesWithIt() {
    assertThatThrownBy(
            () ->
                new JobSpec(args(new Partitioning("URL", "at", PartitionTransform.DATE)), CONTRACT))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("--partition-column URL clashes with a contract field");
  }

  @Test
  void anIdentityPartitionOnItsOwnFieldIsNoClash() {
    var spec =
        new JobSpec(args(new Partitioning("url", "url", PartitionTransform.IDENTITY)), CONTRACT);
    assertThat(spec.args().partitioning()).isPresent();
  }

  private static JobArgs args(Partitioning partitioning) {
    return new JobArgs(
        "/in",
        "/t",
        "/q",
        Path.of("c.yaml"),
        List.of("url"),
        Optional.empty(),
        Optional.of(partitioning),
        0,
        "b",
        1,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
