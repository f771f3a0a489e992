#!/usr/bin/env bash
# Selenium Grid 4 from Maven Central (resolved into the cache by hack/setup.sh): a hub on 127.0.0.1:14444
# (event bus 14442/14443) and one Chrome node on 127.0.0.1:15555 that drives Debian's chromium through
# /usr/bin/chromedriver, headless. Selenium Manager is off: nothing is downloaded at run time.
# Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).
#   NEWSROOM_GRID_MAX_SESSIONS   concurrent sessions of the node (default 2)

GRID_DIR="$LOCAL/grid"
GRID_URL="http://127.0.0.1:$GRID_PORT"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
CHROMEDRIVER_BIN="${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"

grid_secret() {
  mkdir -p "$GRID_DIR"
  if [[ ! -s "$GRID_DIR/registration-secret" ]]; then
    (umask 077; openssl rand -hex 16 >"$GRID_DIR/registration-secret")
  fi
  cat "$GRID_DIR/registration-secret"
}

grid_java() { # NAME HEAP ARGS...
  local name="$1" heap="$2"; shift 2
  [[ -s "$SELENIUM_DIR/.complete" ]] || { log "$name: Selenium Grid $SELENIUM_VERSION is not in the cache (run hack/setup.sh)"; return 1; }
  start_bg "$name" java "-Xmx$heap" -XX:+UseSerialGC -cp "$SELENIUM_DIR/lib/*" org.openqa.selenium.grid.Main "$@"
}

grid_hub_health() { curl -fsS --max-time 2 "$GRID_URL/status" | jq -e '.value.message' >/dev/null; }
# The grid is ready once the node has registered with the hub.
grid_ready() { curl -fsS --max-time 2 "$GRID_URL/status" | jq -e '.value.ready == true' >/dev/null; }
grid_node_health() { curl -fsS --max-time 2 "http://127.0.0.1:$GRID_NODE_PORT/status" | jq -e '.value.ready == true' >/dev/null; }

grid_hub_start() {
  require_free_ports grid-hub "$GRID_PORT" "$GRID_PUBLISH_PORT" "$GRID_SUBSCRIBE_PORT" || return 1
  grid_java grid-hub 512m hub \
    --host 127.0.0.1 --port "$GRID_PORT" \
    --publish-events "tcp://127.0.0.1:$GRID_PUBLISH_PORT" \
    --subscribe-events "tcp://127.0.0.1:$GRID_SUBSCRIBE_PORT" \
    --registration-secret "$(grid_secret)" \
    --session-request-timeout 120 \
    --tracing false
}

grid_node_config() {
  local max="${NEWSROOM_GRID_MAX_SESSIONS:-2}" override=false
  [[ "$max" =~ ^[1-9][0-9]*$ ]] || { log "grid-node: NEWSROOM_GRID_MAX_SESSIONS must be a positive number, got '$max'"; return 1; }
  (( max > $(nproc) )) && override=true
  mkdir -p "$GRID_DIR"
  cat >"$GRID_DIR/node.toml" <<TOML
# Written by hack/up.sh on every start.
[node]
detect-drivers = false
selenium-manager = false
max-sessions = $max
override-max-sessions = $override

[[node.driver-configuration]]
display-name = "chromium"
webdriver-executable = "$CHROMEDRIVER_BIN"
max-sessions = $max
stereotype = '{"browserName": "chrome", "platformName": "linux", "goog:chromeOptions": {"binary": "$CHROMIUM_BIN", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]}}'
TOML
}

grid_node_start() {
  require_free_ports grid-node "$GRID_NODE_PORT" || return 1
  [[ -x "$CHROMIUM_BIN" && -x "$CHROMEDRIVER_BIN" ]] || { log "grid-node: $CHROMIUM_BIN or $CHROMEDRIVER_BIN is missing (run hack/setup.sh)"; return 1; }
  grid_node_config || return 1
  grid_java grid-node 256m node \
    --config "$GRID_DIR/node.toml" \
    --host 127.0.0.1 --port "$GRID_NODE_PORT" \
    --grid-url "$GRID_URL" \
    --publish-events "tcp://127.0.0.1:$GRID_PUBLISH_PORT" \
    --subscribe-events "tcp://127.0.0.1:$GRID_SUBSCRIBE_PORT" \
    --registration-secret "$(grid_secret)" \
    --selenium-manager false \
    --tracing false
}

GRID_STARTED=false
grid_start() {
  # Already running and ready before this run: the Chromium check was done when it started.
  pid_of grid-hub >/dev/null && pid_of grid-node >/dev/null && grid_ready || GRID_STARTED=true
  start_service grid-hub grid_hub_health grid_hub_start || return 1
  start_service grid-node grid_node_health grid_node_start
}

# grid_smoke: open one headless Chromium session through the hub (W3C new session) and quit it.
grid_smoke() {
  local reply sid ct='Content-Type: application/json; charset=utf-8'
  reply=$(curl -sS --max-time 90 -X POST -H "$ct" \
    -d '{"capabilities":{"alwaysMatch":{"browserName":"chrome"}}}' "$GRID_URL/session") || true
  sid=$(jq -r '.value.sessionId // empty' <<<"$reply" 2>/dev/null || true)
  if [[ -z "$sid" ]]; then
    log "grid: opening a Chromium session through the hub failed: $(jq -r '.value.message // .' <<<"$reply" 2>/dev/null | head -c 600 || echo "$reply")"
    log "grid: last lines of $LOG_DIR/grid-node.log:"; tail -n 20 "$LOG_DIR/grid-node.log" >&2 || true
    return 1
  fi
  curl -fsS --max-time 30 -X DELETE "$GRID_URL/session/$sid" >/dev/null || { log "grid: quitting session $sid failed"; return 1; }
  log "grid: opened and quit a headless Chromium session ($(jq -r '.value.capabilities.browserVersion' <<<"$reply"))"
}

grid_wait() {
  wait_service grid-hub 60 grid_hub_health || return 1
  wait_service grid-node 60 grid_node_health || return 1
  wait_for "grid (node registered with the hub)" 30 "$LOG_DIR/grid-node.log" grid_ready || return 1
  # A Chromium session proves the browser starts; done when the grid was (re)started by this run.
  if $GRID_STARTED || [[ -n "${NEWSROOM_GRID_SMOKE:-}" ]]; then grid_smoke; fi
}

grid_down() {
  stop_pid grid-node 20
  stop_pid grid-hub 20
}

grid_purge() { rm -rf "$GRID_DIR"; }
