package io.scrapebatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Kustomize loads nothing outside its root and Helm installs CRDs from the chart's own crds/
 * folder, so both carry a copy of the generated CRD; `make manifests` refreshes them.
 */
class CommittedCopiesTest {
  static final String CRD = "scrapebatches.scrapebatch.io-v1.yml";

  @Test
  void theKustomizeBaseCarriesTheGeneratedCrd() {
    assertThat(Repo.read(Repo.deploy("base/crd/" + CRD)))
        .as("deploy/base/crd/%s differs from crds/%s: run `make manifests`", CRD, CRD)
        .isEqualTo(Repo.read(Repo.root("crds/" + CRD)));
  }

  @Test
  void theHelmChartCarriesTheGeneratedCrd() {
    assertThat(Repo.read(Repo.deploy("helm/scrapebatch-operator/crds/" + CRD)))
        .as(
            "deploy/helm/scrapebatch-operator/crds/%s differs from crds/%s: run `make manifests`",
            CRD, CRD)
        .isEqualTo(Repo.read(Repo.root("crds/" + CRD)));
  }
}
