package io.scrapebatch.operator.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in whole mebibytes: the unit Spark's memory settings and Kubernetes
 * quantities ({@code 1536Mi}) share without rounding surprises.
 */
public record Memory(long mib) implements Comparable<Memory> {
  private static final Pattern QUANTITY =
      Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$");
  private static final long MIB = 1L << 20;

  public Memory {
    if (mib < 0) {
      throw new IllegalArgumentException("negative memory: " + mib);
    }
  }

  public static Memory mib(long mib) {
    return new Memory(mib);
  }

  public static Memory gib(double gib) {
    return new Memory(Math.round(gib * 1024));
  }

  /** Whole mebibytes needed to hold {@code bytes}. */
  public static Memory ofBytes(long bytes) {
    return new Memory((bytes + MIB - 1) / MIB);
  }

  /** Parses a Kubernetes quantity such as {@code 8Gi}, {@code 1.5Gi} or {@code 2G}. */
  public static Memory parse(String quantity) {
    Matcher m = QUANTITY.matcher(quantity.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a memory quantity: " + quantity);
    }
    BigDecimal bytes =
        new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier(m.group(2))));
    return new Memory(bytes.divide(BigDecimal.valueOf(MIB), 0, RoundingMode.CEILING).longValue());
  }

  private static long multiplier(String suffix) {
    if (suffix == null) {
      return 1;
    }
    return switch (suffix) {
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "T" -> 1_000_000_000_000L;
      default -> throw new IllegalArgumentException("unknown suffix " + suffix);
    };
  }

  public long bytes() {
    return mib * MIB;
  }

  public Memory plus(Memory other) {
    return new Memory(mib + other.mib);
  }

  public Memory times(double factor) {
    return new Memory((long) Math.ceil(mib * factor));
  }

  public Memory min(Memory other) {
    return compareTo(other) <= 0 ? this : other;
  }

  public Memory max(Memory other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** Kubernetes form: {@code 2Gi} when whole gibibytes, else {@code 1536Mi}. */
  public String toQuantity() {
    return mib % 1024 == 0 && mib > 0 ? (mib / 1024) + "Gi" : mib + "Mi";
  }

  /** Spark's form: {@code 2g} or {@code 1536m}. */
  public String toSparkSize() {
    return mib % 1024 == 0 && mib > 0 ? (mib / 1024) + "g" : mib + "m";
  }

  @Override
  public int compareTo(Memory other) {
    return Long.compare(mib, other.mib);
  }

  @Override
  public String toString() {
    return toQuantity();
  }
}
