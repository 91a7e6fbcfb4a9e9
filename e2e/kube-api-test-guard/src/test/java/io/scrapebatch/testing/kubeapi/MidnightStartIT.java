package io.scrapebatch.testing.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts real API servers with the JVM's default zone moved so that local time is 23:59: the
 * library's failure is reproduced, then the guard's remedy shown.
 */
class MidnightStartIT {
  private TimeZone originalZone;

  @BeforeEach
  void rememberZone() {
    originalZone = TimeZone.getDefault();
  }

  @AfterEach
  void restoreZone() {
    TimeZone.setDefault(originalZone);
  }

  @Test
  void unguardedStartInTheLastMinuteOfTheDayFailsAtOnce() throws InterruptedException {
    moveLocalTimeIntoTheLastMinute();
    var server = new KubeAPIServer();
    long started = System.nanoTime();
    try {
      assertThatThrownBy(server::start)
          .isInstanceOf(KubeAPITestException.class)
          .hasMessageContaining("did not start properly");
      // Not the 60 s timeout running out: the wrapped deadline fails the first poll.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    } finally {
      server.stop();
    }
  }

  @Test
  void guardedStartInTheLastMinuteOfTheDayWaitsForMidnightAndServes() throws InterruptedException {
    moveLocalTimeIntoTheLastMinute();
    MidnightStartGuard.forKubeApiTest().awaitSafeStart();
    assertThat(LocalTime.now()).isBefore(LocalTime.of(0, 1));

    var server = new KubeAPIServer();
    try {
      server.start();
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
              .build()) {
        assertThat(client.namespaces().withName("default").get()).isNotNull();
      }
    } finally {
      server.stop();
    }
  }

  /**
   * Sets a whole-minute default zone (all {@link TimeZone} accepts) in which it is now 23:59, with
   * at least 10 s left so the start's first poll still falls before midnight.
   */
  private static void moveLocalTimeIntoTheLastMinute() throws InterruptedException {
    if (LocalTime.now(ZoneOffset.UTC).getSecond() > 50) {
      Thread.sleep((61 - LocalTime.now(ZoneOffset.UTC).getSecond()) * 1000L);
    }
    int utcMinute = LocalTime.now(ZoneOffset.UTC).toSecondOfDay() / 60;
    int lastMinute = 23 * 60 + 59;
    int offsetMinutes = Math.floorMod(lastMinute - utcMinute + 12 * 60, 24 * 60) - 12 * 60;
    TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
    assertThat(LocalTime.now().getHour() * 60 + LocalTime.now().getMinute()).isEqualTo(lastMinute);
  }
}
