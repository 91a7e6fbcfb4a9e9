package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.operator.policy.PodObservation;
import io.scrapebatch.operator.policy.PodRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Pod-status samples under {@code src/test/resources/pod-samples/<case>/}. */
public final class PodSamples {
  public static List<PodObservation> load(String sample) {
    List<PodObservation> pods = new ArrayList<>();
    pods.add(PodObservations.from(pod(sample, "driver.json")));
    for (int i = 1; i <= 8; i++) {
      var stream = PodSamples.class.getResourceAsStream(path(sample, "executor-" + i + ".json"));
      if (stream == null) {
        break;
      }
      pods.add(PodObservations.from(read(stream)));
    }
    return pods;
  }

  public static PodObservation driver(List<PodObservation> pods) {
    return pods.stream().filter(p -> p.role() == PodRole.DRIVER).findFirst().orElseThrow();
  }

  public static List<PodObservation> executors(List<PodObservation> pods) {
    return pods.stream().filter(p -> p.role() == PodRole.EXECUTOR).toList();
  }

  public static Pod pod(String sample, String file) {
    return read(PodSamples.class.getResourceAsStream(path(sample, file)));
  }

  private static String path(String sample, String file) {
    return "/pod-samples/" + sample + "/" + file;
  }

  private static Pod read(InputStream in) {
    try (in) {
      return Serialization.unmarshal(in, Pod.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PodSamples() {}
}
