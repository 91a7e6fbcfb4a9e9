package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.PartitionTransform;
import io.scrapebatch.api.v1alpha1.Partitioning;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.util.List;

/**
 * The command line checked against the contract: keys, ordering and partition field must be
 * contract fields. Keys and the partition field are implicitly required — a null key or partition
 * value could never match in the MERGE, so every re-run would insert it again.
 */
public record JobSpec(JobArgs args, SchemaContract contract) {

  public JobSpec {
    for (String key : args.dedupKeys()) {
      field(contract, key, "--dedup-keys");
    }
    args.orderBy().ifPresent(o -> field(contract, o, "--order-by"));
    args.partitioning().ifPresent(p -> checkPartitioning(contract, p));
  }

  public List<FieldRule> fields() {
    return contract.fields();
  }

  public double maxInvalidRatio() {
    return contract.maxInvalidRatioOrDefault();
  }

  public int maxLineBytes() {
    return contract.maxLineBytesOrDefault();
  }

  /**
   * Whether a null value invalidates the row: declared required, a dedup key or partition source.
   */
  public boolean required(FieldRule field) {
    return Boolean.TRUE.equals(field.required())
        || args.dedupKeys().contains(field.name())
        || args.partitioning().map(p -> p.field().equals(field.name())).orElse(false);
  }

  private static FieldRule field(SchemaContract contract, String name, String option) {
    return contract.fields().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                JobFailure.badConfiguration(option + " names " + name + ", not a contract field"));
  }

  private static void checkPartitioning(SchemaContract contract, Partitioning p) {
    FieldRule source = field(contract, p.field(), "--partition-field");
    PartitionTransform transform = p.transform();
    if (transform != PartitionTransform.IDENTITY && source.type() != FieldType.TIMESTAMP) {
      throw JobFailure.badConfiguration(
          "--partition-transform "
              + transform
              + " needs a timestamp field; "
              + p.field()
              + " is "
              + source.type());
    }
    // Spark and Delta resolve column names ignoring case: dt and DT are one column.
    boolean clashes =
        contract.fields().stream().anyMatch(f -> f.name().equalsIgnoreCase(p.column()));
    boolean sameField = transform == PartitionTransform.IDENTITY && p.column().equals(p.field());
    if (clashes && !sameField) {
      throw JobFailure.badConfiguration(
          "--partition-column " + p.column() + " clashes with a contract field");
    }
  }
}
