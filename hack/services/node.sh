#!/usr/bin/env bash
# A real node (NODE_MODE=real, hack/lib.sh; KWOK's fake node runs beside it for the development pod runner):
# containerd + runc from Debian, the CNI bridge (Debian's
# containernetworking-plugins) on the bridge newsroom0 (10.244.0.0/24, the host is 10.244.0.1), the
# kubelet and kube-proxy built with the control plane, and CoreDNS for cluster.local (no upstream).
# Everything lives under .local/node; what the node changes on the host (sysctls, iptables chains, the
# bridge, network namespaces, mounts, cgroups, a few fixed paths) is recorded at start and undone by
# node_down, which also recovers what a crashed run left behind.
# Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh and hack/services/kube.sh).

[[ "$NODE_MODE" == kwok || "$NODE_MODE" == real ]] || die "NEWSROOM_NODE must be kwok or real, got '$NODE_MODE'"
NODE_DIR="$LOCAL/node"
NODE_NAME=newsroom-node
NODE_BRIDGE=newsroom0
POD_CIDR=10.244.0.0/24
NODE_IP=10.244.0.1
CLUSTER_DNS_IP=10.96.0.10
CONTAINERD_SOCK="$NODE_DIR/containerd/containerd.sock"
# _o: the port offset (hack/lib.sh).
# shellcheck disable=SC2154
KUBELET_PORT=$((10250 + _o))
KUBELET_HEALTHZ_PORT=$((10248 + _o))
KUBE_PROXY_HEALTHZ_PORT=$((10256 + _o))
KUBE_PROXY_METRICS_PORT=$((10249 + _o))
# The host settings the kubelet and the bridge plugin change, restored by node_down.
NODE_SYSCTLS=(kernel.panic kernel.panic_on_oops vm.overcommit_memory net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables)
# Paths outside .local/node that containerd, runc's shim and the kubelet create.
NODE_FIXED_PATHS=(/var/lib/kubelet /var/lib/cni /run/containerd)

node_real() { [[ "$NODE_MODE" == real ]]; }

