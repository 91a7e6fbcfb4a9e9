package io.scrapebatch.operator.app;

import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.operator.resources.DriverSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything configurable about the operator, read once in {@link Main} and passed down; nothing
 * below reads the environment.
 *
 * @param namespaces namespaces to watch; empty watches all
 * @param concurrency reconciliations running at once
 * @param skewRatioThreshold slowest/median task time above which a stage counts as skewed
 * @param storage object-storage settings for batches that do not set their own
 * @param operatorNamespace where the operator keeps its Leases: the table locks, and the leader's
 * @param httpPort port of /metrics, /healthz and /readyz (0 picks a free port)
 * @param leaderElection the Lease to hold when several replicas run
 * @param identity this replica's name in events and the Lease (the pod name in a cluster)
 */
public record OperatorSettings(
    Set<String> namespaces,
    int concurrency,
    DriverSettings driver,
    SizingRules sizing,
    double skewRatioThreshold,
    StorageSettings storage,
    String operatorNamespace,
    int httpPort,
    Optional<LeaderElection> leaderElection,
    String identity) {

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  /**
   * A Lease in a namespace; only its holder reconciles.
   *
   * @param exitOnStopLeading exit the process on losing the lease (in a pod: a clean restart into
   *     standby); false keeps the JVM, for tests running several replicas in one
   */
  public record LeaderElection(
      String leaseName,
      String leaseNamespace,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean exitOnStopLeading) {

    public static LeaderElection standard(String leaseName, String leaseNamespace) {
      return new LeaderElection(
          leaseName,
          leaseNamespace,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          true);
    }
  }
}
