package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.InputMeasurement;
import java.time.Instant;

/** What an {@code InputProbe} measured: stored bytes, file count and whether any file is gzip. */
public record InputSize(long bytes, long files, boolean compressed) {
  public InputSize {
    if (bytes < 0 || files < 0) {
      throw new IllegalArgumentException("negative input size");
    }
  }

  public InputMeasurement toStatus(Instant measuredAt) {
    return new InputMeasurement(bytes, files, compressed, measuredAt.toString());
  }

  public static InputSize fromStatus(InputMeasurement m) {
    return new InputSize(m.bytes(), m.files(), Boolean.TRUE.equals(m.compressed()));
  }

  public String describe() {
    return "%d file(s), %s%s".formatted(files, Memory.ofBytes(bytes), compressed ? " (gzip)" : "");
  }
}
