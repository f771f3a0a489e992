#!/usr/bin/env bash
# Shared helpers for the hack/ scripts: paths, pinned versions, progress and waiting.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$ROOT/hack/versions.env"

# Tools are built once per machine into a cache outside the repository, keyed by version.
CACHE="${NEWSROOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsroom-collector}"
LOCAL="$ROOT/.local"
K8S_BIN="$CACHE/k8s-$KUBERNETES_VERSION"
TOOLS_BIN="$CACHE/bin"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# wait_for NAME TIMEOUT_S LOGFILE CMD... : poll CMD until it succeeds; on timeout name the
# service and show the tail of its log.
wait_for() {
  local name="$1" timeout="$2" logfile="$3"; shift 3
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start > timeout )); then
      log "$name did not become ready within ${timeout}s; last lines of $logfile:"
      tail -n 30 "$logfile" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
  log "$name is ready ($((SECONDS - start))s)"
}

# The folder with kube-apiserver, etcd and kubectl: KUBEBUILDER_ASSETS when it has them (envtest
# convention), otherwise the cached build.
k8s_assets() {
  if [[ -n "${KUBEBUILDER_ASSETS:-}" && -x "$KUBEBUILDER_ASSETS/kube-apiserver" && -x "$KUBEBUILDER_ASSETS/etcd" && -x "$KUBEBUILDER_ASSETS/kubectl" ]]; then
    echo "$KUBEBUILDER_ASSETS"
  else
    echo "$K8S_BIN"
  fi
}
