#!/usr/bin/env bash
# Stops what hack/up.sh started (by pid files; RabbitMQ with rabbitmqctl stop, PostgreSQL with
# pg_ctl stop -m fast). Data stays in .local unless --purge is given. Idempotent.
source "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
for f in "$ROOT"/hack/services/*.sh; do source "$f"; done

purge=false
for arg in "$@"; do
  case "$arg" in
    --purge) purge=true ;;
    *) die "unknown argument $arg (expected --purge)" ;;
  esac
done

[[ -d "$LOCAL" ]] || { log "nothing to stop (no .local)"; exit 0; }
demo_down
portal_down
grid_down
rabbitmq_down
pg_down
kwok_down
node_down
kube_down
etcd_down
log "local stack stopped"

if $purge; then
  log "purging the local stack's data in .local"
  grid_purge; rabbitmq_purge; pg_purge; node_purge; kube_purge; etcd_purge
  rm -rf "$RUN_DIR" "$LOG_DIR" "$BIN_DIR" "$LOCAL/env" "$LOCAL/admin-token"
  rmdir "$LOCAL" 2>/dev/null || true
fi
