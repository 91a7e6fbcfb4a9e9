package io.scrapebatch.operator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrapebatch.api.job.JobContract;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.Progress;
import java.util.Optional;

/** Reads what the job leaves on its driver pod: the termination report and live progress. */
final class JobOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The job's report, when the termination message is one (not a log tail). */
  static Optional<TerminationReport> report(PodObservation driver) {
    return driver
        .termination()
        .map(Termination::message)
        .map(String::strip)
        .filter(m -> m.startsWith("{"))
        .flatMap(
            m -> {
              try {
                return Optional.of(TerminationReport.fromJson(m));
              } catch (Exception notAReport) {
                return Optional.empty();
              }
            });
  }

  static Optional<Progress> progress(PodObservation driver) {
    return Optional.ofNullable(driver.annotations().get(JobContract.PROGRESS_ANNOTATION))
        .flatMap(
            json -> {
              try {
                return Optional.of(JSON.readValue(json, Progress.class));
              } catch (Exception malformed) {
                return Optional.empty();
              }
            });
  }

  private JobOutput() {}
}