node_kubectl() { "$(k8s_assets)/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }

# The address the apiserver binds and advertises: loopback, or the bridge's when pods must reach it.
apiserver_address() { if node_real; then echo "$NODE_IP"; else echo 127.0.0.1; fi; }

# ---- preflight -------------------------------------------------------------------------------------
node_preflight() {
  local b missing=()
  for b in containerd runc containerd-shim-runc-v2 ctr iptables ip6tables ip mount; do command -v "$b" >/dev/null || missing+=("$b"); done
  for b in bridge host-local loopback; do [[ -x /usr/lib/cni/$b ]] || missing+=("/usr/lib/cni/$b"); done
  ((${#missing[@]} == 0)) || { log "node: missing ${missing[*]} (make setup installs them)"; return 1; }
  for b in kubelet kube-proxy; do
    [[ -x "$K8S_BIN/$b" ]] || { log "node: no $b in $K8S_BIN (make setup builds it)"; return 1; }
  done
  ((EUID == 0)) || { log "node: a real node needs root (containerd, the bridge, iptables)"; return 1; }
  # The images the node runs itself must be built: nothing is pulled.
  local name ref
  for name in pause coredns; do
    ref=$(node_image_ref "$name")
    [[ -n "$ref" ]] || { log "node: the image plan has no $name"; return 1; }
    node_image_built "$name" || { log "node: image $ref is not built; make images builds it"; return 1; }
  done
}

# node_image_built NAME: the image's archive is in the cache.
node_image_built() {
  local archive
  archive=$(node "$ROOT/dist/hack/images/plan.js" list | awk -F'\t' -v n="$1" '$1 == n {print $4}')
  [[ -n "$archive" && -s "$CACHE/images/$archive" ]]
}

node_image_ref() { node "$ROOT/dist/hack/images/plan.js" list | awk -F'\t' -v n="$1" '$1 == n {print $2}'; }

# ---- host state ------------------------------------------------------------------------------------
node_record_host() {
  mkdir -p "$NODE_DIR"
  # Recorded once: after a crash the first record still holds the host's own values.
  if [[ ! -s "$NODE_DIR/host-before" ]]; then
    local s p
    {
      for s in "${NODE_SYSCTLS[@]}"; do echo "sysctl $s $(sysctl -n "$s")"; done
      for p in "${NODE_FIXED_PATHS[@]}"; do [[ -e "$p" ]] && echo "path $p"; done
      [[ -e /run/netns ]] && echo "path /run/netns"
    } >"$NODE_DIR/host-before.tmp"
    mv "$NODE_DIR/host-before.tmp" "$NODE_DIR/host-before"
  fi
}

node_bridge_up() {
  if ! ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$NODE_BRIDGE" type bridge || { log "node: creating the bridge $NODE_BRIDGE failed"; return 1; }
  fi
  ip addr show dev "$NODE_BRIDGE" | grep -q "inet $NODE_IP/" || ip addr add "$NODE_IP/${POD_CIDR#*/}" dev "$NODE_BRIDGE"
  ip link set "$NODE_BRIDGE" up
  # Bridged pod-to-pod traffic must pass kube-proxy's rules (replies of a Service on the same bridge).
  sysctl -qw net.bridge.bridge-nf-call-iptables=1
}

# ---- containerd ------------------------------------------------------------------------------------
containerd_config() {
  local d="$NODE_DIR/containerd" pause
  pause=$(node_image_ref pause)
  mkdir -p "$d/root" "$d/state" "$d/opt" "$d/runc" "$NODE_DIR/cni/net.d" "$NODE_DIR/cni/ipam"
  cat >"$d/config.toml" <<TOML
# Written by hack/up.sh (hack/services/node.sh) on every start.
version = 2
root = "$d/root"
state = "$d/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "$CONTAINERD_SOCK"

[ttrpc]
  address = "$d/containerd.ttrpc.sock"

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause"
  # The host cannot lower oom_score_adj (no CAP_SYS_RESOURCE): the pause container's -998 fails otherwise.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$d/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
    max_conf_num = 1
TOML
  cat >"$NODE_DIR/cni/net.d/10-newsroom.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "newsroom",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$NODE_BRIDGE",
      "isGateway": true,
      "hairpinMode": true,
      "ipMasq": false,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$NODE_IP" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$NODE_DIR/cni/ipam"
      }
    }
  ]
}
JSON
}

containerd_health() { ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1; }
containerd_start() {
  containerd_config || return 1
  start_bg containerd containerd --config "$NODE_DIR/containerd/config.toml"
}

# ---- certificates and kubeconfigs of the node ------------------------------------------------------
node_pki() {
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
  sign_cert "node-$NODE_NAME" "/O=system:nodes/CN=system:node:$NODE_NAME" "$client"
  sign_cert kube-proxy "/CN=system:kube-proxy" "$client"
  sign_cert "kubelet-serving" "/O=system:nodes/CN=system:node:$NODE_NAME" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:$NODE_IP,DNS:$NODE_NAME"
  mkdir -p "$NODE_DIR/kubelet" "$NODE_DIR/kube-proxy"
  write_kubeconfig "$NODE_DIR/kubelet/kubeconfig" "system:node:$NODE_NAME" "node-$NODE_NAME"
  write_kubeconfig "$NODE_DIR/kube-proxy/kubeconfig" system:kube-proxy kube-proxy
}

# ---- kubelet ---------------------------------------------------------------------------------------
kubelet_health() { curl -fsS --max-time 2 "http://127.0.0.1:$KUBELET_HEALTHZ_PORT/healthz" | grep -qx ok; }
kubelet_start() {
  local d="$NODE_DIR/kubelet"
  mkdir -p "$d/root" "$d/certs"
  cat >"$d/config.yaml" <<YAML
# Written by hack/up.sh (hack/services/node.sh) on every start.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# containerd 1.6 cannot tell the kubelet its cgroup driver; this host has cgroup v1.
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $PKI/ca.crt }
authorization:
  mode: Webhook
clusterDomain: cluster.local
clusterDNS: [$CLUSTER_DNS_IP]
# Pods do not inherit the host's resolver: cluster DNS answers cluster.local only.
resolvConf: ""
podCIDR: $POD_CIDR
# The node's images are imported, never pulled: keep them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 200Mi
  nodefs.available: 5%
  imagefs.available: 5%
