package io.scrapebatch.operator.input;

import io.scrapebatch.operator.policy.InputProbe;
import io.scrapebatch.operator.policy.ProbeResult;
import java.util.List;

/** Picks the probe for a URI's scheme; a scheme nobody measures is reported, not guessed. */
public final class InputProbes implements InputProbe {
  private final List<InputProbe> probes;

  public InputProbes(List<InputProbe> probes) {
    this.probes = List.copyOf(probes);
  }

  @Override
  public boolean supports(String uri) {
    return probes.stream().anyMatch(p -> p.supports(uri));
  }

  @Override
  public ProbeResult measure(String uri) {
    return probes.stream()
        .filter(p -> p.supports(uri))
        .findFirst()
        .map(p -> p.measure(uri))
        .orElseGet(
            () ->
                new ProbeResult.Unavailable(
                    "this operator cannot measure " + uri.replaceAll(":.*", ":") + " inputs yet"));
  }
}
