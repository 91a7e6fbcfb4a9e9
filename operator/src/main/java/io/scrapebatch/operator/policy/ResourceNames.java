package io.scrapebatch.operator.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic names of an attempt's Kubernetes objects: the same batch (by UID) and attempt
 * always yield the same names, so a restarted operator finds what it created instead of creating a
 * second driver. Names stay DNS-1035 labels (≤ 63 characters) because the driver Service's name
 * becomes a hostname.
 */
public record ResourceNames(String batchName, String batchUid, int attempt) {
  private static final int MAX_LABEL = 63;
  private static final String DRIVER_SUFFIX = "-driver";

  /** {@code <batch>-<uid5>-a<N>}: the prefix Spark also uses for executor pod names. */
  public String prefix() {
    String tail = "-" + shortUid() + "-a" + attempt;
    int room = MAX_LABEL - tail.length() - DRIVER_SUFFIX.length() - "-svc".length();
    String base = batchName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (base.length() > room) {
      base = base.substring(0, room);
    }
    base = base.replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
    return (base.isEmpty() ? "sb" : base) + tail;
  }

  public String driverPod() {
    return prefix() + DRIVER_SUFFIX;
  }

  public String driverService() {
    return prefix() + DRIVER_SUFFIX + "-svc";
  }

  public String configMap() {
    return prefix() + "-conf";
  }

  /** Spark's application id: unique per batch instance and attempt. */
  public String sparkAppId() {
    return "spark-" + shortUid() + "-a" + attempt;
  }

  private String shortUid() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(batchUid.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
