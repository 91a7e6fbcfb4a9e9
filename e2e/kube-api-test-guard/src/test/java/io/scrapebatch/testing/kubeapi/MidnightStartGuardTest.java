package io.scrapebatch.testing.kubeapi;

import static io.scrapebatch.testing.kubeapi.MidnightStartGuard.KUBE_API_TEST_STARTUP_SPAN;
import static io.scrapebatch.testing.kubeapi.MidnightStartGuard.delayBeforeStart;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MidnightStartGuardTest {

  @Test
  void startsAtOnceDuringTheDay() {
    assertThat(delayBeforeStart(LocalTime.NOON, KUBE_API_TEST_STARTUP_SPAN)).isZero();
    assertThat(delayBeforeStart(LocalTime.of(23, 50), KUBE_API_TEST_STARTUP_SPAN)).isZero();
  }

  @Test
  void startsAtOnceJustAfterMidnight() {
    assertThat(delayBeforeStart(LocalTime.MIDNIGHT, KUBE_API_TEST_STARTUP_SPAN)).isZero();
    assertThat(delayBeforeStart(LocalTime.of(0, 0, 1), KUBE_API_TEST_STARTUP_SPAN)).isZero();
  }

  @Test
  void waitsUntilJustPastMidnightWhenTheStartupSpanWouldCrossIt() {
    assertThat(delayBeforeStart(LocalTime.of(23, 59, 30), KUBE_API_TEST_STARTUP_SPAN))
        .isEqualTo(Duration.ofSeconds(31));
    assertThat(delayBeforeStart(LocalTime.of(23, 59, 59, 999_999_999), KUBE_API_TEST_STARTUP_SPAN))
        .isEqualTo(Duration.ofNanos(1).plusSeconds(1));
  }

  @Test
  void theWindowIsExactlyTheStartupSpan() {
    Duration span = Duration.ofSeconds(135);
    LocalTime lastSafe = LocalTime.MIDNIGHT.minus(span).minusNanos(1);
    LocalTime firstHeld = LocalTime.MIDNIGHT.minus(span);

    assertThat(delayBeforeStart(lastSafe, span)).isZero();
    assertThat(delayBeforeStart(firstHeld, span)).isEqualTo(span.plusSeconds(1));
  }

  @Test
  void sleepsOnlyInsideTheWindowReadingTheClocksZone() throws InterruptedException {
    List<Duration> slept = new ArrayList<>();
    // 22:59:40 UTC is 23:59:40 in a zone one hour ahead.
    Instant instant = Instant.parse("2026-11-23T22:59:40Z");
    ZoneId oneHourAhead = ZoneId.of("+01:00");

    new MidnightStartGuard(
            Clock.fixed(instant, ZoneId.of("UTC")), KUBE_API_TEST_STARTUP_SPAN, slept::add)
        .awaitSafeStart();
    assertThat(slept).isEmpty();

    new MidnightStartGuard(
            Clock.fixed(instant, oneHourAhead), KUBE_API_TEST_STARTUP_SPAN, slept::add)
        .awaitSafeStart();
    assertThat(slept).containsExactly(Duration.ofSeconds(21));
  }
}
