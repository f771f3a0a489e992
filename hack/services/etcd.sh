#!/usr/bin/env bash
# etcd for the local control plane: client 127.0.0.1:23790, peer 127.0.0.1:23800, data in .local/etcd.
# Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).

etcd_health() { curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_CLIENT_PORT/health" | grep -q '"health":"true"'; }

etcd_start() {
  require_free_ports etcd "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" || return 1
  local assets; assets=$(k8s_assets)
  [[ -x "$assets/etcd" ]] || { log "etcd: no etcd binary in $assets (run hack/setup.sh)"; return 1; }
  mkdir -p "$LOCAL/etcd"; chmod 700 "$LOCAL/etcd"
  # A throwaway development store: fsync is skipped to keep the apiserver fast on small machines.
  start_bg etcd "$assets/etcd" \
    --name newsroom --data-dir "$LOCAL/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "newsroom=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --log-level warn
}

etcd_up() { ensure_running etcd 30 etcd_health etcd_start; }
etcd_down() { stop_pid etcd 20; }
etcd_purge() { rm -rf "$LOCAL/etcd"; }
