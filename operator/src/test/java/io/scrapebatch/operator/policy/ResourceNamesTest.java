package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {
  @Test
  void namesAreDeterministicPerBatchInstanceAndAttempt() {
    var a = new ResourceNames("products-2026-05-19", "uid-1", 2);

    assertThat(a.driverPod())
        .isEqualTo(new ResourceNames("products-2026-05-19", "uid-1", 2).driverPod());
    assertThat(a.driverPod()).matches("products-2026-05-19-[0-9a-f]{5}-a2-driver");
    assertThat(a.driverPod())
        .isNotEqualTo(new ResourceNames("products-2026-05-19", "uid-1", 3).driverPod());
    assertThat(a.driverPod())
        .isNotEqualTo(new ResourceNames("products-2026-05-19", "uid-2", 2).driverPod());
  }

  @Test
  void longNamesStayValidDns1035LabelsForTheDriverService() {
    var n = new ResourceNames("A_very-long.ScrapeBatch-name-" + "x".repeat(200), "uid", 12);

    assertThat(n.driverService())
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    assertThat(n.driverPod()).hasSizeLessThanOrEqualTo(63);
  }
}
