package io.scrapebatch.operator.input;

import io.scrapebatch.operator.policy.InputLocation;
import io.scrapebatch.operator.policy.InputProbe;
import io.scrapebatch.operator.policy.ProbeResult;
import java.util.List;

/** Picks the probe for a URI's scheme; a scheme nobody measures is reported, not guessed. */
public final class InputProbes implements InputProbe {
  private final List<LocalInputProbe> probes;

  public InputProbes(List<LocalInputProbe> probes) {
    this.probes = List.copyOf(probes);
  }

  @Override
  public ProbeResult measure(InputLocation location) {
    String uri = location.uri();
    return probes.stream()
        .filter(p -> p.supports(uri))
        .findFirst()
        .map(p -> p.measure(location))
        .orElseGet(
            () ->
                new ProbeResult.Unavailable(
                    "this operator cannot measure " + uri.replaceAll(":.*", ":") + " inputs yet"));
  }
}
