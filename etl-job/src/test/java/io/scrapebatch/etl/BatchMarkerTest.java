package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchMarkerTest {
  @Test
  void theMarkerHoldsTheScanCountsAndTakesTheMergeFiguresFromItsCommit() {
    var counts = new BatchCounts(100, 2, 10, Map.of("malformed", 2L), List.of());
    BatchMarker written = BatchMarker.of("b1", "fp", counts);
    assertThat(written.toJson()).doesNotContain("distinctValidKeys").contains("\"batchId\":\"b1\"");

    BatchMarker found = BatchMarker.parse(written.toJson()).orElseThrow().withMergeMetrics(70, 50);
    assertThat(found.distinctValidKeys()).isEqualTo(70);
    assertThat(found.duplicatesInBatch()).isEqualTo(20);
    assertThat(found.recordsWritten()).isEqualTo(50);
    assertThat(found.alreadyPresent()).isEqualTo(20);
    assertThat(found.recordsRead()).isEqualTo(100);
  }

  @Test
  void markersWrittenBeforeStillParseWithTheirOwnDedupFigures() {
    String old =
        "{\"batchId\":\"b1\",\"inputFingerprint\":\"fp\",\"recordsRead\":100,\"recordsMalformed\":2,"
            + "\"recordsQuarantined\":10,\"invalidByReason\":{},\"duplicatesInBatch\":20,"
            + "\"distinctValidKeys\":70}";
    BatchMarker marker = BatchMarker.parse(old).orElseThrow();
    assertThat(marker.distinctValidKeys()).isEqualTo(70);
    assertThat(marker.duplicatesInBatch()).isEqualTo(20);
  }
}
