package io.scrapebatch.operator.policy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fraction in [0, 1) per retry, derived from the batch's UID and the attempt number: spread like
 * random across batches and attempts, yet the same snapshot always plans the same retry time (the
 * lifecycle stays pure and its tests reproducible).
 */
public record Jitter(String seed) {
  /** The fraction for the retry after {@code attempt}. */
  public double fraction(int attempt) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((seed + "/" + attempt).getBytes(StandardCharsets.UTF_8));
      long bits = ByteBuffer.wrap(digest).getLong() >>> 11; // 53 bits: exact in a double
      return bits / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
