#!/usr/bin/env bash
# `make e2e-kind`: the end-to-end scenarios (*E2E in module e2e) against a real kind cluster.
#   1. builds kind, kustomize (and helm) from their Go modules (cached; deploy/hack/build-tools.sh)
#   2. creates the kind cluster of e2e/kind/cluster.yaml (reused when it exists)
#   3. builds the images (`make image`, tag dev) and loads them onto the nodes
#   4. installs deploy/overlays/kind with kustomize (server-side apply) and waits for the operator
#   5. runs: E2E_CLUSTER=kubeconfig KUBECONFIG=<kind> mvn -pl e2e -am verify -Dit.test='*E2E'
# On failure it saves cluster state and logs in target/kind/diagnostics/.
#
# `e2e/kind/run.sh down` (`make e2e-kind-down`) deletes the cluster and the data it left.
# Needs Docker (or Podman: KIND_EXPERIMENTAL_PROVIDER=podman DOCKER=podman), Go, Java 17, Maven.
# Settings (environment): KIND_CLUSTER (scrapebatch), KIND_DELETE=1 (delete the cluster afterwards),
# SKIP_IMAGE=1 (use the images already built), E2E_ARGS (more Maven arguments).
set -euo pipefail
cd "$(dirname "$0")/../.."

KIND_CLUSTER=${KIND_CLUSTER:-scrapebatch}
DOCKER=${DOCKER:-docker}
IMAGE_REPO=${IMAGE_REPO:-ghcr.io/scrapebatch}
IMAGE_TAG=dev # the tag deploy/overlays/kind runs
# The folder kind nodes, operator and job pods share, at the same path everywhere
# (e2e/kind/cluster.yaml, deploy/overlays/kind/data.yaml).
DATA_DIR=/tmp/scrapebatch-kind-data
E2E_NAMESPACE=scrapebatch-e2e
OUT=target/kind
KUBECONFIG_FILE=$PWD/$OUT/kubeconfig
started=$SECONDS

log() { printf '\n==> [%4ss] %s\n' "$((SECONDS - started))" "$*" >&2; }
die() { printf '[e2e-kind] %s\n' "$*" >&2; exit 1; }

tools() {
  command -v "$DOCKER" >/dev/null || die "$DOCKER not found: make e2e-kind needs Docker (or DOCKER=podman)"
  "$DOCKER" info >/dev/null 2>&1 || die "$DOCKER is installed but its daemon does not answer"
  TOOLS=$(bash deploy/hack/build-tools.sh kind)
  KIND=$TOOLS/kind
  KUSTOMIZE=$TOOLS/kustomize
  # kubectl: yours, or the one `make control-plane` built.
  KUBECTL=${KUBECTL:-$(command -v kubectl || true)}
  if [[ -z "$KUBECTL" ]]; then
    KUBECTL=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION:-1.35.4}-linux-amd64/kubectl
    [[ -x "$KUBECTL" ]] || die "no kubectl: install one or run make control-plane"
  fi
}

k() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

cluster_exists() { "$KIND" get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; }

