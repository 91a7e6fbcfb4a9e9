package io.scrapebatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.operator.app.Main;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * The manifests against the operator they deploy: every environment variable the Deployments set is
 * one {@link Main} reads (a typo would be silently ignored), the defaults they spell out are
 * Main's, and the Helm chart renders the same operator as the kustomize base.
 */
class OperatorSettingsContractIT {
  /** Set for the JVM and Spark, not read by Main. */
  static final Set<String> RUNTIME_ENV = Set.of("SPARK_USER", "JAVA_TOOL_OPTIONS");

  static Map<String, String> mainDefaults;
  static List<Map<String, Object>> kustomizeBase;
  static List<Map<String, Object>> helmDefaults;

  @BeforeAll
  static void render() {
    mainDefaults = mainEnvDefaults();
    kustomizeBase = Yaml.documents(Tools.kustomizeBuild("base"));
    helmDefaults =
        Yaml.documents(
            Tools.helmTemplate(
                "scrapebatch-operator",
                "scrapebatch-system",
                "--set",
                "driver.rbac.namespaces={team-a}"));
  }

  /** NAME → default of every {@code ${env:NAME:-default}} option of Main. */
  static Map<String, String> mainEnvDefaults() {
    var pattern = Pattern.compile("\\$\\{env:([A-Z0-9_]+):-(.*)}");
    var defaults = new LinkedHashMap<String, String>();
    for (var field : Main.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        var m = pattern.matcher(option.defaultValue());
        if (m.matches()) {
          defaults.put(m.group(1), m.group(2));
        }
      }
    }
    return defaults;
  }

  @Test
  void mainReadsTheSettingsTheManifestsAreWrittenFor() {
    assertThat(mainDefaults)
        .containsKeys(
            "WATCH_NAMESPACES",
            "JOB_IMAGE",
            "DRIVER_SERVICE_ACCOUNT",
            "HTTP_PORT",
            "LEADER_ELECTION",
            "POD_NAMESPACE",
            "POD_NAME");
  }

  @Test
  void everyVariableTheDeploymentsSetIsOneTheOperatorReads() {
    var renders =
        Map.of(
            "kustomize base", kustomizeBase,
            "kustomize overlays/dev", Yaml.documents(Tools.kustomizeBuild("overlays/dev")),
            "kustomize overlays/production",
                Yaml.documents(Tools.kustomizeBuild("overlays/production")),
            "kustomize overlays/kind", Yaml.documents(Tools.kustomizeBuild("overlays/kind")),
            "helm defaults", helmDefaults);
    renders.forEach(
        (name, docs) ->
            assertThat(env(docs).keySet())
                .as(name)
                .allSatisfy(
                    variable ->
                        assertThat(
                                mainDefaults.containsKey(variable)
                                    || RUNTIME_ENV.contains(variable))
                            .as("%s sets %s, which the operator does not read", name, variable)
                            .isTrue()));
  }

  @Test
  void theBaseAndTheChartSpellOutTheOperatorsOwnDefaults() {
    for (var docs : List.of(kustomizeBase, helmDefaults)) {
      env(docs)
          .forEach(
              (variable, value) -> {
                if (value != null && mainDefaults.containsKey(variable)) {
                  assertThat(value).as(variable).isEqualTo(mainDefaults.get(variable));
                }
              });
    }
    assertThat(env(helmDefaults).keySet())
        .as("the chart exposes every setting")
        .containsAll(mainDefaults.keySet());
  }

  @Test
  void theChartRendersTheSameOperatorAsTheKustomizeBase() {
    assertThat(rules(helmDefaults, "ClusterRole", "scrapebatch-operator"))
        .isEqualTo(rules(kustomizeBase, "ClusterRole", "scrapebatch-operator"));
    assertThat(rules(helmDefaults, "Role", "scrapebatch-operator-leases"))
        .isEqualTo(rules(kustomizeBase, "Role", "scrapebatch-operator-leases"));
    assertThat(rules(helmDefaults, "Role", "scrapebatch-driver"))
        .isEqualTo(
            rules(
                Yaml.documents(Tools.kustomizeBuild("batch-namespace")),
                "Role",
                "scrapebatch-driver"));

    var helmPod = podSpec(helmDefaults);
    var basePod = podSpec(kustomizeBase);
    for (String key :
        List.of(
            "securityContext", "volumes", "serviceAccountName", "terminationGracePeriodSeconds")) {
      assertThat(helmPod.get(key)).as(key).isEqualTo(basePod.get(key));
    }
    Map<String, Object> helmContainer = container(helmDefaults);
    Map<String, Object> baseContainer = container(kustomizeBase);
    for (String key :
        List.of(
            "image",
            "imagePullPolicy",
            "ports",
            "startupProbe",
            "livenessProbe",
            "readinessProbe",
            "resources",
            "securityContext",
            "volumeMounts")) {
      assertThat(helmContainer.get(key)).as(key).isEqualTo(baseContainer.get(key));
    }
    assertThat(strategy(helmDefaults)).isEqualTo(strategy(kustomizeBase));
  }

  static Map<String, Object> deployment(List<Map<String, Object>> docs) {
    return docs.stream().filter(d -> Yaml.kind(d).equals("Deployment")).findFirst().orElseThrow();
  }

  static Map<String, Object> podSpec(List<Map<String, Object>> docs) {
    return Yaml.at(deployment(docs), "spec", "template", "spec");
  }

  static Map<String, Object> container(List<Map<String, Object>> docs) {
    List<Map<String, Object>> containers = Yaml.at(podSpec(docs), "containers");
    return containers.get(0);
  }

  static Object strategy(List<Map<String, Object>> docs) {
    return Yaml.at(deployment(docs), "spec", "strategy");
  }

  /** The container's env as name → literal value (null for valueFrom). */
  static Map<String, String> env(List<Map<String, Object>> docs) {
    List<Map<String, Object>> env = Yaml.at(container(docs), "env");
    var values = new LinkedHashMap<String, String>();
    env.forEach(
        e ->
            values.put(
                (String) e.get("name"),
                e.containsKey("value") ? String.valueOf(e.get("value")) : null));
    return values;
  }

  static Object rules(List<Map<String, Object>> docs, String kind, String name) {
    var found =
        docs.stream()
            .filter(d -> Yaml.kind(d).equals(kind) && Yaml.name(d).equals(name))
            .map(d -> d.get("rules"))
            .collect(Collectors.toList());
    assertThat(found).as("%s/%s", kind, name).hasSize(1);
    return found.get(0);
  }
}
