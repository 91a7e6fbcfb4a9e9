package io.scrapebatch.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test fixture: a valid {@link ScrapeBatchSpec} to start from, changed one part at a time (the
 * record has eleven components; tests care about one or two). Shared with other modules' tests
 * through this module's test jar.
 */
public final class Specs {
  private Source source = new Source("file:///data/raw/products/");
  private final List<FieldRule> fields = new ArrayList<>();
  private Double maxInvalidRatio = 0.05;
  private Dedup dedup = new Dedup(List.of("url"), "scraped_at", null);
  private Target target =
      new Target("file:///data/clean/products", "file:///data/clean/quarantine", null);
  private Storage storage;
  private Resources resources;
  private RetrySpec retry;
  private Timeouts timeouts;
  private Long ttl;
  private final Map<String, String> sparkConf = new TreeMap<>();
  private JobOverride job;
  private String rerun;

  /**
   * url (required, http) and scraped_at (required timestamp), deduplicated on url by scraped_at.
   */
  public static Specs products() {
    var specs = new Specs();
    specs.fields.add(field("url", FieldType.STRING, "^https?://"));
    specs.fields.add(field("scraped_at", FieldType.TIMESTAMP, null));
    return specs;
  }

  /** One required string field {@code id}, deduplicated on it. */
  public static Specs single(String id) {
    var specs = new Specs();
    specs.fields.add(field(id, FieldType.STRING, null));
    specs.dedup = new Dedup(List.of(id), null, null);
    return specs;
  }

  public static FieldRule field(String name, FieldType type, String pattern) {
    return new FieldRule(name, type, true, pattern, null, null, null, null, null, null);
  }

  /** Replaces the contract's field at {@code index}. */
  public Specs field(int index, FieldRule rule) {
    fields.set(index, rule);
    return this;
  }

  public Specs source(String uri) {
    this.source = new Source(uri);
    return this;
  }

  public Specs target(String table, String quarantine, Partitioning partitionBy) {
    this.target = new Target(table, quarantine, partitionBy);
    return this;
  }

  public Specs datePartitioned() {
    return target(
        target.table(),
        target.quarantine(),
        new Partitioning("dt", "scraped_at", PartitionTransform.DATE));
  }

  /** Null leaves it to the CRD's default. */
  public Specs maxInvalidRatio(Double ratio) {
    this.maxInvalidRatio = ratio;
    return this;
  }

  public Specs resources(Resources resources) {
    this.resources = resources;
    return this;
  }

  public Specs retry(RetrySpec retry) {
    this.retry = retry;
    return this;
  }

  public Specs timeouts(Timeouts timeouts) {
    this.timeouts = timeouts;
    return this;
  }

  public Specs ttl(Long seconds) {
    this.ttl = seconds;
    return this;
  }

  public Specs sparkConf(String key, String value) {
    sparkConf.put(key, value);
    return this;
  }

  public Specs job(JobOverride job) {
    this.job = job;
    return this;
  }

  public Specs storage(Storage storage) {
    this.storage = storage;
    return this;
  }

  public Specs rerun(String rerun) {
    this.rerun = rerun;
    return this;
  }

  public ScrapeBatchSpec build() {
    return new ScrapeBatchSpec(
        source,
        new SchemaContract(List.copyOf(fields), maxInvalidRatio),
        dedup,
        target,
        storage,
        resources,
        retry,
        timeouts,
        ttl,
        Map.copyOf(sparkConf),
        null,
        job,
        rerun);
  }

  /** The spec in a ScrapeBatch named {@code name} in {@code namespace}. */
  public ScrapeBatch batch(String name, String namespace) {
    var sb = new ScrapeBatch();
    sb.getMetadata().setName(name);
    sb.getMetadata().setNamespace(namespace);
    sb.setSpec(build());
    return sb;
  }
}
