package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.operator.policy.Plan;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what users must see as Kubernetes Events on the batch ({@code kubectl describe sb}). */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String CONTROLLER = "scrapebatch.io/operator";
  private static final DateTimeFormatter MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  public void record(ScrapeBatch batch, Plan.Note note) {
    var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    var meta = batch.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            // kubectl's naming: <object>.<unique hex>; generateName cannot end in '.'.
            .withName(
                "%s.%x"
                    .formatted(
                        meta.getName(),
                        now.toEpochMilli() * 1000 + sequence.incrementAndGet() % 1000))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withRegarding(
                new ObjectReferenceBuilder()
                    .withApiVersion(batch.getApiVersion())
                    .withKind(batch.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(note.warning() ? "Warning" : "Normal")
            .withReason(note.reason())
            .withAction(note.reason())
            .withNote(truncate(note.message()))
            .withEventTime(new MicroTime(MICRO.format(now)))
            .withReportingController(CONTROLLER)
            .withReportingInstance(instance)
            .build();
    try {
      client.events().v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is best effort: the same facts are in the status.
      LOG.warn(
          "could not record event {} on {}: {}", note.reason(), meta.getName(), e.getMessage());
    }
  }

  /** events.k8s.io/v1 notes are limited to 1 KiB. */
  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1020) + "…";
  }
}
