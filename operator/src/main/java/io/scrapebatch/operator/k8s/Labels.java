package io.scrapebatch.operator.k8s;

/** Labels the operator puts on everything it creates and selects its pods by. */
public final class Labels {
  public static final String BATCH = "scrapebatch.io/batch";
  public static final String ATTEMPT = "scrapebatch.io/attempt";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "scrapebatch-operator";

  /** Spark's own role label: {@code driver} or {@code executor}. */
  public static final String SPARK_ROLE = "spark-role";

  /** The selector of every pod (driver and executors) the operator follows. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private Labels() {}
}