# Files the job pods wrote belong to uid 185; remove them from inside a node, which runs as root.
clean_data() {
  if cluster_exists; then
    "$DOCKER" exec "$KIND_CLUSTER-control-plane" sh -c "rm -rf $DATA_DIR/* $DATA_DIR/.[!.]*" || true
  else
    rm -rf "${DATA_DIR:?}"/* 2>/dev/null || true
  fi
}

create_cluster() {
  mkdir -p "$DATA_DIR" "$OUT"
  # Operator (uid 65532), job pods (uid 185) and the tests (you) all write here.
  chmod 0777 "$DATA_DIR"
  if cluster_exists; then
    log "reusing kind cluster $KIND_CLUSTER"
    "$KIND" get kubeconfig --name "$KIND_CLUSTER" >"$KUBECONFIG_FILE"
  else
    log "creating kind cluster $KIND_CLUSTER (e2e/kind/cluster.yaml)"
    "$KIND" create cluster --name "$KIND_CLUSTER" --config e2e/kind/cluster.yaml \
      --kubeconfig "$KUBECONFIG_FILE" --wait 180s
  fi
  clean_data
}

load_images() {
  if [[ "${SKIP_IMAGE:-}" != 1 ]]; then
    log "building images (make image IMAGE_TAG=$IMAGE_TAG)"
    make image IMAGE_REPO="$IMAGE_REPO" IMAGE_TAG="$IMAGE_TAG" DOCKER="$DOCKER"
  fi
  log "loading images onto the nodes"
  "$KIND" load docker-image --name "$KIND_CLUSTER" \
    "$IMAGE_REPO/scrapebatch-operator:$IMAGE_TAG" "$IMAGE_REPO/scrapebatch-etl-job:$IMAGE_TAG"
}

install() {
  log "installing deploy/overlays/kind"
  "$KUSTOMIZE" build deploy/overlays/kind >"$OUT/manifests.yaml"
  k apply --server-side --force-conflicts -f "$OUT/manifests.yaml"
  k wait --for=condition=Established --timeout=60s crd/scrapebatches.scrapebatch.io
  # A new image under the same tag: restart so that the pods run it.
  k -n scrapebatch-system rollout restart deployment/scrapebatch-operator
  k -n scrapebatch-system rollout status deployment/scrapebatch-operator --timeout=300s
  k -n "$E2E_NAMESPACE" wait --for=jsonpath='{.status.phase}'=Bound pvc/scrapebatch-data --timeout=60s
}

run_scenarios() {
  log "running the *E2E scenarios against kind"
  # The scenarios take their cluster from KUBECONFIG when E2E_CLUSTER=kubeconfig; the others tell
  # them where batches run and where the shared data is (see e2e/kind/README.md).
  # shellcheck disable=SC2086
  E2E_CLUSTER=kubeconfig KUBECONFIG="$KUBECONFIG_FILE" \
    E2E_NAMESPACE="$E2E_NAMESPACE" E2E_DATA_DIR="$DATA_DIR" E2E_DATA_CLAIM=scrapebatch-data \
    E2E_JOB_IMAGE="$IMAGE_REPO/scrapebatch-etl-job:$IMAGE_TAG" \
    mvn -B -ntp -pl e2e -am verify -Dit.test='*E2E' \
      -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
      ${E2E_ARGS:-}
}

diagnostics() {
  local dir=$OUT/diagnostics
  log "saving cluster state to $dir"
  mkdir -p "$dir"
  k get nodes,all,pvc,pv,events -A -o wide >"$dir/overview.txt" 2>&1 || true
  k get scrapebatches -A -o yaml >"$dir/scrapebatches.yaml" 2>&1 || true
  k describe pods -A >"$dir/pods-described.txt" 2>&1 || true
  k -n scrapebatch-system logs deployment/scrapebatch-operator --all-containers --prefix \
    --tail=-1 >"$dir/operator.log" 2>&1 || true
  for pod in $(k -n "$E2E_NAMESPACE" get pods -o name 2>/dev/null); do
    k -n "$E2E_NAMESPACE" logs "$pod" --all-containers >"$dir/${pod#pod/}.log" 2>&1 || true
  done
  "$KIND" export logs --name "$KIND_CLUSTER" "$dir/kind" >/dev/null 2>&1 || true
}

down() {
  KIND=$(bash deploy/hack/build-tools.sh kind)/kind
  clean_data
  if cluster_exists; then
    "$KIND" delete cluster --name "$KIND_CLUSTER"
  fi
  rmdir "$DATA_DIR" 2>/dev/null || true
}

finish() {
  local status=$?
  ((status == 0)) || diagnostics
  if [[ "${KIND_DELETE:-}" == 1 ]]; then
    down
  else
    log "cluster $KIND_CLUSTER kept (KUBECONFIG=$KUBECONFIG_FILE); make e2e-kind-down deletes it"
  fi
  exit "$status"
}

main() {
  if [[ "${1:-}" == down ]]; then
    down
    return
  fi
  tools
  create_cluster
  trap finish EXIT
  load_images
  install
  run_scenarios
}

main "$@"
