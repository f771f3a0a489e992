#!/usr/bin/env bash
# Restarts one service of the real node in place, as an operator of a node would (the kubelet drill of
# test/integration/release-drills.test.ts): the running pods' containers belong to containerd's shims
# and keep running while the kubelet is away.
#   hack/node-restart.sh kubelet
source "$(dirname "$0")/lib.sh"
[[ -s "$LOCAL/env" ]] || die "no .local/env: start the stack first (NEWSROOM_NODE=real make up)"
# The stack's variables first: the node's settings follow NEWSROOM_NODE.
set -a; source "$LOCAL/env"; set +a
# shellcheck source=/dev/null
for f in "$ROOT"/hack/services/*.sh; do source "$f"; done
node_real || die "the local stack runs without a real node (NEWSROOM_NODE=real make up starts one)"

case "${1:-}" in
  kubelet)
    pid_of kubelet >/dev/null || die "the kubelet is not running"
    stop_pid kubelet 20
    ensure_running kubelet 60 kubelet_health kubelet_start || die "the kubelet did not start again (.local/logs/kubelet.log)"
    wait_for "node $NODE_NAME Ready" 90 "$LOG_DIR/kubelet.log" node_ready || die "the node did not become Ready again"
    ;;
  *) die "unknown service '${1:-}' (expected kubelet)" ;;
esac
