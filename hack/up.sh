#!/usr/bin/env bash
# Starts the local stack as plain processes on 127.0.0.1 and waits until every service answers:
# etcd + kube-apiserver + kube-controller-manager + kube-scheduler, PostgreSQL, RabbitMQ (management
# plugin), Selenium Grid (hub + Chromium node). Idempotent: services that already run are left alone.
# Writes .local/kubeconfig and .local/env, applies crds/ and runs hack/apply-local-objects.sh if present.
#   NEWSROOM_UP_SKIP=k8s,kwok,postgres,rabbitmq,grid,portal,crds,objects,release   skip some parts (comma-separated)
#   NEWSROOM_GRID_MAX_SESSIONS=2                              sessions of the Chromium node
#   NEWSROOM_NODE=real|kwok   real (the default at port offset 0): a real node (containerd, kubelet,
#                             kube-proxy, CoreDNS) running the images of make images, the chart
#                             installed on it, and KWOK's simulated node beside it; kwok (the default
#                             at any other offset, as a host has one real node): KWOK's node alone
source "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
for f in "$ROOT"/hack/services/*.sh; do source "$f"; done
umask 022

started=$SECONDS
mkdir -p "$LOCAL" "$RUN_DIR" "$LOG_DIR" "$BIN_DIR"
chmod 755 "$LOCAL"

fail() { log "hack/up.sh failed: $*"; exit 1; }

# A running stack keeps the node it was started with: the apiserver's address follows it.
if [[ -s "$LOCAL/env" ]] && pid_of kube-apiserver >/dev/null; then
  running_mode=$(sed -n 's/^NEWSROOM_NODE=//p' "$LOCAL/env" | tail -n 1)
  # Without NEWSROOM_NODE, make up again keeps the node the stack runs.
  [[ -z "${NEWSROOM_NODE:-}" && -n "$running_mode" ]] && NODE_MODE=$running_mode
  [[ -z "$running_mode" || "$running_mode" == "$NODE_MODE" ]] ||
    fail "the running stack was started with NEWSROOM_NODE=$running_mode, not $NODE_MODE: make down first, or keep NEWSROOM_NODE=$running_mode"
fi

# Everything is started first and waited for afterwards, so the services boot side by side.
if ! skipped k8s; then
  [[ -x "$(k8s_assets)/etcd" && -x "$(k8s_assets)/kube-apiserver" ]] ||
    fail "no control-plane binaries in $(k8s_assets): run hack/setup.sh (or set KUBEBUILDER_ASSETS)"
  log "k8s: etcd 127.0.0.1:$ETCD_CLIENT_PORT, kube-apiserver https://$(apiserver_address):$APISERVER_PORT (binaries from $(k8s_assets))"
  start_service etcd etcd_health etcd_start || fail etcd
  # The real node's bridge comes first: the apiserver binds its address.
  if node_real; then node_network_up || fail "the real node (see the lines above; NEWSROOM_NODE=kwok make up runs KWOK's node alone)"; fi
fi
if ! skipped postgres; then
  log "postgres: 127.0.0.1:$PG_PORT"
  pg_start_service || fail postgres
fi
if ! skipped rabbitmq; then
  log "rabbitmq: AMQP 127.0.0.1:$AMQP_PORT, management 127.0.0.1:$RABBITMQ_MGMT_PORT"
  rabbitmq_start_all || fail rabbitmq
fi
if ! skipped portal; then
  log "portal: local news portal $PORTAL_URL"
  portal_start_service || fail portal
fi
if ! skipped grid; then
  log "grid: Selenium Grid $SELENIUM_VERSION, hub 127.0.0.1:$GRID_PORT, node 127.0.0.1:$GRID_NODE_PORT"
  grid_start || fail "selenium grid"
fi

# .local/env is written before the waits, so that it is there even when one service fails.
# Tools under their plain names, first on PATH in .local/env.
assets=$(k8s_assets)
link_tool() { # NAME TARGET
  if [[ -x "$2" ]]; then ln -sfn "$2" "$BIN_DIR/$1"; else rm -f "$BIN_DIR/$1"; log "note: $1 is not available ($2 missing; run hack/setup.sh)"; fi
}
link_tool kubectl "$assets/kubectl"
link_tool helm "$TOOLS_BIN/helm-$HELM_VERSION"
link_tool kwok "$TOOLS_BIN/kwok-$KWOK_VERSION"
link_tool promtool "$(command -v promtool || echo /usr/bin/promtool)"

# The gateway admin token of the local stack: generated once, kept across up/down.
if [[ ! -s "$LOCAL/admin-token" ]]; then (umask 077; openssl rand -hex 32 >"$LOCAL/admin-token"); fi

# PATH as it is now, without entries of an earlier .local/env (so sourcing it twice does not grow it).
path_rest=$(tr ':' '\n' <<<"$PATH" | grep -vxF -e "$BIN_DIR" -e "$assets" -e '' | paste -sd: -)
tmp=$(mktemp "$LOCAL/env.XXXXXX")
cat >"$tmp" <<ENV
KUBECONFIG=$LOCAL/kubeconfig
DATABASE_URL=postgres://newsroom:newsroom@127.0.0.1:$PG_PORT/newsroom
AMQP_URL=amqp://newsroom:newsroom@127.0.0.1:$AMQP_PORT
RABBITMQ_MANAGEMENT_URL=http://newsroom:newsroom@127.0.0.1:$RABBITMQ_MGMT_PORT
SELENIUM_GRID_URL=http://127.0.0.1:$GRID_PORT
SELENIUM_REGISTRATION_SECRET=$(grid_secret)
NEWSROOM_ADMIN_TOKEN=$(cat "$LOCAL/admin-token")
KUBEBUILDER_ASSETS=$assets
PORTAL_URL=$PORTAL_URL
API_TOKENS_FILE=$LOCAL/api-tokens.json
NEWSROOM_NODE=$NODE_MODE
PATH=$BIN_DIR:$assets:$path_rest
ENV
chmod 600 "$tmp"
mv "$tmp" "$LOCAL/env"

if ! skipped k8s; then
  wait_service etcd 30 etcd_health || fail etcd
  kube_start || fail kube-apiserver
  kube_wait || fail "kubernetes control plane"
fi
if ! skipped k8s && node_real; then
  node_up || fail "the real node (containerd, kubelet, kube-proxy, cluster DNS; logs in .local/logs)"
elif ! skipped k8s; then
  node_forget
fi
# KWOK's fake node runs beside the real one: the development fleet's pods select and tolerate it.
if ! skipped k8s && ! skipped kwok; then
  kwok_up || fail "kwok (fake node for the worker and Selenium node pods)"
fi
if ! skipped postgres; then
  wait_service postgres 60 pg_health || fail postgres
  pg_provision || fail postgres
fi
if ! skipped rabbitmq; then
  wait_service rabbitmq 90 rabbitmq_health || fail rabbitmq
  rabbitmq_provision || fail rabbitmq
fi
if ! skipped grid; then
  grid_wait || fail "selenium grid"
fi
if ! skipped portal; then
  wait_service portal 30 portal_health || fail portal
fi

kubectl_local() { "$assets/kubectl" --kubeconfig "$LOCAL/kubeconfig" "$@"; }
if ! skipped k8s && ! skipped crds && compgen -G "$ROOT/crds/*.y*ml" >/dev/null; then
  log "crds: applying crds/"
  kubectl_local apply --server-side --force-conflicts -f "$ROOT/crds/" >"$LOG_DIR/crds.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/crds.log" >&2; fail "applying crds/ (see above)"; }
  kubectl_local wait --for condition=Established --timeout 60s -f "$ROOT/crds/" >>"$LOG_DIR/crds.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/crds.log" >&2; fail "crds/ did not become Established"; }
  log "crds: $(grep -c 'condition met' "$LOG_DIR/crds.log") established"
fi
if ! skipped k8s && ! skipped objects && [[ -x "$ROOT/hack/apply-local-objects.sh" ]]; then
  log "objects: running hack/apply-local-objects.sh"
  (set -a; source "$LOCAL/env"; set +a; "$ROOT/hack/apply-local-objects.sh") || fail "hack/apply-local-objects.sh"
fi

log "tokens: provisioning the gateway's tokens (.local/tokens.txt)"
bash "$ROOT/hack/provision-tokens.sh" >/dev/null || fail "hack/provision-tokens.sh"

# The chart's release on the real node (helm upgrade --install: quick when nothing changed), then helm test.
if ! skipped k8s && ! skipped release && node_real; then
  bash "$ROOT/hack/install-chart.sh" install || fail "the chart's release on the real node (hack/install-chart.sh; logs in .local/logs)"
fi

summary() { # SERVICE TEXT
  if skipped "$1"; then printf '  %-11s skipped\n' "$1"; else printf '  %-11s %s\n' "$1" "$2"; fi
}
{
  echo "local stack is up ($((SECONDS - started))s):"
  summary k8s "https://$(apiserver_address):$APISERVER_PORT  (kubeconfig .local/kubeconfig; etcd 127.0.0.1:$ETCD_CLIENT_PORT)"
  node_real && summary node "$NODE_NAME: containerd, kubelet, kube-proxy, CoreDNS $CLUSTER_DNS_IP; pods $POD_CIDR on $NODE_BRIDGE"
  node_real && summary release "the chart as release ${NEWSROOM_RELEASE:-newsroom} in namespace ${NEWSROOM_RELEASE_NAMESPACE:-newsroom} (helm test passed)"
  summary kwok "$KWOK_NODE: KWOK's simulated node for the development pod runner"
  summary postgres "postgres://newsroom:newsroom@127.0.0.1:$PG_PORT/newsroom"
  summary rabbitmq "amqp://newsroom:newsroom@127.0.0.1:$AMQP_PORT  management http://127.0.0.1:$RABBITMQ_MGMT_PORT"
  summary portal "$PORTAL_URL  (local news portal; ground truth under /__truth/)"
  summary grid "http://127.0.0.1:$GRID_PORT  (node http://127.0.0.1:$GRID_NODE_PORT, Chromium headless)"
  echo "  environment: .local/env (set -a; source .local/env   or   node --env-file=.local/env)"
  echo "  logs: .local/logs/   stop: hack/down.sh [--purge]"
} >&2
