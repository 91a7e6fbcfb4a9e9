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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what users must see as Kubernetes Events on the batch ({@code kubectl describe sb}). Off
 * the reconciliation's path: an event is best effort (the status holds the same facts), so a slow
 * API server delays events, never launches.
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String CONTROLLER = "scrapebatch.io/operator";
  private static final DateTimeFormatter MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "event-recorder");
            t.setDaemon(true);
            return t;
          });

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
                        eventPrefix(meta.getName()),
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
    writer.execute(
        () -> {
          try {
            client.events().v1().events().inNamespace(meta.getNamespace()).resource(event).create();
          } catch (KubernetesClientException e) {
            LOG.warn(
                "could not record event {} on {}: {}",
                note.reason(),
                meta.getName(),
                e.getMessage());
          }
        });
  }

  /** Writes the events still queued (for a few seconds at most), then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * An Event's name is a DNS subdomain (≤ 253) like the batch's: a long batch name leaves no room
   * for the unique suffix, so it is cut (the Event's {@code regarding} names the batch in full).
   */
  static String eventPrefix(String batchName) {
    return batchName.length() <= 200
        ? batchName
        : batchName.substring(0, 200).replaceAll("[-.]+$", "");
  }

  /** events.k8s.io/v1 notes are limited to 1 KiB. */
  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1020) + "…";
  }
}
