package io.scrapebatch.operator.policy;

/** Test fixtures: Kubernetes' naming rules and the longest batch name they allow. */
public final class NameRules {
  /** Kubernetes' rules (apimachinery's validation): DNS-1123 / DNS-1035 labels, label values. */
  public static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  public static final String DNS_1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
  public static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

  /** The longest valid batch name: a DNS subdomain of 253 characters. */
  public static final String LONGEST =
      String.join(
          ".",
          "daily-products-" + "a".repeat(48),
          "b".repeat(63),
          "c".repeat(63),
          "scraped-2026-05-19-" + "d".repeat(42));

  private NameRules() {}
}
