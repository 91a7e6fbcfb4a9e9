package io.scrapebatch.testing.kubeapi;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back a kube-api-test start whose readiness wait would span local midnight.
 *
 * <p>kube-api-test (7.5.x, and its main branch as of 2026-08) times each readiness poll with {@link
 * LocalTime}: its deadline {@code startedAt.plus(timeout)} wraps past midnight to a small time that
 * "now" is already after, so a start in the last minute or two of the day fails at the first poll
 * with "Kube API Server did not start properly". A CI run at 23:59 UTC lost every integration test
 * this way. Waiting until just after midnight is the only remedy from outside the library.
 */
public final class MidnightStartGuard {
  private static final Logger LOG = LoggerFactory.getLogger(MidnightStartGuard.class);

  /**
   * How long a start's readiness polls may begin after it: etcd's health wait and the API server's
   * readiness wait run one after the other, each with kube-api-test's default 60 s timeout, plus
   * slack for launching the processes.
   */
  public static final Duration KUBE_API_TEST_STARTUP_SPAN = Duration.ofSeconds(2 * 60 + 15);

  /** Kept after midnight so a clock read on the other side of the wait is surely past it. */
  static final Duration MARGIN = Duration.ofSeconds(1);

  /** Waits; a seam for tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Clock clock;
  private final Duration startupSpan;
  private final Sleeper sleeper;

  public MidnightStartGuard(Clock clock, Duration startupSpan, Sleeper sleeper) {
    this.clock = clock;
    this.startupSpan = startupSpan;
    this.sleeper = sleeper;
  }

  /**
   * The guard kube-api-test needs: its polls read {@link LocalTime#now()}, the JVM's default zone,
   * so the clock is taken at call time (tests and the JVM may change the default zone).
   */
  public static MidnightStartGuard forKubeApiTest() {
    return new MidnightStartGuard(
        Clock.systemDefaultZone(),
        KUBE_API_TEST_STARTUP_SPAN,
        duration -> Thread.sleep(duration.toMillis()));
  }

  /** Zero when a start at {@code now} ends its polls' windows before midnight, else the wait. */
  public static Duration delayBeforeStart(LocalTime now, Duration startupSpan) {
    Duration untilMidnight = Duration.ofNanos(LocalTime.MAX.toNanoOfDay() - now.toNanoOfDay() + 1);
    return untilMidnight.compareTo(startupSpan) <= 0 ? untilMidnight.plus(MARGIN) : Duration.ZERO;
  }

  /** Blocks until a start is safe; returns at once on all but the last minutes of the day. */
  public void awaitSafeStart() throws InterruptedException {
    LocalTime now = LocalTime.now(clock);
    Duration delay = delayBeforeStart(now, startupSpan);
    if (!delay.isZero()) {
      LOG.warn(
          "local time {} is within {} s of midnight, where kube-api-test's readiness timeout wraps"
              + " around: waiting {} ms before starting the API server",
          now,
          startupSpan.toSeconds(),
          delay.toMillis());
      sleeper.sleep(delay);
    }
  }
}
