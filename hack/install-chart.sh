#!/usr/bin/env bash
# Installs the chart on the local stack's real node (make up runs it there) with its defaults,
# giving it the images built by make images (hack/images.sh values), the smaller CPU requests of a
# 2-core machine (hack/node/local-values.yaml) and the local stack's gateway tokens (a Secret made from
# .local/api-tokens.json), then runs helm test.
#   hack/install-chart.sh [install|test|uninstall]   (install also runs the tests)
#   NEWSROOM_RELEASE=newsroom NEWSROOM_RELEASE_NAMESPACE=newsroom   the release and its namespace
# The bundled PostgreSQL and RabbitMQ claim volumes; the local cluster has no provisioner, so each claim
# gets a hostPath PersistentVolume under .local/node/volumes, made here and removed by uninstall.
source "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
for f in "$ROOT"/hack/services/*.sh; do source "$f"; done

RELEASE="${NEWSROOM_RELEASE:-newsroom}"
NAMESPACE="${NEWSROOM_RELEASE_NAMESPACE:-newsroom}"
VOLUMES="$NODE_DIR/volumes"
[[ -s "$LOCAL/env" ]] || die "no .local/env: start the stack first (make up)"
set -a; source "$LOCAL/env"; set +a
[[ "${NEWSROOM_NODE:-}" == real ]] || die "the local stack runs KWOK's node alone, without a real node (make up at port offset 0, or NEWSROOM_NODE=real, starts one)"
helm_() { helm --kubeconfig "$KUBECONFIG" "$@"; }

# Every image the chart runs must be built: nothing is pulled.
check_images() {
  local name
  for name in newsroom-collector selenium-hub selenium-node-chrome postgresql rabbitmq; do
    node_image_built "$name" || die "image $(node_image_ref "$name") ($name) is not built; make images builds it"
  done
}

# One hostPath volume per claim of the StatefulSets, bound to that claim, owned by the image's user.
make_volumes() { # CLAIM SIZE
  local claim="$1" size="$2" dir="$VOLUMES/$NAMESPACE-$1"
  mkdir -p "$dir"; chown 999:999 "$dir"; chmod 700 "$dir"
  kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-$NAMESPACE-$claim
  labels: { app.kubernetes.io/managed-by: newsroom-local-stack }
spec:
  capacity: { storage: $size }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  claimRef: { namespace: $NAMESPACE, name: $claim }
  hostPath: { path: $dir, type: Directory }
YAML
}

# The gateway's tokens file of the local stack (hashes only; plain tokens in .local/tokens.txt).
TOKENS_SECRET=local-gateway-tokens
tokens_secret() {
  [[ -s "$LOCAL/api-tokens.json" ]] || die "no .local/api-tokens.json: make up provisions the gateway's tokens"
  kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n "$NAMESPACE" create secret generic "$TOKENS_SECRET" --from-file "tokens.json=$LOCAL/api-tokens.json" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
}

# The test suites' own operators reconcile their namespaces and the development fleet in newsroom-system:
# the release's operator handles only its own namespace and the example departments' (make demo's and
# the release suites' jobs), never the Departments the suites create.
RELEASE_DEPT_NS=dept-economy,dept-politics
scope_values() {
  cat <<YAML
operator:
  extraEnv:
    - { name: OPERATOR_WATCH_NAMESPACES, value: "$NAMESPACE,$RELEASE_DEPT_NS" }
    - { name: OPERATOR_DEPARTMENT_SELECTOR, value: "!newsroom.dev/test-suite" }
YAML
}

install() {
  check_images
  local values="$NODE_DIR/images-values.yaml" scope="$NODE_DIR/scope-values.yaml" started=$SECONDS
  bash "$ROOT/hack/images.sh" values >"$values"
  scope_values >"$scope"
  local fullname="$RELEASE"; [[ "$RELEASE" == *newsroom* ]] || fullname="$RELEASE-newsroom"
  make_volumes "data-$fullname-postgresql-0" 8Gi
  make_volumes "data-$fullname-rabbitmq-0" 4Gi
  tokens_secret
  log "chart: helm upgrade --install $RELEASE charts/newsroom-collector -n $NAMESPACE (defaults, local images, small CPU requests)"
  if ! helm_ upgrade --install "$RELEASE" "$ROOT/charts/newsroom-collector" -n "$NAMESPACE" --create-namespace \
      -f "$values" -f "$ROOT/hack/node/local-values.yaml" -f "$scope" --set "api.tokens.existingSecret=$TOKENS_SECRET" \
      --wait --timeout 10m >"$LOG_DIR/helm-install.log" 2>&1; then
    tail -n 20 "$LOG_DIR/helm-install.log" >&2
    kubectl -n "$NAMESPACE" get pods -o wide >&2 || true
    die "helm install failed (the pods above; kubectl -n $NAMESPACE describe pod NAME tells why)"
  fi
  log "chart: release $RELEASE deployed, every pod Ready ($((SECONDS - started))s)"
  kubectl -n "$NAMESPACE" get pods -o wide >&2
}

run_tests() {
  log "chart: helm test $RELEASE"
  helm_ test "$RELEASE" -n "$NAMESPACE" --timeout 5m >"$LOG_DIR/helm-test.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/helm-test.log" >&2; die "helm test failed"; }
  log "chart: helm test passed"
}

uninstall() {
  helm_ uninstall "$RELEASE" -n "$NAMESPACE" --wait >/dev/null 2>&1 || true
  kubectl -n "$NAMESPACE" delete pvc --all --wait=false >/dev/null 2>&1 || true
  kubectl delete pv -l app.kubernetes.io/managed-by=newsroom-local-stack --wait=false >/dev/null 2>&1 || true
  kubectl delete namespace "$NAMESPACE" --ignore-not-found --timeout 180s >/dev/null || log "chart: namespace $NAMESPACE is still terminating"
  rm -rf "${VOLUMES:?}/$NAMESPACE-"*
  log "chart: release $RELEASE uninstalled"
}

case "${1:-install}" in
  install) install; run_tests ;;
  test) run_tests ;;
  uninstall) uninstall ;;
  *) die "unknown command $1 (expected install, test or uninstall)" ;;
esac
