#!/bin/sh
# Starts the Grid role of this image (SE_ROLE: hub or node) from the official images' SE_* variables:
#   hub:  SE_REGISTRATION_SECRET, SE_SESSION_REQUEST_TIMEOUT (s), SE_HUB_PORT (4444)
#   node: SE_EVENT_BUS_HOST, SE_EVENT_BUS_PUBLISH_PORT (4442), SE_EVENT_BUS_SUBSCRIBE_PORT (4443),
#         SE_NODE_HOST (the address the hub reaches the node at), SE_NODE_PORT (5555),
#         SE_NODE_MAX_SESSIONS (1), SE_NODE_OVERRIDE_MAX_SESSIONS (false), SE_REGISTRATION_SECRET
# JAVA_OPTS is passed to the JVM (default: a 512 MiB heap limit, the serial collector).
set -eu
java_opts=${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}
secret_args=""
[ -n "${SE_REGISTRATION_SECRET:-}" ] && secret_args="--registration-secret $SE_REGISTRATION_SECRET"
case "${SE_ROLE:-hub}" in
  hub)
    # shellcheck disable=SC2086
    exec java $java_opts -cp '/opt/selenium/lib/*' org.openqa.selenium.grid.Main hub \
      --port "${SE_HUB_PORT:-4444}" \
      --session-request-timeout "${SE_SESSION_REQUEST_TIMEOUT:-300}" \
      --tracing false $secret_args ;;
  node)
    : "${SE_EVENT_BUS_HOST:?SE_EVENT_BUS_HOST is not set; expected the hub's host name}"
    max=${SE_NODE_MAX_SESSIONS:-1}
    conf=${TMPDIR:-/tmp}/selenium-node.toml
    cat >"$conf" <<TOML
[node]
detect-drivers = false
selenium-manager = false
max-sessions = $max
override-max-sessions = ${SE_NODE_OVERRIDE_MAX_SESSIONS:-false}

[[node.driver-configuration]]
display-name = "chrome"
webdriver-executable = "/usr/bin/chromedriver"
max-sessions = $max
stereotype = '{"browserName": "chrome", "platformName": "linux", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]}}'
TOML
    host_args=""
    # The node listens on every address (the preStop hook and probes use 127.0.0.1 and the pod IP)
    # and tells the hub SE_NODE_HOST.
    [ -n "${SE_NODE_HOST:-}" ] && host_args="--host $SE_NODE_HOST --bind-host false"
    # shellcheck disable=SC2086
    exec java $java_opts -cp '/opt/selenium/lib/*' org.openqa.selenium.grid.Main node \
      --config "$conf" --port "${SE_NODE_PORT:-5555}" $host_args \
      --publish-events "tcp://$SE_EVENT_BUS_HOST:${SE_EVENT_BUS_PUBLISH_PORT:-4442}" \
      --subscribe-events "tcp://$SE_EVENT_BUS_HOST:${SE_EVENT_BUS_SUBSCRIBE_PORT:-4443}" \
      --selenium-manager false --tracing false $secret_args ;;
  *) echo "SE_ROLE=${SE_ROLE} is invalid; expected hub or node" >&2; exit 2 ;;
esac
