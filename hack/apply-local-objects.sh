#!/usr/bin/env bash
# Applies what the local stack needs besides the CRDs: the example departments' namespaces and objects,
# the default CollectorPool, and the naver NewsSource with its base URLs pointed at the local portal.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
set -a; source "$LOCAL/env"; set +a
PORTAL_URL="${PORTAL_URL:-http://127.0.0.1:$PORTAL_PORT}"

for ns in dept-economy dept-politics newsroom-system; do
  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
done
kubectl apply -f manifests/examples/departments.yaml >/dev/null
# The development fleet's pool; on the real node the chart brings its own beside it (hack/install-chart.sh).
kubectl apply -f manifests/examples/collectorpool.yaml >/dev/null
sed -E "s#https://(search\.naver\.com|n\.news\.naver\.com|apis\.naver\.com|openapi\.naver\.com)#${PORTAL_URL}#" manifests/newssource-naver.yaml | kubectl apply -f - >/dev/null
kubectl create secret generic naver-openapi -n newsroom-system --from-literal=client-id=local-client --from-literal=client-secret=local-secret \
  --dry-run=client -o yaml | kubectl apply -f - >/dev/null
log "applied example departments, collector pool and the naver NewsSource (pointed at $PORTAL_URL)"
"$ROOT/hack/local-fleet.sh"
