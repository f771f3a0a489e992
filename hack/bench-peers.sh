#!/usr/bin/env bash
# `make bench-peers`: the autoscaling scenarios measured side by side with KEDA, the tool users would
# install instead, on the same local stack in one run (bench/peers.ts). Builds KEDA once into the cache
# (hack/build-keda.sh), starts the local stack if it is not up, runs KEDA's operator and metrics adapter
# as host processes against it, and stops everything it started at the end, also on failure:
#   - KEDA's CRDs, applied server-side (the scaledjobs CRD is too large for a client-side apply);
#   - the operator (WATCH_NAMESPACE="" watches every namespace; its cluster objects and its own
#     namespace are "keda") serving its metrics over gRPC with mutual TLS; it listens only on the
#     gRPC and health ports given here (its Prometheus endpoint is off; the webhook server it
#     configures on 9443 is never started, as no webhook is registered in the operator);
#   - the adapter, an aggregated API server for external.metrics.k8s.io that asks the operator over
#     that gRPC link; certificates for both come from a throwaway CA made here with openssl;
#   - an APIService for v1beta1.external.metrics.k8s.io whose Service is an ExternalName naming
#     localhost (Endpoints refuse loopback addresses, an ExternalName is resolved by the apiserver);
#   - the HPA controller's service account bound to KEDA's external-metrics reader role.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

KEDA_DIR="$CACHE/keda-$KEDA_VERSION"
o=${NEWSROOM_PORT_OFFSET:-0}
KEDA_GRPC_PORT=$((19666 + o))
KEDA_HEALTH_PORT=$((19681 + o))
KEDA_ADAPTER_PORT=$((19643 + o))
KEDA_ADAPTER_METRICS_PORT=$((19682 + o))

log "KEDA $KEDA_VERSION: building once into the cache (hack/build-keda.sh)"
bash "$ROOT/hack/build-keda.sh"

started_stack=false
work=""
kc() { "$(k8s_assets)/kubectl" --kubeconfig "$LOCAL/kubeconfig" "$@"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "stopping what the benchmark started"
  # ScaledObjects carry KEDA's finalizer: delete them while the operator still runs, and clear the
  # finalizer of any left once it is stopped, or their namespace and the CRD would stay Terminating.
  local kube_ok=false so
  [[ -s "$LOCAL/kubeconfig" ]] && kc get --raw /readyz >/dev/null 2>&1 && kube_ok=true
  $kube_ok && { kc delete scaledobjects.keda.sh --all --all-namespaces --timeout 30s >/dev/null 2>&1 || true; }
  stop_pid keda-adapter 10 || true
  stop_pid keda-operator 10 || true
  if $kube_ok; then
    for so in $(kc get scaledobjects.keda.sh --all-namespaces -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{"\n"}{end}' 2>/dev/null); do
      kc -n "${so%%/*}" patch scaledobject.keda.sh "${so#*/}" --type merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1 || true
    done
    kc delete apiservice v1beta1.external.metrics.k8s.io --ignore-not-found --wait=false >/dev/null 2>&1 || true
    kc delete clusterrolebinding keda-hpa-controller-external-metrics --ignore-not-found >/dev/null 2>&1 || true
    kc delete clusterrole keda-external-metrics-reader --ignore-not-found >/dev/null 2>&1 || true
    kc delete namespace keda --ignore-not-found --wait=false >/dev/null 2>&1 || true
    if [[ -d "$KEDA_DIR/config/crd/bases" ]]; then
      kc delete -f "$KEDA_DIR/config/crd/bases" --ignore-not-found --wait=false >/dev/null 2>&1 || true
    fi
  fi
  [[ -n "$work" ]] && rm -rf "$work"
  if $started_stack; then
    log "stopping the local stack this run started"
    bash "$ROOT/hack/down.sh" || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -f "$LOCAL/env" && -s "$LOCAL/kubeconfig" ]] && kc get --raw /readyz >/dev/null 2>&1; then
  log "the local stack is up: using it"
else
  # Both contenders' fleets are KWOK pods run by the development pod runner, so the stack this run
  # starts is KWOK's node alone: the real node would add the release's own pods to the load on the
  # machine and nothing to the measurement. NEWSROOM_NODE=real overrides it.
  bench_node=${NEWSROOM_NODE:-kwok}
  log "the local stack is not up: starting it (hack/up.sh, NEWSROOM_NODE=$bench_node), stopped again at the end"
  started_stack=true
  npm run --silent build
  NEWSROOM_NODE=$bench_node bash "$ROOT/hack/up.sh"
fi
set -a
# shellcheck source=/dev/null
source "$LOCAL/env"
set +a
log "compiling"
npm run --silent build

for p in "$KEDA_GRPC_PORT" "$KEDA_HEALTH_PORT" "$KEDA_ADAPTER_PORT" "$KEDA_ADAPTER_METRICS_PORT"; do
  port_busy "$p" && die "port $p (KEDA, offset $o) is in use: another run of make bench-peers?"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-peers.XXXXXX")
