package io.scrapebatch.operator.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic names of an attempt's Kubernetes objects: the same batch (by UID) and attempt
 * always yield the same names, so a restarted operator finds what it created instead of creating a
 * second driver. A batch's name may be 253 characters, but the limits that bite are shorter: Spark
 * accepts an executor pod-name prefix of at most {@value #MAX_EXECUTOR_PREFIX} characters, the
 * driver Service's name is a DNS-1035 label (its hostname, at most {@value #MAX_LABEL}), and so is
 * a label value. So the batch's name is cut and made unique again by a hash of what was cut away
 * (names) or of the whole name (labels).
 */
public record ResourceNames(String batchName, String batchUid, int attempt) {
  static final int MAX_LABEL = 63;

  /** Spark's {@code spark.kubernetes.executor.podNamePrefix} limit (so "-exec-N" stays in 63). */
  static final int MAX_EXECUTOR_PREFIX = 47;

  private static final String DRIVER_SUFFIX = "-driver";

  /**
   * {@code <batch>-<uid5>-a<N>}, at most {@value #MAX_EXECUTOR_PREFIX} characters: the prefix Spark
   * also uses for executor pod names, and the start of every other name here.
   */
  public String prefix() {
    String tail = "-" + hash(batchUid, 5) + "-a" + attempt;
    String base = batchName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    base = cut(base, MAX_EXECUTOR_PREFIX - tail.length());
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
    return "spark-" + hash(batchUid, 5) + "-a" + attempt;
  }

  /**
   * The batch's name as a label value ({@code scrapebatch.io/batch}): the name itself when it fits
   * in {@value #MAX_LABEL} characters, else its first characters, a dash and a hash of the whole
   * name, so that pods stay selectable by batch and two long names sharing a beginning do not
   * collide.
   */
  public static String labelValue(String batchName) {
    if (batchName.length() <= MAX_LABEL) {
      return batchName;
    }
    String hash = hash(batchName, 10);
    String head = batchName.substring(0, MAX_LABEL - hash.length() - 1).replaceAll("[-.]+$", "");
    return head + "-" + hash;
  }

  /**
   * The first {@code max} characters of {@code name}, or, when it is longer, fewer of them and a
   * hash of the whole, so that names differing only past the cut stay distinct.
   */
  static String cut(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String hash = hash(name, 6);
    return name.substring(0, max - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
  }

  private static String hash(String text, int chars) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, chars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
