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
  void theLongestValidBatchNameYieldsValidNamesWithinEveryLimitThatBites() {
    assertThat(NameRules.LONGEST).hasSize(253);
    for (int attempt : new int[] {1, 12, 999}) {
      var n = new ResourceNames(NameRules.LONGEST, "9f0c2a7e-1111-2222-3333-444455556666", attempt);

      assertThat(n.prefix())
          .hasSizeLessThanOrEqualTo(ResourceNames.MAX_EXECUTOR_PREFIX)
          .matches(NameRules.DNS_1035_LABEL)
          .startsWith("daily-products-");
      assertThat(n.prefix() + "-exec-1000")
          .hasSizeLessThanOrEqualTo(63)
          .matches(NameRules.DNS_1123_LABEL);
      assertThat(n.driverService()).hasSizeLessThanOrEqualTo(63).matches(NameRules.DNS_1035_LABEL);
      assertThat(n.driverPod()).hasSizeLessThanOrEqualTo(63).matches(NameRules.DNS_1123_LABEL);
      assertThat(n.configMap()).hasSizeLessThanOrEqualTo(63).matches(NameRules.DNS_1123_LABEL);
      assertThat(n.sparkAppId()).hasSizeLessThanOrEqualTo(63).matches(NameRules.DNS_1123_LABEL);
    }
  }

  @Test
  void aNameOfThirtyNineCharactersKeepsSparksExecutorPrefixLimit() {
    var n = new ResourceNames("products-from-the-nightly-scrape-run-01", "uid", 1);

    assertThat(n.prefix()).hasSizeLessThanOrEqualTo(47);
    assertThat(n.driverService()).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void namesThatCannotStartAServiceNameAreMadeValid() {
    var n = new ResourceNames("A_very-long.ScrapeBatch-name-" + "x".repeat(200), "uid", 12);

    assertThat(n.driverService()).hasSizeLessThanOrEqualTo(63).matches(NameRules.DNS_1035_LABEL);
    assertThat(new ResourceNames("2026-05-19", "uid", 1).driverService())
        .matches(NameRules.DNS_1035_LABEL);
  }

  @Test
  void aShortNameIsItsOwnLabelValue() {
    assertThat(ResourceNames.labelValue("products")).isEqualTo("products");
    assertThat(ResourceNames.labelValue("x".repeat(63))).isEqualTo("x".repeat(63));
  }

  @Test
  void aLongNamesLabelValueIsValidAndDistinctFromAnotherWithTheSameBeginning() {
    String label = ResourceNames.labelValue(NameRules.LONGEST);
    String other = ResourceNames.labelValue(NameRules.LONGEST.substring(0, 252) + "e");

    assertThat(label)
        .hasSizeLessThanOrEqualTo(63)
        .matches(NameRules.LABEL_VALUE)
        .startsWith("daily-");
    assertThat(other).matches(NameRules.LABEL_VALUE).isNotEqualTo(label);
    assertThat(ResourceNames.labelValue(NameRules.LONGEST)).isEqualTo(label);
    // A cut right after a dot or dash still ends in an alphanumeric character.
    assertThat(ResourceNames.labelValue("a".repeat(51) + ".-" + "b".repeat(40)))
        .matches(NameRules.LABEL_VALUE);
  }
}
