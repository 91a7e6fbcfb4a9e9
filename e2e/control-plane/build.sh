#!/usr/bin/env bash
# Builds the real control-plane binaries (kube-apiserver, kube-controller-manager, kubectl, etcd) from
# their Go modules through the Go module proxy, into the directory fabric8 kube-api-test reads:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/
# No container engine or binary download is needed. Binaries already present are not rebuilt; the Go
# module and build caches make a rebuild after `make clean` cheap.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.35.4}
ETCD_VERSION=${ETCD_VERSION:-3.5.35}
DEST=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64
WORK=${CONTROL_PLANE_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/scrapebatch/control-plane}
K8S_BINARIES=(kube-apiserver kubectl kube-controller-manager)

log() { printf '[control-plane] %s\n' "$*" >&2; }

missing() {
  local b
  for b in "$@"; do [[ -x "$DEST/$b" ]] || return 0; done
  return 1
}

# k8s.io/kubernetes is not meant to be a dependency: its go.mod points every k8s.io staging module at
# ./staging. A wrapper module requires it and replaces each staging module with its published v0.Y.Z.
k8s_wrapper() {
  local dir="$WORK/k8s-$K8S_VERSION" minor_patch="${K8S_VERSION#1.}"
  mkdir -p "$dir"
  if [[ ! -f "$dir/go.mod" ]]; then
    local staging
    staging=$(curl -fsSL "$(go env GOPROXY | cut -d, -f1)/k8s.io/kubernetes/@v/v${K8S_VERSION}.mod" \
      | awk '$2 == "=>" && $3 ~ /^\.\/staging\// {print $1}')
    [[ -n "$staging" ]] || { log "could not read the staging modules of k8s.io/kubernetes v$K8S_VERSION"; exit 1; }
    {
      echo "module scrapebatch.io/controlplane"
      echo
      echo "go 1.25.0"
      echo
      echo "require k8s.io/kubernetes v${K8S_VERSION}"
      echo
      echo "replace ("
      for m in $staging; do echo "	$m => $m v0.${minor_patch}"; done
      echo ")"
    } >"$dir/go.mod.tmp"
    mv "$dir/go.mod.tmp" "$dir/go.mod"
  fi
  echo "$dir"
}

version_ldflags() {
  local major=${K8S_VERSION%%.*} rest=${K8S_VERSION#*.}
  local minor=${rest%%.*} flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=v${K8S_VERSION} -X $pkg.gitMajor=${major} -X $pkg.gitMinor=${minor}"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$flags"
}

build_k8s() {
  local dir b
  dir=$(k8s_wrapper)
  for b in "${K8S_BINARIES[@]}"; do
    [[ -x "$DEST/$b" ]] && continue
    log "building $b v$K8S_VERSION (first time takes many minutes on 2 cores)"
    (cd "$dir" && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "$(version_ldflags)" \
      -o "$DEST/$b.tmp" "k8s.io/kubernetes/cmd/$b")
    mv "$DEST/$b.tmp" "$DEST/$b"
  done
}

build_etcd() {
  [[ -x "$DEST/etcd" ]] && return 0
  local dir="$WORK/etcd-$ETCD_VERSION"
  mkdir -p "$dir"
  [[ -f "$dir/go.mod" ]] || printf 'module scrapebatch.io/etcd\n\ngo 1.24.0\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' \
    "$ETCD_VERSION" >"$dir/go.mod"
  log "building etcd v$ETCD_VERSION"
  (cd "$dir" && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "-s -w" -o "$DEST/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$DEST/etcd.tmp" "$DEST/etcd"
}

main() {
  command -v go >/dev/null || { log "Go is required (https://go.dev/dl)"; exit 1; }
  mkdir -p "$DEST"
  if ! missing "${K8S_BINARIES[@]}" etcd; then
    log "binaries present in $DEST"
  else
    build_etcd
    build_k8s
  fi
  "$DEST/kube-apiserver" --version >&2
  "$DEST/etcd" --version | sed -n 1p >&2
}

main "$@"
