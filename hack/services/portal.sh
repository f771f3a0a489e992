#!/usr/bin/env bash
# The local news portal (test/portal, built into dist/): the fixture site the naver profile collects
# from on the local stack, on 127.0.0.1:18090. With a real node it listens on the bridge's address instead
# (10.244.0.1), which the host and the pods both reach: pods cannot reach the host's loopback, and the
# portal writes its links with the address it was asked on, so the workers in pods and the suites reading
# its ground truth from the host must use one address (docs/operations.md). Sourced by hack/up.sh and
# hack/down.sh (needs hack/lib.sh and hack/services/node.sh).
# It serves the pinned test corpus of test/corpus.env (a fixed last day and a frozen clock), so every
# suite sees the same data on any calendar day; NEWSROOM_PORTAL_CLOCK=real (make demo) serves today's
# corpus on the real clock instead. A running portal of the other kind is restarted.

portal_address() { if node_real; then echo "$NODE_IP"; else echo 127.0.0.1; fi; }
PORTAL_URL="http://$(portal_address):$PORTAL_PORT"

portal_health() { curl -fsS --max-time 2 "$PORTAL_URL/healthz" >/dev/null; }

portal_clock() {
  case "${NEWSROOM_PORTAL_CLOCK:-pinned}" in
    pinned|real) echo "${NEWSROOM_PORTAL_CLOCK:-pinned}" ;;
    *) die "NEWSROOM_PORTAL_CLOCK must be pinned or real, got '$NEWSROOM_PORTAL_CLOCK'" ;;
  esac
}

# The PORTAL_* variables of the pinned corpus, one NAME=VALUE a line.
portal_pinned_env() {
  [[ -f "$ROOT/test/corpus.env" ]] || { log "portal: test/corpus.env is missing"; return 1; }
  grep -E '^PORTAL_[A-Z_]+=' "$ROOT/test/corpus.env"
}

# Whether the running portal serves the corpus and clock wanted now.
portal_as_wanted() {
  local clock now
  clock=$(curl -fsS --max-time 2 "$PORTAL_URL/__admin/clock") || return 1
  if [[ $(portal_clock) == real ]]; then
    jq -e '.frozen == false' <<<"$clock" >/dev/null
  else
    now=$(portal_pinned_env | sed -n 's/^PORTAL_NOW=//p')
    jq -e --arg now "$now" '.frozen and .now == $now' <<<"$clock" >/dev/null
  fi
}

portal_start() {
  [[ -f "$ROOT/dist/test/portal/main.js" ]] || { log "portal: dist/test/portal/main.js is missing (run npm run build)"; return 1; }
  require_free_ports portal "$PORTAL_PORT" || return 1
  local vars=()
  if [[ $(portal_clock) == pinned ]]; then mapfile -t vars < <(portal_pinned_env) || return 1; fi
  start_bg portal env "${vars[@]}" PORTAL_PORT="$PORTAL_PORT" PORTAL_HOST="$(portal_address)" node "$ROOT/dist/test/portal/main.js"
}

# start_service for the portal, restarting one that serves another corpus or clock.
portal_start_service() {
  if pid_of portal >/dev/null && portal_health && ! portal_as_wanted; then
    log "portal: restarting it with the $(portal_clock) corpus"
    portal_down
  fi
  # One started for the other node kind listens on the other address (loopback or the bridge's).
  if pid_of portal >/dev/null && ! portal_health; then
    log "portal: restarting it on $(portal_address)"
    portal_down
  fi
  log "portal: $(portal_clock) corpus ($(if [[ $(portal_clock) == pinned ]]; then portal_pinned_env | tr '\n' ' '; else echo "today's, real clock"; fi))"
  start_service portal portal_health portal_start
}

portal_down() { stop_pid portal 10; }
