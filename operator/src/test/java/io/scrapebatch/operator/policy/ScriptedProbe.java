package io.scrapebatch.operator.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An input probe that answers with one prepared result and records what it was asked; without a
 * result it refuses, so a test fails when the lifecycle measures where it should not.
 */
final class ScriptedProbe implements InputProbe {
  private final Optional<ProbeResult> answer;
  final List<String> asked = new ArrayList<>();

  ScriptedProbe(Optional<ProbeResult> answer) {
    this.answer = answer;
  }

  static ScriptedProbe refusing() {
    return new ScriptedProbe(Optional.empty());
  }

  @Override
  public boolean supports(String uri) {
    return answer.isPresent();
  }

  @Override
  public ProbeResult measure(String uri) {
    asked.add(uri);
    return answer.orElseThrow(
        () -> new UnsupportedOperationException("the lifecycle measured " + uri + " unasked"));
  }
}
