package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.Partitioning;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The job's validated command line: everything a run depends on besides the contract file. */
public record JobArgs(
    String input,
    String table,
    String quarantine,
    Path contract,
    List<String> dedupKeys,
    Optional<String> orderBy,
    Optional<Partitioning> partitioning,
    int saltBuckets,
    String batchId,
    int attempt,
    Optional<Path> report,
    Optional<Path> terminationLog,
    Optional<String> master) {

  public JobArgs {
    // One spelling per location: Delta compares table paths as strings (file:///x vs file:/x),
    // and a plain path must not reach Spark as one (".data/clean/products" parses as a name).
    input = normalized(input);
    table = normalized(table);
    quarantine = normalized(quarantine);
    dedupKeys = List.copyOf(dedupKeys);
    if (dedupKeys.isEmpty()) {
      throw JobFailure.badConfiguration("--dedup-keys needs at least one field");
    }
    if (saltBuckets < 0 || saltBuckets == 1) {
      throw JobFailure.badConfiguration("--salt-buckets must be 0 (off) or at least 2");
    }
    if (attempt < 1) {
      throw JobFailure.badConfiguration("--attempt starts at 1");
    }
    if (table.equals(quarantine)) {
      throw JobFailure.badConfiguration("--quarantine must differ from --table");
    }
  }

  /**
   * A URI as Hadoop spells it; a plain path, relative (to the working directory) or absolute, is a
   * local file and becomes an absolute {@code file:} URI. Glob characters survive.
   */
  static String normalized(String location) {
    if (location == null || location.isBlank()) {
      throw JobFailure.badConfiguration("a location must not be empty");
    }
    var path = new org.apache.hadoop.fs.Path(location);
    if (path.toUri().getScheme() != null) {
      return path.toString();
    }
    Path absolute = Path.of(location).toAbsolutePath().normalize();
    return new org.apache.hadoop.fs.Path("file", null, absolute.toString()).toString();
  }
}
