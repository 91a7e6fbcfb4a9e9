package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One batch of raw scrape output to validate, deduplicate and merge into a Delta table by a
 * right-sized Spark job. The spec is the user's (and GitOps') intent; everything the operator
 * decides or observes lives in the status.
 */
@JsonClassDescription(
    "A batch of raw JSONL scrape output that the operator validates against a schema contract,"
        + " deduplicates and merges into a Delta Lake table with a Spark job it sizes, watches and"
        + " retries.")
@Group(ScrapeBatch.GROUP)
@Version(ScrapeBatch.VERSION)
@ShortNames("sb")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Attempt",
    jsonPath = ".status.attempt",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Written",
    jsonPath = ".status.result.recordsWritten",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Quarantined",
    jsonPath = ".status.result.recordsQuarantined",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ScrapeBatch extends CustomResource<ScrapeBatchSpec, ScrapeBatchStatus>
    implements Namespaced {
  public static final String GROUP = "scrapebatch.io";
  public static final String VERSION = "v1alpha1";

  private static final long serialVersionUID = 1L;

  // Overridden only to document spec and status in the generated schema (kubectl explain).
  @Override
  @JsonPropertyDescription(
      "The batch: its input, schema contract, dedup rule, target tables and resource caps."
          + " Written by users and GitOps tools; never by the operator.")
  public ScrapeBatchSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator decided and observed: phase, conditions, attempts with their sizing and"
          + " failures, result counts, live progress. Written only by the operator.")
  public ScrapeBatchStatus getStatus() {
    return super.getStatus();
  }
}
