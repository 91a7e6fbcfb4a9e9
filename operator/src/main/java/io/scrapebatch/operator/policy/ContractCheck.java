package io.scrapebatch.operator.policy;

import io.scrapebatch.api.job.ContractRules;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.util.stream.Collectors;

/**
 * Ends a run whose contract the job could not compile before anything is measured or launched: CEL
 * compiles neither a regular expression nor a datetime pattern, so the API server accepts them and
 * only Spark would fail, on every attempt. Checked with the job's own rules ({@link
 * ContractRules}); not retried, since no attempt can succeed with the same spec.
 */
final class ContractCheck {
  private static final String PATH = "spec.contract.";

  private ContractCheck() {}

  /** Only before the run's first attempt: a running driver finishes with the contract it has. */
  static Transition beforeFirstAttempt(BatchState state, BatchSnapshot s) {
    if (!state.attempts().isEmpty()) {
      return Transition.stay(state);
    }
    var problems = ContractRules.problems(s.spec().contract());
    if (problems.isEmpty()) {
      return Transition.stay(state);
    }
    String named = problems.stream().map(p -> p.describe(PATH)).collect(Collectors.joining("; "));
    return Transition.stay(state)
        .finish(Phase.Failed, FailureClass.BadConfiguration + ": " + named, s.now());
  }
}
