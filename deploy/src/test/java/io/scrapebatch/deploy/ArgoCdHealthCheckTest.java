package io.scrapebatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.deploy.ArgoCdLua.HealthStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ScrapeBatch health check in Argo CD's resource_customizations layout, run like Argo CD's own
 * health test (util/lua/health_test.go): every case of health_test.yaml, the exact status and
 * message.
 */
class ArgoCdHealthCheckTest {
  static final Path DIR = Repo.deploy("argocd/resource_customizations/scrapebatch.io/ScrapeBatch");
  static final String SCRIPT = Repo.read(DIR.resolve("health.lua"));

  record Case(HealthStatus expected, String inputPath) {
    Map<String, Object> object() {
      return Yaml.document(Repo.read(DIR.resolve(inputPath)));
    }
  }

  static List<Case> cases() {
    List<Map<String, Object>> tests =
        Yaml.at(Yaml.document(Repo.read(DIR.resolve("health_test.yaml"))), "tests");
    return tests.stream()
        .map(
            t ->
                new Case(
                    new HealthStatus(
                        Yaml.at(t, "healthStatus", "status"),
                        Yaml.at(t, "healthStatus", "message")),
                    (String) t.get("inputPath")))
        .toList();
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGetsItsStatusAndMessageWithArgoCdsRestrictedLibraries() {
    var lua = new ArgoCdLua(SCRIPT, false);
    return cases().stream()
        .map(
            c ->
                dynamicTest(
                    c.inputPath() + " -> " + c.expected().status(),
                    () -> assertThat(lua.health(c.object())).contains(c.expected())));
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGetsTheSameWithOpenLibrariesAsInArgoCdsOwnTestHarness() {
    var lua = new ArgoCdLua(SCRIPT, true);
    return cases().stream()
        .map(
            c ->
                dynamicTest(
                    c.inputPath(),
                    () -> assertThat(lua.health(c.object())).contains(c.expected())));
  }

  @Test
  void everyTestdataFileIsACaseAndEveryCaseHasItsFile() throws IOException {
    List<String> files;
    try (var list = Files.list(DIR.resolve("testdata"))) {
      files = list.map(p -> "testdata/" + p.getFileName()).sorted().toList();
    }
    assertThat(cases()).extracting(Case::inputPath).containsExactlyInAnyOrderElementsOf(files);
    assertThat(cases())
        .extracting(c -> c.expected().status())
        .allSatisfy(s -> assertThat(ArgoCdLua.HEALTH_CODES).contains(s));
  }

  @Test
  void everyPhaseOfTheApiHasACase() {
    var phases =
        cases().stream()
            .map(c -> Optional.ofNullable((String) Yaml.at(c.object(), "status", "phase")))
            .flatMap(Optional::stream)
            .collect(Collectors.toSet());
    assertThat(phases).containsAll(Arrays.stream(Phase.values()).map(Phase::name).toList());
  }

  /**
   * A testdata object the current API cannot read would test a status the operator never writes.
   */
  @Test
  void everyTestdataObjectIsAScrapeBatchOfTheCurrentApi() {
    var strict =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();
    assertThat(cases())
        .allSatisfy(
            c -> {
              ScrapeBatch sb;
              try {
                sb = strict.readValue(Repo.read(DIR.resolve(c.inputPath())), ScrapeBatch.class);
              } catch (IOException e) {
                throw new UncheckedIOException(c.inputPath(), e);
              }
              assertThat(sb.getKind()).isEqualTo("ScrapeBatch");
              assertThat(sb.getSpec()).isNotNull();
            });
  }

  @Test
  void aFailedBatchWithoutAMessageIsStillDegraded() {
    var failed =
        new HashMap<>(
            Yaml.document(Repo.read(DIR.resolve("testdata/failed-attempts-exhausted.yaml"))));
    Map<String, Object> status = new HashMap<>(Yaml.at(failed, "status"));
    status.remove("message");
    failed.put("status", status);

    assertThat(new ArgoCdLua(SCRIPT, false).health(failed))
        .contains(new HealthStatus("Degraded", "Failed"));
  }

  @Test
  void theHarnessRejectsWhatArgoCdRejects() {
    var usesString = new ArgoCdLua("return {status = string.upper('healthy')}", false);
    // No string library, and no string methods, in a health check from argocd-cm.
    assertThatThrownBy(() -> usesString.health(Map.of())).hasMessageContaining("attempt to index");
    assertThatThrownBy(() -> new ArgoCdLua("return ('x'):upper()", false).health(Map.of()))
        .hasMessageContaining("attempt to index");
    assertThat(new ArgoCdLua("return {status = string.upper('healthy')}", true).health(Map.of()))
        .contains(new HealthStatus("Unknown", "Lua returned an invalid health status"));
    assertThat(new ArgoCdLua("return {status = 'Fine'}", false).health(Map.of()))
        .contains(new HealthStatus("Unknown", "Lua returned an invalid health status"));
    assertThatThrownBy(() -> new ArgoCdLua("while true do end", false).health(Map.of()))
        .hasMessageContaining("1 s");
  }

  @Test
  void theArgoCdConfigMapPatchCarriesExactlyThisScript() {
    var cm = Yaml.document(Repo.read(Repo.deploy("argocd/argocd-cm-health.yaml")));
    Map<String, String> data = Yaml.at(cm, "data");
    assertThat(data)
        .containsEntry("resource.customizations.health.scrapebatch.io_ScrapeBatch", SCRIPT);
  }
}
