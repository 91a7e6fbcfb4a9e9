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
  final List<InputLocation> locations = new ArrayList<>();

  ScriptedProbe(Optional<ProbeResult> answer) {
    this.answer = answer;
  }

  static ScriptedProbe refusing() {
    return new ScriptedProbe(Optional.empty());
  }

  @Override
  public ProbeResult measure(InputLocation location) {
    asked.add(location.uri());
    locations.add(location);
    return answer.orElseThrow(
        () ->
            new UnsupportedOperationException(
                "the lifecycle measured " + location.uri() + " unasked"));
  }
}
