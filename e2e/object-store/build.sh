#!/usr/bin/env bash
# Builds the S3-compatible server the tests run against, versitygw (Apache-2.0), from its Go module
# through the Go module proxy into a cache directory LocalObjectStore reads:
#   ${SCRAPEBATCH_OBJECT_STORE_DIR:-${XDG_CACHE_HOME:-~/.cache}/scrapebatch/object-store}/bin/versitygw
# A binary already present is not rebuilt; the Go module and build caches make a rebuild cheap.
set -euo pipefail

VERSITYGW_VERSION=${VERSITYGW_VERSION:-1.8.0}
DEST=${SCRAPEBATCH_OBJECT_STORE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/scrapebatch/object-store}/bin

log() { printf '[object-store] %s\n' "$*" >&2; }

main() {
  command -v go >/dev/null || { log "Go is required (https://go.dev/dl)"; exit 1; }
  mkdir -p "$DEST"
  if [[ -x "$DEST/versitygw" ]]; then
    log "binary present in $DEST"
  else
    log "building versitygw v$VERSITYGW_VERSION (first time takes about 3 minutes on 2 cores)"
    # GOBIN is a staging folder so a half-written binary never appears under the final name.
    local stage="$DEST/.stage"
    rm -rf "$stage"
    GOBIN="$stage" CGO_ENABLED=0 go install -trimpath -ldflags="-s -w" \
      "github.com/versity/versitygw/cmd/versitygw@v$VERSITYGW_VERSION"
    mv "$stage/versitygw" "$DEST/versitygw"
    rm -rf "$stage"
  fi
  # A module build carries no VCS stamp (its --version says "git"): check that it runs, name the tag.
  "$DEST/versitygw" --version >/dev/null
  log "versitygw v$VERSITYGW_VERSION ready at $DEST/versitygw"
}

main "$@"
