#!/usr/bin/env bash
# Refreshes the copies deploy/ carries of files generated or kept elsewhere (`make manifests`):
# - the CRD (crds/scrapebatches.scrapebatch.io-v1.yml) into the kustomize base and the Helm chart:
#   kustomize loads nothing outside its root, and Helm installs CRDs from the chart's crds/ folder;
# - health.lua into argocd-cm-health.yaml.
# CommittedCopiesTest and ArgoCdHealthCheckTest fail when a copy is stale.
set -euo pipefail
cd "$(dirname "$0")/../.."

crd=crds/scrapebatches.scrapebatch.io-v1.yml
for dest in deploy/base/crd deploy/helm/scrapebatch-operator/crds; do
  cp "$crd" "$dest/"
done

lua=deploy/argocd/resource_customizations/scrapebatch.io/ScrapeBatch/health.lua
cm=deploy/argocd/argocd-cm-health.yaml
key='  resource.customizations.health.scrapebatch.io_ScrapeBatch: |'
{
  sed -n "1,/^${key//./\\.}\$/p" "$cm"
  sed 's/^\(.\)/    \1/' "$lua"
} >"$cm.tmp"
mv "$cm.tmp" "$cm"
echo "refreshed the CRD copies and $cm"
