package io.scrapebatch.operator.resources;

import io.scrapebatch.api.job.JobContract;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The job's command line for one attempt (the etl-job CLI's option names). */
final class JobArguments {
  static final String CONTRACT_FILE = "contract.json";

  static List<String> of(LaunchRequest request, String confDir) {
    ScrapeBatchSpec spec = request.spec();
    List<String> args = new ArrayList<>();
    add(args, "--input", spec.source().uri());
    add(args, "--table", spec.target().table());
    add(args, "--quarantine", spec.target().quarantine());
    add(args, "--contract", confDir + "/" + CONTRACT_FILE);
    add(args, "--dedup-keys", String.join(",", spec.dedup().keys()));
    if (spec.dedup().orderBy() != null) {
      add(args, "--order-by", spec.dedup().orderBy());
    }
    var partitioning = spec.target().partitionBy();
    if (partitioning != null) {
      add(args, "--partition-column", partitioning.columnOrDefault());
      add(args, "--partition-field", partitioning.field());
      add(
          args,
          "--partition-transform",
          partitioning.transformOrDefault().name().toLowerCase(Locale.ROOT));
    }
    if (request.sizing().saltBuckets() > 0) {
      add(args, "--salt-buckets", String.valueOf(request.sizing().saltBuckets()));
    }
    add(args, "--batch-id", request.batchId());
    add(args, "--attempt", String.valueOf(request.attempt()));
    add(args, "--termination-log", JobContract.TERMINATION_MESSAGE_PATH);
    return args;
  }

  private static void add(List<String> args, String option, String value) {
    args.add(option);
    args.add(value);
  }

  private JobArguments() {}
}
