package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.job.JobContract;
import io.scrapebatch.api.v1alpha1.Defaults;
import io.scrapebatch.api.v1alpha1.PartitionTransform;
import io.scrapebatch.api.v1alpha1.Partitioning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line the operator (or a person) calls the job with. */
@Command(
    name = "scrapebatch-etl",
    mixinStandardHelpOptions = true,
    version = "scrapebatch-etl 0.1.0",
    sortOptions = false,
    description = {
      "Validates raw JSON lines against a schema contract, quarantines invalid rows, deduplicates"
          + " deterministically and merges the rest into a Delta table (insert-only: a re-run"
          + " writes nothing).",
      "Spark sizing comes from Spark conf (--conf with spark-submit, or -Dspark.x=y with java)."
    })
public final class JobOptions {
  @Option(names = "--input", required = true, description = "JSONL file, folder or glob (.gz ok).")
  String input;

  @Option(names = "--table", required = true, description = "Target Delta table (path or URI).")
  String table;

  @Option(names = "--quarantine", required = true, description = "Quarantine Delta table.")
  String quarantine;

  @Option(names = "--contract", required = true, description = "Contract file, YAML or JSON.")
  Path contract;

  @Option(
      names = "--dedup-keys",
      required = true,
      split = ",",
      description = "Fields identifying a record; also the MERGE key.")
  List<String> dedupKeys;

  @Option(names = "--order-by", description = "Field ordering versions of a record; latest wins.")
  String orderBy;

  @Option(
      names = "--partition-column",
      description = "Partition column (default: " + Defaults.PARTITION_COLUMN + ").")
  String partitionColumn;

  @Option(names = "--partition-field", description = "Field the partition value derives from.")
  String partitionField;

  @Option(
      names = "--partition-transform",
      description = "date, hour or identity (default: " + Defaults.PARTITION_TRANSFORM + ").")
  String partitionTransform;

  @Option(names = "--salt-buckets", description = "Two-phase salted dedup; 0 = off.")
  int saltBuckets;

  @Option(
      names = "--batch-id",
      description = "Batch identity for its marker and quarantine rows (default: from paths).")
  String batchId;

  @Option(names = "--attempt", defaultValue = "1", description = "Attempt number (from 1).")
  int attempt;

  @Option(names = "--report", description = "Where to write the full JSON report.")
  Path report;

  @Option(
      names = "--termination-log",
      description = "Termination message path (default: /dev/termination-log if it exists).")
  Path terminationLog;

  @Option(names = "--master", description = "Spark master (default: spark.master, else local[*]).")
  String master;

  /** The command line over {@code options}; its help lists the contract's exit codes. */
  static CommandLine commandLine(JobOptions options) {
    var cli = new CommandLine(options);
    var exits = new LinkedHashMap<String, String>();
    for (ExitCode e : ExitCode.values()) {
      exits.put(String.valueOf(e.code()), e.meaning());
    }
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exits);
    return cli;
  }

  public JobArgs toArgs() {
    Optional<Partitioning> partitioning = partitioning();
    return new JobArgs(
        input,
        table,
        quarantine,
        contract,
        dedupKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList(),
        Optional.ofNullable(orderBy),
        partitioning,
        saltBuckets,
        batchId != null ? batchId : defaultBatchId(),
        attempt,
        Optional.ofNullable(report),
        terminationLog != null ? Optional.of(terminationLog) : defaultTerminationLog(),
        Optional.ofNullable(master));
  }

  private Optional<Partitioning> partitioning() {
    if (partitionField == null) {
      if (partitionColumn != null || partitionTransform != null) {
        throw JobFailure.badConfiguration("--partition-column/-transform need --partition-field");
      }
      return Optional.empty();
    }
    PartitionTransform transform = null;
    try {
      if (partitionTransform != null) {
        transform = PartitionTransform.valueOf(partitionTransform.toUpperCase(Locale.ROOT));
      }
    } catch (IllegalArgumentException e) {
      throw JobFailure.badConfiguration(
          "--partition-transform must be date, hour or identity: " + partitionTransform);
    }
    var unset = new Partitioning(partitionColumn, partitionField, transform);
    return Optional.of(
        new Partitioning(unset.columnOrDefault(), partitionField, unset.transformOrDefault()));
  }

  /**
   * Same input and tables → same id, so a plain re-run is recognised as the same batch; from the
   * resolved locations, so the same relative paths in another directory are another batch.
   */
  private String defaultBatchId() {
    String identity =
        JobArgs.normalized(input)
            + "\n"
            + JobArgs.normalized(table)
            + "\n"
            + JobArgs.normalized(quarantine);
    return "batch-" + UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
  }

  /** Kubernetes creates the file in the container; elsewhere there is none to write. */
  private static Optional<Path> defaultTerminationLog() {
    Path path = Path.of(JobContract.TERMINATION_MESSAGE_PATH);
    return Files.isRegularFile(path) && Files.isWritable(path)
        ? Optional.of(path)
        : Optional.empty();
  }
}