serializeImagePulls: false
YAML
  start_bg kubelet "$K8S_BIN/kubelet" \
    --config "$d/config.yaml" \
    --kubeconfig "$d/kubeconfig" \
    --root-dir "$d/root" --cert-dir "$d/certs" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" \
    --v=1
}

node_ready() {
  [[ "$(node_kubectl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

# ---- kube-proxy ------------------------------------------------------------------------------------
kube_proxy_health() { curl -fsS --max-time 2 "http://127.0.0.1:$KUBE_PROXY_HEALTHZ_PORT/healthz" >/dev/null; }
kube_proxy_config() {
  cat >"$NODE_DIR/kube-proxy/config.yaml" <<YAML
# Written by hack/up.sh (hack/services/node.sh) on every start.
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $NODE_DIR/kube-proxy/kubeconfig
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
healthzBindAddress: 127.0.0.1:$KUBE_PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$KUBE_PROXY_METRICS_PORT
# The host's conntrack settings stay as they are.
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
iptables:
  localhostNodePorts: false
YAML
}
kube_proxy_start() {
  kube_proxy_config
  start_bg kube-proxy "$K8S_BIN/kube-proxy" --config "$NODE_DIR/kube-proxy/config.yaml" --v=1
}

# ---- cluster DNS -----------------------------------------------------------------------------------
coredns_apply() {
  local ref; ref=$(node_image_ref coredns)
  sed -e "s|@COREDNS_IMAGE@|$ref|" -e "s|@CLUSTER_DNS_IP@|$CLUSTER_DNS_IP|" "$ROOT/hack/node/coredns.yaml" |
    node_kubectl apply --server-side --force-conflicts -f - >"$LOG_DIR/coredns.log" 2>&1 ||
    { tail -n 20 "$LOG_DIR/coredns.log" >&2; log "node: applying cluster DNS failed"; return 1; }
}
coredns_ready() {
  [[ "$(node_kubectl -n kube-system get deploy coredns -o jsonpath='{.status.readyReplicas}' 2>/dev/null)" == 1 ]]
}

# ---- up --------------------------------------------------------------------------------------------
# node_other_stack: the pid and root dir of a kubelet of another stack on this host (one real node per
# host: the bridge, its address and the fixed paths are shared), or nothing.
node_other_stack() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$({ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null) || continue
    [[ "$cmd" == */kubelet\ * && "$cmd" == *--root-dir* && "$cmd" != *"--root-dir $NODE_DIR/kubelet/root"* ]] || continue
    echo "${p#/proc/} $(sed -E 's/.*--root-dir ([^ ]+).*/\1/' <<<"$cmd")"
    return 0
  done
}

# node_network_up: before the apiserver starts (it binds the bridge's address).
node_network_up() {
  node_preflight || return 1
  local other; other=$(node_other_stack)
  if [[ -n "$other" ]]; then
    log "node: another stack's real node runs on this host (kubelet pid ${other% *}, ${other#* }); a host has one."
    log "node: stop that stack, or start this one with NEWSROOM_NODE=kwok (KWOK's simulated node alone)"
    return 1
  fi
  if ! pid_of containerd >/dev/null && ! pid_of kubelet >/dev/null; then
    node_host_cleanup quiet   # what a crashed run may have left
  fi
  node_record_host
  node_bridge_up
}

# node_cluster_objects: what an earlier run of another kind left in etcd. The kubernetes Service keeps
# the apiserver port it was made with (a stack started with another port offset): deleted, the
# apiserver makes it again with this one.
node_cluster_objects() {
  local target start=$SECONDS
  target=$(node_kubectl -n default get service kubernetes -o jsonpath='{.spec.ports[0].targetPort}' 2>/dev/null || true)
  if [[ -n "$target" && "$target" != "$APISERVER_PORT" ]]; then
    log "node: the kubernetes Service points at port $target, not $APISERVER_PORT: making it again"
    node_kubectl -n default delete service kubernetes --wait=true >/dev/null
    node_kubectl -n default delete endpoints kubernetes --ignore-not-found >/dev/null
    node_kubectl -n default delete endpointslice kubernetes --ignore-not-found >/dev/null
    until [[ "$(node_kubectl -n default get endpointslice kubernetes -o jsonpath='{.ports[0].port}' 2>/dev/null)" == "$APISERVER_PORT" ]]; do
      (( SECONDS - start < 60 )) || { log "node: the apiserver did not make the kubernetes Service again within 60s"; return 1; }
      sleep 1
    done
  fi
}

# node_up: after the control plane is ready.
node_up() {
  node_cluster_objects || return 1
  node_pki
  ensure_running containerd 30 containerd_health containerd_start || return 1
  bash "$ROOT/hack/images.sh" import || { log "node: importing the images into containerd failed"; return 1; }
  # A Node object of an earlier run (kept in etcd) would look Ready before this kubelet reports, and
  # may still be cordoned by make down: the kubelet registers it afresh.
  if ! pid_of kubelet >/dev/null; then node_kubectl delete node "$NODE_NAME" --ignore-not-found --wait=true >/dev/null; fi
  ensure_running kubelet 60 kubelet_health kubelet_start || return 1
  wait_for "node $NODE_NAME Ready" 90 "$LOG_DIR/kubelet.log" node_ready || return 1
  ensure_running kube-proxy 30 kube_proxy_health kube_proxy_start || return 1
  coredns_apply || return 1
  wait_for "cluster DNS (CoreDNS $COREDNS_VERSION)" 90 "$LOG_DIR/kubelet.log" coredns_ready || {
    node_kubectl -n kube-system get pods -o wide >&2 || true
    node_kubectl -n kube-system describe pods -l k8s-app=kube-dns 2>&1 | tail -n 20 >&2 || true
    return 1
  }
  log "node: $NODE_NAME Ready ($(node_kubectl get node "$NODE_NAME" -o jsonpath='{.status.nodeInfo.containerRuntimeVersion}'), pods on $POD_CIDR via $NODE_BRIDGE)"
}

# ---- down ------------------------------------------------------------------------------------------
# node_drain_pods: every pod deleted through the kubelet (CNI DEL, volume unmounts) while it runs.
node_drain_pods() {
  pid_of kubelet >/dev/null && node_kubectl get --raw /readyz >/dev/null 2>&1 || return 0
  log "node: deleting every pod through the kubelet"
  node_kubectl cordon "$NODE_NAME" >/dev/null 2>&1 || true
  node_kubectl delete pods --all -A --grace-period=5 --wait=false >/dev/null 2>&1 || true
  local start=$SECONDS
  while (( SECONDS - start < 60 )); do
    [[ -z "$(node_kubectl get pods -A --field-selector "spec.nodeName=$NODE_NAME" -o name 2>/dev/null)" ]] && break
    sleep 1
  done
  # What the kubelet still runs (containers of pods already deleted from the apiserver) goes with it.
  log "node: pods deleted ($((SECONDS - start))s)"
}

# Our containerd's shims: the processes started with our socket as their address.
node_shim_pids() {
  local p
  for p in /proc/[0-9]*; do
    { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -q -- "containerd-shim.* -address $CONTAINERD_SOCK" && echo "${p#/proc/}"
  done
  return 0
}

node_kill_tasks() {
  containerd_health || return 0
  local t
  for t in $(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
    ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true
  done
  sleep 1
  for t in $(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
    ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks delete -f "$t" >/dev/null 2>&1 || true
  done
}

# node_host_cleanup [quiet]: undo what the node changed on the host. Safe to run at any time when our
# containerd, kubelet and kube-proxy are stopped; everything it removes is the node's own.
node_host_cleanup() {
  local quiet="${1:-}" pid m p line
  [[ -d "$NODE_DIR" ]] || return 0
  for pid in $(node_shim_pids); do kill -KILL "$pid" 2>/dev/null || true; done
  # Containers whose shim died with a crashed run live on in the pods' cgroups.
  node_kill_pod_processes
  # Mounts under the node's directory and the pods' network namespaces, deepest first.
  local mounts
  mounts=$(awk -v d="$NODE_DIR/" 'index($5, d) == 1 || $5 ~ "^/run/netns/cni-" || $5 == "/run/netns" || $5 ~ "^/run/containerd/" {print $5}' /proc/self/mountinfo | sort -r | uniq)
  for m in $mounts; do umount -l "$m" 2>/dev/null || true; done
  if [[ -d /run/netns ]]; then
    for p in /run/netns/cni-*; do [[ -e "$p" ]] && { ip netns delete "${p##*/}" 2>/dev/null || rm -f "$p"; }; done
  fi
  # The pods' veths (when their namespaces outlived the pods), then the bridge.
  for p in $(ip -o link show master "$NODE_BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link delete "$p" 2>/dev/null || true
  done
  if ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then ip link delete "$NODE_BRIDGE" || log "node: could not delete the bridge $NODE_BRIDGE"; fi
  node_iptables_cleanup
  node_cgroups_cleanup
  if [[ -s "$NODE_DIR/host-before" ]]; then
    while read -r kind a b; do
      if [[ "$kind" == sysctl ]]; then sysctl -qw "$a=$b" 2>/dev/null || log "node: could not restore $a to $b"; fi
    done <"$NODE_DIR/host-before"
    for p in "${NODE_FIXED_PATHS[@]}" /run/netns; do
      grep -qxF "path $p" "$NODE_DIR/host-before" || rm -rf --one-file-system "$p" || log "node: could not remove $p"
    done
    rm -f "$NODE_DIR/host-before"
  fi
  [[ -n "$quiet" ]] || log "node: host restored (iptables chains, bridge, network namespaces, mounts, cgroups, sysctls)"
}

# The kubelet's and kube-proxy's chains (KUBE-*), in iptables and ip6tables, every table.
node_iptables_cleanup() {
  local ipt table chain rules
  for ipt in iptables ip6tables; do
    for table in filter nat mangle; do
      rules=$("$ipt" -t "$table" -S 2>/dev/null) || continue
      # Rules in built-in chains that jump to ours.
      while read -r line; do
        [[ -n "$line" ]] || continue
        # shellcheck disable=SC2086
        "$ipt" -t "$table" ${line/-A/-D} 2>/dev/null || true
      done < <(grep -E '^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) .*-j KUBE-' <<<"$rules" || true)
      local chains=()
      mapfile -t chains < <(sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p' <<<"$rules")
      for chain in "${chains[@]}"; do "$ipt" -t "$table" -F "$chain" 2>/dev/null || true; done
      for chain in "${chains[@]}"; do "$ipt" -t "$table" -X "$chain" 2>/dev/null || true; done
    done
  done
}

# node_kill_pod_processes: every process left in the kubelet's /kubepods cgroups (the pods' own).
node_kill_pod_processes() {
  local pids i
  for ((i = 0; i < 20; i++)); do
    pids=$(find /sys/fs/cgroup/*/kubepods -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u || true)
    [[ -n "$pids" ]] || return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.25
  done
  log "node: processes $pids in the pods' cgroups did not exit"
}

# The kubelet's /kubepods cgroups in every hierarchy, leaf first.
node_cgroups_cleanup() {
  local h d
  for h in /sys/fs/cgroup/*/; do
    [[ -d "$h/kubepods" ]] || continue
    while read -r d; do rmdir "$d" 2>/dev/null || true; done < <(find "$h/kubepods" -depth -type d 2>/dev/null || true)
  done
}

node_down() {
  [[ -d "$NODE_DIR" ]] || return 0
  node_drain_pods
  if pid_of kube-proxy >/dev/null || [[ -s "$NODE_DIR/kube-proxy/config.yaml" ]]; then
    stop_pid kube-proxy 15
    "$K8S_BIN/kube-proxy" --cleanup --v=0 >>"$LOG_DIR/kube-proxy.log" 2>&1 || true
  fi
  stop_pid kubelet 20
  node_forget
  node_kill_tasks
  stop_pid containerd 20
  node_host_cleanup
}

# node_forget: the Node object of an earlier real run, kept in etcd, on a stack without the real node.
node_forget() {
  node_kubectl delete node "$NODE_NAME" --ignore-not-found >/dev/null 2>&1 || true
}

node_purge() { rm -rf "$NODE_DIR"; }