certs="$work/certs"
mkdir -p "$certs"
log "KEDA: certificates for the operator-adapter gRPC link and the adapter's API (throwaway CA)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=bench-peers-ca" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=keda" \
  -keyout "$certs/tls.key" -out "$work/tls.csr" 2>/dev/null
openssl x509 -req -in "$work/tls.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial -days 2 -sha256 \
  -out "$certs/tls.crt" -extfile <(printf '%s\n' \
    "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:keda-metrics-apiserver.keda.svc,DNS:keda-operator.keda.svc") 2>/dev/null

log "KEDA: CRDs (server-side apply), namespace, the HPA controller's external-metrics role"
kc apply --server-side --force-conflicts -f "$KEDA_DIR/config/crd/bases" >"$work/crds.log" || { cat "$work/crds.log" >&2; die "applying KEDA's CRDs failed"; }
kc wait --for condition=Established --timeout 60s -f "$KEDA_DIR/config/crd/bases" >/dev/null
kc apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: keda}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: keda-external-metrics-reader}
rules:
  - apiGroups: [external.metrics.k8s.io]
    resources: ["*"]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: keda-hpa-controller-external-metrics}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: keda-external-metrics-reader}
subjects:
  - {kind: ServiceAccount, name: horizontal-pod-autoscaler, namespace: kube-system}
YAML

keda_env=(env WATCH_NAMESPACE="" KEDA_CLUSTER_OBJECT_NAMESPACE=keda POD_NAMESPACE=keda KUBECONFIG="$LOCAL/kubeconfig")
log "KEDA: starting the operator (gRPC metrics service on 127.0.0.1:$KEDA_GRPC_PORT)"
start_bg keda-operator "${keda_env[@]}" "$KEDA_DIR/keda" \
  --leader-elect=false --enable-prometheus-metrics=false \
  --health-probe-bind-address "127.0.0.1:$KEDA_HEALTH_PORT" \
  --metrics-service-bind-address "127.0.0.1:$KEDA_GRPC_PORT" \
  --cert-dir "$certs" --ca-dir "$certs" \
  --enable-webhook-patching=false --enable-apiservice-patching=false \
  --zap-log-level=info --zap-encoder=console
wait_for keda-operator 120 "$LOG_DIR/keda-operator.log" curl -fsS --max-time 2 "http://127.0.0.1:$KEDA_HEALTH_PORT/readyz"

log "KEDA: starting the metrics adapter (https://127.0.0.1:$KEDA_ADAPTER_PORT)"
start_bg keda-adapter "${keda_env[@]}" "$KEDA_DIR/keda-adapter" \
  --secure-port "$KEDA_ADAPTER_PORT" --bind-address 127.0.0.1 --port "$KEDA_ADAPTER_METRICS_PORT" \
  --cert-dir "$certs" --tls-cert-file "$certs/tls.crt" --tls-private-key-file "$certs/tls.key" \
  --lister-kubeconfig "$LOCAL/kubeconfig" --authentication-kubeconfig "$LOCAL/kubeconfig" --authorization-kubeconfig "$LOCAL/kubeconfig" \
  --metrics-service-address "127.0.0.1:$KEDA_GRPC_PORT" \
  --zap-log-level=info --zap-encoder=console
wait_for keda-adapter 120 "$LOG_DIR/keda-adapter.log" curl -fsS --max-time 2 --cacert "$certs/ca.crt" "https://127.0.0.1:$KEDA_ADAPTER_PORT/healthz"

log "KEDA: APIService v1beta1.external.metrics.k8s.io -> Service keda/keda-metrics-apiserver (ExternalName localhost)"
kc apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: keda-metrics-apiserver, namespace: keda}
spec:
  type: ExternalName
  externalName: localhost
  ports: [{name: https, port: $KEDA_ADAPTER_PORT, protocol: TCP}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.external.metrics.k8s.io}
spec:
  service: {name: keda-metrics-apiserver, namespace: keda, port: $KEDA_ADAPTER_PORT}
  group: external.metrics.k8s.io
  version: v1beta1
  caBundle: $(base64 -w0 "$certs/ca.crt")
  groupPriorityMinimum: 100
  versionPriority: 100
YAML
wait_for "the external metrics API through the apiserver" 60 "$LOG_DIR/keda-adapter.log" kc get --raw /apis/external.metrics.k8s.io/v1beta1

log "benchmark: the same scenarios scaled by KEDA (defaults, tuned) and by the operator"
SELENIUM_DIR="$SELENIUM_DIR" KEDA_VERSION="$KEDA_VERSION" KEDA_LOG="$LOG_DIR/keda-operator.log" \
  node --enable-source-maps dist/bench/peers.js
