package io.scrapebatch.api.v1alpha1;

/**
 * Every default of the ScrapeBatch spec, declared once. The CRD's {@code @Default} annotations
 * (what the API server fills in) and the typed accessors the operator and the job read (for a batch
 * stored before a default existed) both use these, so the two cannot drift apart. Strings because
 * annotation values must be constants.
 */
public final class Defaults {
  public static final String MODE = "auto";
  public static final String MIN_EXECUTORS = "1";
  public static final String MAX_EXECUTORS = "10";
  public static final String EXECUTOR_CORES = "2";
  public static final String MAX_EXECUTOR_MEMORY = "8Gi";
  public static final String MAX_DRIVER_MEMORY = "4Gi";

  public static final String MAX_ATTEMPTS = "3";
  public static final String BACKOFF = "30s";
  public static final String MAX_BACKOFF = "10m";
  public static final String MEMORY_GROWTH_FACTOR = "1.5";

  public static final String PENDING_TIMEOUT = "10m";
  public static final String ATTEMPT_TIMEOUT = "2h";

  public static final String MAX_INVALID_RATIO = "0.05";

  /** 1 MiB: far above a scraped record, far below what one JSON parse may hold in memory. */
  public static final String MAX_LINE_BYTES = "1048576";

  public static final String PARTITION_COLUMN = "dt";
  public static final String PARTITION_TRANSFORM = "date";

  private Defaults() {}
}
