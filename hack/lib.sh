#!/usr/bin/env bash
# Shared helpers for the hack/ scripts: paths, pinned versions, progress and waiting.
# shellcheck disable=SC2034 # the paths and ports below are used by the scripts that source this file
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

# ---------------------------------------------------------------------------------------------------
# Local stack helpers (hack/up.sh, hack/down.sh, hack/services/*.sh).

RUN_DIR="$LOCAL/run"     # pid files
LOG_DIR="$LOCAL/logs"    # one log per service
BIN_DIR="$LOCAL/bin"     # helm, kwok, kubectl, promtool as plain names (first on PATH in .local/env)
SELENIUM_DIR="$CACHE/selenium-$SELENIUM_VERSION"

# Ports of the local stack, all on 127.0.0.1 (chosen not to clash with system-wide instances).
# NEWSROOM_PORT_OFFSET (a multiple of 1000) shifts every port, so a second checkout can run its own
# stack beside this one.
_o=${NEWSROOM_PORT_OFFSET:-0}
[[ "$_o" =~ ^[0-9]+$ ]] || die "NEWSROOM_PORT_OFFSET must be a non-negative number, got '$_o'"
# The stack's node (NEWSROOM_NODE overrides): the real node at offset 0, KWOK's simulated node alone at
# any other offset, because a host has room for one real node (its bridge and the kubelet's paths are
# the host's).
if [[ -n "${NEWSROOM_NODE:-}" ]]; then NODE_MODE=$NEWSROOM_NODE; elif ((_o == 0)); then NODE_MODE=real; else NODE_MODE=kwok; fi
ETCD_CLIENT_PORT=$((23790 + _o))
ETCD_PEER_PORT=$((23800 + _o))
APISERVER_PORT=$((16443 + _o))
CONTROLLER_MANAGER_PORT=$((20257 + _o))
SCHEDULER_PORT=$((20259 + _o))
PG_PORT=$((15433 + _o))
AMQP_PORT=$((35672 + _o))
RABBITMQ_MGMT_PORT=$((35673 + _o))
RABBITMQ_DIST_PORT_LOCAL=$((35674 + _o))
RABBITMQ_EPMD_PORT=$((34369 + _o))
GRID_PORT=$((14444 + _o))
GRID_PUBLISH_PORT=$((14442 + _o))
GRID_SUBSCRIBE_PORT=$((14443 + _o))
GRID_NODE_PORT=$((15555 + _o))
PORTAL_PORT=$((18090 + _o))

# skipped SERVICE: true when SERVICE is listed in NEWSROOM_UP_SKIP (comma-separated).
skipped() { [[ ",${NEWSROOM_UP_SKIP:-}," == *",$1,"* ]]; }

# proc_fields PID: state, ppid, pgrp, session of a process (from /proc/PID/stat).
proc_fields() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  read -r -a fields <<<"$stat"
  echo "${fields[0]} ${fields[1]} ${fields[2]} ${fields[3]}"
}

# alive PID: the process exists and is not a zombie waiting to be reaped.
alive() {
  local fields
  fields=$(proc_fields "$1") || return 1
  [[ "${fields%% *}" != Z ]]
}

# pid_of NAME: the pid recorded for NAME when that process is alive. Every service is started as the
# leader of its own session, which tells a stale pid file (pid reused after a reboot) from ours.
pid_of() {
  local file="$RUN_DIR/$1.pid" pid fields state session
  [[ -s "$file" ]] || return 1
  pid=$(<"$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  fields=$(proc_fields "$pid") || return 1
  read -r state _ _ session <<<"$fields"
  [[ "$state" != Z && "$session" == "$pid" ]] && echo "$pid"
}

# port_busy PORT: something listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_bg NAME CMD...: start CMD detached (own session, output to $LOG_DIR/NAME.log), record its pid.
start_bg() {
  local name="$1"; shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  printf '\n===== %s starting %s\n' "$(date -Is)" "$name" >>"$LOG_DIR/$name.log"
  nohup setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  local pid=$! i
  echo "$pid" >"$RUN_DIR/$name.pid"
  # Return once the child leads its own session (what pid_of checks), or has died.
  for ((i = 0; i < 100; i++)); do
    if pid_of "$name" >/dev/null || ! alive "$pid"; then break; fi
    sleep 0.02
  done
}

# stop_pid NAME [TIMEOUT_S]: TERM the recorded process (and its process group), KILL after the timeout.
stop_pid() {
  local name="$1" timeout="${2:-20}" pid start=$SECONDS
  if ! pid=$(pid_of "$name"); then rm -f "$RUN_DIR/$name.pid"; return 0; fi
  log "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid"; do
    if (( SECONDS - start >= timeout )); then
      log "$name did not stop within ${timeout}s: killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$RUN_DIR/$name.pid"
}

# start_service NAME HEALTH_FN START_FN: the idempotent half of a start. A live recorded process is
# left alone (it is answering, or is still starting and will be waited for); otherwise START_FN runs.
start_service() {
  local name="$1" health="$2" start_fn="$3" pid
  if pid=$(pid_of "$name"); then
    if "$health" >/dev/null 2>&1; then log "$name: already running (pid $pid)"; else log "$name: starting (pid $pid)"; fi
    return 0
  fi
  if ! "$start_fn"; then
    log "$name: failed to start; last lines of $LOG_DIR/$name.log:"
    tail -n 30 "$LOG_DIR/$name.log" >&2 2>/dev/null || true
    return 1
  fi
  log "$name: started (pid $(pid_of "$name" || echo 'gone'))"
}

# ensure_running NAME TIMEOUT_S HEALTH_FN START_FN: start_service, then wait until HEALTH_FN succeeds.
# A failure names the service and shows the tail of its log.
ensure_running() {
  start_service "$1" "$3" "$4" && wait_service "$1" "$2" "$3"
}

# wait_service NAME TIMEOUT_S HEALTH_FN: like wait_for, but gives up at once when NAME's process died.
wait_service() {
  local name="$1" timeout="$2" health="$3" start=$SECONDS
  until "$health" >/dev/null 2>&1; do
    if ! pid_of "$name" >/dev/null; then
      log "$name exited instead of becoming ready; last lines of $LOG_DIR/$name.log:"
      tail -n 30 "$LOG_DIR/$name.log" >&2 2>/dev/null || true
      return 1
    fi
    if (( SECONDS - start > timeout )); then
      log "$name did not become ready within ${timeout}s; last lines of $LOG_DIR/$name.log:"
      tail -n 30 "$LOG_DIR/$name.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.3
  done
  log "$name is ready ($((SECONDS - start))s)"
}

# require_free_ports NAME PORT...: fail naming NAME when another process already listens on a port.
require_free_ports() {
  local name="$1" p; shift
  for p in "$@"; do
    port_busy "$p" && { log "$name: port 127.0.0.1:$p is already in use by another process (not started by this checkout's up.sh)"; return 1; }
  done
  return 0
}
