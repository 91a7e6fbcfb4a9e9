#!/usr/bin/env bash
# Builds the deploy tools (kustomize, helm; kind on request) from their Go modules through the Go module
# proxy, and takes Argo CD's CRDs from its Go module, into a versioned cache directory; prints it:
#   ${SCRAPEBATCH_TOOLS_DIR:-${XDG_CACHE_HOME:-~/.cache}/scrapebatch/tools}/
# Binaries already present are not rebuilt. No binary download and no container engine are needed.
#
#   deploy/hack/build-tools.sh              # kustomize + helm
#   deploy/hack/build-tools.sh kind         # kind as well (for `make e2e-kind`)
set -euo pipefail

KUSTOMIZE_VERSION=${KUSTOMIZE_VERSION:-v5.8.1}
HELM_VERSION=${HELM_VERSION:-v3.20.2}
# The Kubernetes minor of the client-go helm $HELM_VERSION requires (its go.mod: k8s.io/client-go v0.35.1).
HELM_K8S_MINOR=${HELM_K8S_MINOR:-35}
KIND_VERSION=${KIND_VERSION:-v0.31.0}
# Argo CD's Application CRD, to validate deploy/argocd/*-application.yaml (the Go module carries it).
ARGOCD_VERSION=${ARGOCD_VERSION:-v3.3.19}
TOOLS_DIR=${SCRAPEBATCH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/scrapebatch/tools}

log() { printf '[deploy-tools] %s\n' "$*" >&2; }

# go_install <name> <module path>@<version> [ldflags]: installs into $TOOLS_DIR/<name>-<version>/.
go_install() {
  local name=$1 pkg=$2 ldflags=${3:-}
  local version=${pkg##*@} dir="$TOOLS_DIR/$name-${pkg##*@}"
  if [[ -x "$dir/$name" ]]; then
    ln -sfn "$name-$version/$name" "$TOOLS_DIR/$name"
    return 0
  fi
  command -v go >/dev/null || { log "Go is required to build $name (https://go.dev/dl)"; exit 1; }
  log "building $name $version from $pkg (first time takes minutes on 2 cores)"
  local started=$SECONDS
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  GOBIN="$dir.tmp" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" go install -ldflags "-s -w $ldflags" "$pkg"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  ln -sfn "$name-$version/$name" "$TOOLS_DIR/$name"
  log "built $name $version in $((SECONDS - started))s"
}

# argocd_crds: the CRDs from Argo CD's Go module (a download through the module proxy, no build).
argocd_crds() {
  local dir="$TOOLS_DIR/argocd-$ARGOCD_VERSION"
  [[ -f "$dir/application-crd.yaml" ]] && return 0
  command -v go >/dev/null || { log "Go is required to fetch Argo CD's CRDs (https://go.dev/dl)"; exit 1; }
  log "fetching Argo CD $ARGOCD_VERSION's CRDs from its Go module"
  local module tmp json
  tmp=$(mktemp -d)
  json=$(cd "$tmp" && go mod download -json "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION") \
    || { log "go mod download failed: $json"; exit 1; }
  module=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
  rmdir "$tmp"
  [[ -f "$module/manifests/crds/application-crd.yaml" ]] || { log "no CRDs in $module"; exit 1; }
  mkdir -p "$dir.tmp"
  cp "$module"/manifests/crds/*-crd.yaml "$dir.tmp/"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  ln -sfn "argocd-$ARGOCD_VERSION" "$TOOLS_DIR/argocd"
}

main() {
  mkdir -p "$TOOLS_DIR"
  go_install kustomize "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
  # As helm's Makefile does: its version, and the Kubernetes version `helm template` assumes for
  # .Capabilities (that of the client-go it is built with) instead of the 1.20 fallback.
  local h=helm.sh/helm/v3
  go_install helm "$h/cmd/helm@$HELM_VERSION" "-X $h/internal/version.version=$HELM_VERSION \
    -X $h/internal/version.gitTreeState=clean \
    -X $h/pkg/chartutil.k8sVersionMajor=1 -X $h/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR \
    -X $h/pkg/lint/rules.k8sVersionMajor=1 -X $h/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR"
  argocd_crds
  ln -sfn "argocd-$ARGOCD_VERSION" "$TOOLS_DIR/argocd"
  if [[ " $* " == *" kind "* ]]; then
    go_install kind "sigs.k8s.io/kind@$KIND_VERSION"
  fi
  echo "$TOOLS_DIR"
}

main "$@"
