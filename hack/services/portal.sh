#!/usr/bin/env bash
# The local news portal (test/portal, built into dist/): the fixture site the naver profile collects
# from on the local stack, on 127.0.0.1:18090. Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).

PORTAL_URL="http://127.0.0.1:$PORTAL_PORT"

portal_health() { curl -fsS --max-time 2 "$PORTAL_URL/healthz" >/dev/null; }

portal_start() {
  [[ -f "$ROOT/dist/test/portal/main.js" ]] || { log "portal: dist/test/portal/main.js is missing (run npm run build)"; return 1; }
  require_free_ports portal "$PORTAL_PORT" || return 1
  PORTAL_PORT="$PORTAL_PORT" PORTAL_HOST=127.0.0.1 start_bg portal node "$ROOT/dist/test/portal/main.js"
}

portal_down() { stop_pid portal 10; }
