#!/usr/bin/env bash
# Builds the operator and job images from what Maven packaged (`make image` runs Maven first):
#   operator/target/scrapebatch-operator.jar + operator/target/lib/
#   etl-job/target/scrapebatch-etl-job-<version>.jar + etl-job/target/job-deps/
# Each image gets a small staged context under target/images/ (not the whole repository).
#   IMAGE_REPO (ghcr.io/scrapebatch)  IMAGE_TAG (dev)  DOCKER (docker; podman works)
#   IMAGES ("operator etl-job")       DOCKER_BUILD_ARGS (extra `build` arguments)
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE_REPO=${IMAGE_REPO:-ghcr.io/scrapebatch}
IMAGE_TAG=${IMAGE_TAG:-dev}
DOCKER=${DOCKER:-docker}
IMAGES=${IMAGES:-operator etl-job}
STAGE=target/images

log() { printf '[image] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

command -v "$DOCKER" >/dev/null || die "$DOCKER not found: building images needs Docker or Podman (DOCKER=podman)"

stage_operator() {
  local dir=$STAGE/operator
  [[ -f operator/target/scrapebatch-operator.jar && -d operator/target/lib ]] \
    || die "operator/target/scrapebatch-operator.jar or lib/ missing: run mvn -pl operator -am package"
  rm -rf "$dir" && mkdir -p "$dir"
  cp deploy/images/operator/Dockerfile "$dir/"
  cp operator/target/scrapebatch-operator.jar "$dir/"
  cp -r operator/target/lib "$dir/lib"
  echo "$dir"
}

stage_etl_job() {
  local dir=$STAGE/etl-job jars
  mapfile -t jars < <(find etl-job/target -maxdepth 1 -name 'scrapebatch-etl-job-*.jar' \
    ! -name '*-sources.jar' ! -name '*-tests.jar' ! -name '*-javadoc.jar')
  ((${#jars[@]} == 1)) || die "expected one etl-job/target/scrapebatch-etl-job-<version>.jar, found ${#jars[@]}: run mvn -pl etl-job -am package"
  [[ -d etl-job/target/job-deps ]] || die "etl-job/target/job-deps/ missing: run mvn -pl etl-job -am package"
  rm -rf "$dir" && mkdir -p "$dir"
  cp deploy/images/etl-job/Dockerfile "$dir/"
  cp "${jars[0]}" "$dir/scrapebatch-etl-job.jar"
  cp -r etl-job/target/job-deps "$dir/job-deps"
  echo "$dir"
}

for image in $IMAGES; do
  case $image in
    operator) context=$(stage_operator) ;;
    etl-job) context=$(stage_etl_job) ;;
    *) die "unknown image $image (operator, etl-job)" ;;
  esac
  ref="$IMAGE_REPO/scrapebatch-$image:$IMAGE_TAG"
  log "building $ref from $context"
  # shellcheck disable=SC2086
  "$DOCKER" build ${DOCKER_BUILD_ARGS:-} -t "$ref" "$context"
  echo "$ref"
done
