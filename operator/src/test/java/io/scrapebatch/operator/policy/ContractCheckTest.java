package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.Specs;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pattern or timestamp format the job could not compile fails the batch before any pod. */
class ContractCheckTest {
  static final Instant T0 = Instant.parse("2026-05-19T02:00:00Z");
  static final ProbeResult MEASURED = new ProbeResult.Measured(new InputSize(1L << 30, 4, false));

  private static Plan plan(ScriptedProbe probe, ScrapeBatchSpec spec, Instant now) {
    return plan(probe, spec, null, now);
  }

  private static Plan plan(
      ScriptedProbe probe, ScrapeBatchSpec spec, ScrapeBatchStatus status, Instant now) {
    return BatchLifecycleTest.measuring(probe)
        .plan(Batches.snapshot(1, spec, status, List.of(), now));
  }

  private static ScrapeBatchSpec withUrlPattern(String pattern) {
    return Specs.products().field(0, Specs.field("url", FieldType.STRING, pattern)).build();
  }

  private static ScrapeBatchSpec withTimestampFormat(String format) {
    return Specs.products()
        .field(
            1,
            new FieldRule(
                "scraped_at",
                FieldType.TIMESTAMP,
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                format))
        .build();
  }

  @Test
  void anInvalidPatternFailsTheBatchNamingTheFieldWithoutMeasuringOrLaunching() {
    var probe = ScriptedProbe.refusing();

    var p = plan(probe, withUrlPattern("^(https?://"), T0);

    assertThat(probe.asked).as("input measured").isEmpty();
    assertThat(p.actions()).isEmpty();
    assertThat(p.status().phase()).isEqualTo(Phase.Failed);
    assertThat(p.status().attempts()).isNullOrEmpty();
    assertThat(p.status().finishedAt()).isNotNull();
    assertThat(p.status().message())
        .startsWith("BadConfiguration: spec.contract.fields[0].pattern: ")
        .contains("missing closing )")
        .contains("^(https?://");
    assertThat(p.notes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.reason()).isEqualTo("Failed");
              assertThat(n.message()).contains("spec.contract.fields[0].pattern");
            });
  }

  @Test
  void aTimestampFormatSparkRefusesFailsTheBatchNamingTheField() {
    // java.time accepts week-based years; Spark refuses them.
    var p = plan(ScriptedProbe.refusing(), withTimestampFormat("YYYY-MM-dd HH:mm"), T0);

    assertThat(p.actions()).isEmpty();
    assertThat(p.status().phase()).isEqualTo(Phase.Failed);
    assertThat(p.status().message())
        .startsWith("BadConfiguration: spec.contract.fields[1].timestampFormat: ")
        .contains("week-based");
  }

  @Test
  void aRefusedContractIsNotRetried() {
    var spec = withUrlPattern("[");
    var failed = plan(ScriptedProbe.refusing(), spec, T0).status();

    var later = plan(ScriptedProbe.refusing(), spec, failed, T0.plusSeconds(3600));

    assertThat(later.actions()).isEmpty();
    assertThat(later.status().phase()).isEqualTo(Phase.Failed);
    assertThat(later.status().nextAttemptAt()).isNull();
    assertThat(later.status().attempts()).isNullOrEmpty();
  }

  @Test
  void aContractTheJobCanCompileIsMeasuredAndLaunched() {
    var probe = new ScriptedProbe(Optional.of(MEASURED));

    var p = plan(probe, withTimestampFormat("dd.MM.yyyy HH:mm:ss"), T0);

    assertThat(probe.asked).hasSize(1);
    assertThat(p.status().phase()).isEqualTo(Phase.Launching);
    assertThat(p.actions()).isNotEmpty();
  }

  @Test
  void aRunningAttemptIsNotFailedByTheCheck() {
    var launched = plan(new ScriptedProbe(Optional.of(MEASURED)), withUrlPattern("^https?://"), T0);

    var p =
        plan(ScriptedProbe.refusing(), withUrlPattern("["), launched.status(), T0.plusSeconds(5));

    assertThat(p.status().phase()).isNotEqualTo(Phase.Failed);
    assertThat(p.status().attempts()).hasSize(1);
  }
}
