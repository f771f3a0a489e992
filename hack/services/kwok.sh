#!/usr/bin/env bash
# KWOK (sigs.k8s.io/kwok) as a controller against the local apiserver: it manages the fake Node
# kwok-node-0 (annotation kwok.x-k8s.io/node=fake, tainted so only pods that tolerate it land there)
# and moves the pods bound to it to Running, so Deployments -> ReplicaSets -> Pods behave as in a
# cluster although the local stack has no kubelet. Development only: no container runs in those pods;
# test/runner/ keeps local processes in step with them. Its pods' fake addresses (10.245.0.0/24) stay out
# of the real node's pod network (10.244.0.0/24). Sourced by hack/up.sh and hack/down.sh.

KWOK_PORT=$((20261 + ${NEWSROOM_PORT_OFFSET:-0}))
KWOK_NODE=kwok-node-0

kwok_health() { curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz" >/dev/null; }

kwok_start() {
  local bin="$TOOLS_BIN/kwok-$KWOK_VERSION"
  [[ -x "$bin" ]] || { log "kwok: $bin is missing (run hack/setup.sh)"; return 1; }
  require_free_ports kwok "$KWOK_PORT" || return 1
  start_bg kwok "$bin" --kubeconfig "$LOCAL/kubeconfig" \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.245.0.1/24 --node-ip 127.0.0.1 \
    --server-address "127.0.0.1:$KWOK_PORT"
}

kwok_node() {
  "$(k8s_assets)/kubectl" --kubeconfig "$LOCAL/kubeconfig" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Node
metadata:
  name: $KWOK_NODE
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: $KWOK_NODE
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
spec:
  taints:
    - { key: kwok.x-k8s.io/node, value: fake, effect: NoSchedule }
status:
  allocatable: { cpu: "32", memory: 256Gi, pods: "110" }
  capacity: { cpu: "32", memory: 256Gi, pods: "110" }
YAML
}

kwok_node_ready() {
  "$(k8s_assets)/kubectl" --kubeconfig "$LOCAL/kubeconfig" get node "$KWOK_NODE" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True
}

# kwok_up: after the apiserver is ready.
kwok_up() {
  start_service kwok kwok_health kwok_start || return 1
  wait_service kwok 30 kwok_health || return 1
  kwok_node || { log "kwok: cannot create node $KWOK_NODE"; return 1; }
  wait_for "kwok node $KWOK_NODE" 30 "$LOG_DIR/kwok.log" kwok_node_ready
}

kwok_down() { stop_pid kwok 10; }
