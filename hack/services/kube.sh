#!/usr/bin/env bash
# The Kubernetes control plane on loopback: kube-apiserver (https://127.0.0.1:16443, RBAC, admission
# plugins, service-account tokens), kube-controller-manager (127.0.0.1:20257) and kube-scheduler
# (127.0.0.1:20259), with a locally generated CA and client certificates under .local/pki.
# Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).

PKI="$LOCAL/pki"
KUBE_DIR="$LOCAL/k8s"
KUBECONFIG_ADMIN="$LOCAL/kubeconfig"
SERVICE_CIDR=10.96.0.0/16

# sign_cert NAME SUBJECT EXTENSIONS: key + certificate signed by the local CA (kept when present).
sign_cert() {
  local name="$1" subj="$2" ext="$3"
  [[ -s "$PKI/$name.crt" && -s "$PKI/$name.key" ]] && return 0
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 825 -sha256 -out "$PKI/$name.crt" -extfile <(printf '%s\n' "$ext") 2>/dev/null
  rm -f "$PKI/$name.csr"
  chmod 600 "$PKI/$name.key"
}

kube_pki() {
  mkdir -p "$PKI" "$KUBE_DIR"; chmod 700 "$PKI"
  if [[ ! -s "$PKI/ca.crt" || ! -s "$PKI/ca.key" ]]; then
    log "kube-apiserver: generating the local CA and certificates in .local/pki"
    rm -f "$PKI"/*.crt "$PKI"/*.key
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -days 3650 -sha256 \
      -subj "/CN=newsroom-local-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    chmod 600 "$PKI/ca.key"
  fi
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
  # A certificate from before the real node lacks the bridge's address: made again.
  if [[ -s "$PKI/apiserver.crt" ]] && ! openssl x509 -in "$PKI/apiserver.crt" -noout -ext subjectAltName 2>/dev/null | grep -q 'IP Address:10.244.0.1'; then
    rm -f "$PKI/apiserver.crt" "$PKI/apiserver.key"
  fi
  sign_cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.244.0.1,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign_cert admin "/O=system:masters/CN=newsroom-admin" "$client"
  sign_cert controller-manager "/CN=system:kube-controller-manager" "$client"
  sign_cert scheduler "/CN=system:kube-scheduler" "$client"
  # The apiserver's client of the kubelets (logs, exec, port-forward).
  sign_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
  # Front-proxy CA and client: request-header authentication for aggregated APIs, which the
  # controller-manager and scheduler also read from kube-system/extension-apiserver-authentication.
  if [[ ! -s "$PKI/front-proxy-ca.crt" || ! -s "$PKI/front-proxy-ca.key" ]]; then
    rm -f "$PKI/front-proxy-client.crt" "$PKI/front-proxy-client.key"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI/front-proxy-ca.key" -out "$PKI/front-proxy-ca.crt" \
      -days 3650 -sha256 -subj "/CN=newsroom-local-front-proxy-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    chmod 600 "$PKI/front-proxy-ca.key"
  fi
  if [[ ! -s "$PKI/front-proxy-client.crt" ]]; then
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI/front-proxy-client.key" -out "$PKI/front-proxy-client.csr" \
      -subj "/CN=front-proxy-client" 2>/dev/null
    openssl x509 -req -in "$PKI/front-proxy-client.csr" -CA "$PKI/front-proxy-ca.crt" -CAkey "$PKI/front-proxy-ca.key" \
      -CAcreateserial -days 825 -sha256 -out "$PKI/front-proxy-client.crt" -extfile <(printf '%s\n' "$client") 2>/dev/null
    rm -f "$PKI/front-proxy-client.csr"; chmod 600 "$PKI/front-proxy-client.key"
  fi
  if [[ ! -s "$PKI/sa.key" ]]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/sa.key" 2>/dev/null
    openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
    chmod 600 "$PKI/sa.key"
  fi
}

# write_kubeconfig FILE USER CERT_NAME: a kubeconfig for https://127.0.0.1:16443 with everything embedded.
write_kubeconfig() {
  local file="$1" user="$2" cert="$3" tmp
  tmp=$(mktemp "$file.XXXXXX")
  cat >"$tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: newsroom-local
  cluster:
    server: https://$(apiserver_address):$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/$cert.crt")
    client-key-data: $(base64 -w0 <"$PKI/$cert.key")
contexts:
- name: newsroom-local
  context:
    cluster: newsroom-local
    user: $user
current-context: newsroom-local
KUBECONFIG
  chmod 600 "$tmp"
  mv "$tmp" "$file"
}

kube_kubeconfigs() {
  write_kubeconfig "$KUBECONFIG_ADMIN" newsroom-admin admin
  write_kubeconfig "$KUBE_DIR/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
  write_kubeconfig "$KUBE_DIR/scheduler.kubeconfig" system:kube-scheduler scheduler
}

apiserver_health() {
  curl -fsS --max-time 3 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://$(apiserver_address):$APISERVER_PORT/readyz" | grep -qx ok
}

apiserver_start() {
  require_free_ports kube-apiserver "$APISERVER_PORT" || return 1
  local assets; assets=$(k8s_assets)
  [[ -x "$assets/kube-apiserver" ]] || { log "kube-apiserver: no binary in $assets (run hack/setup.sh)"; return 1; }
  # With a real node the apiserver is on the bridge's address, and the kubernetes Service points at
  # it; on loopback nothing in the cluster can reach it, so the Service has no endpoints.
  local endpoint_args=(--endpoint-reconciler-type none)
  node_real && endpoint_args=(--endpoint-reconciler-type lease)
  start_bg kube-apiserver "$assets/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address "$(apiserver_address)" --advertise-address "$(apiserver_address)" --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --requestheader-client-ca-file "$PKI/front-proxy-ca.crt" \
    --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User \
    --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" \
    --service-account-signing-key-file "$PKI/sa.key" \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,NodeRestriction,Priority,PodSecurity,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy,ResourceQuota \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    "${endpoint_args[@]}" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --allow-privileged=true \
    --profiling=false \
    --cert-dir "$KUBE_DIR/apiserver-certs" \
    --v=1
}

controller_manager_health() { curl -fsSk --max-time 2 "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz" | grep -qx ok; }

controller_manager_start() {
  require_free_ports kube-controller-manager "$CONTROLLER_MANAGER_PORT" || return 1
  local bin="$K8S_BIN/kube-controller-manager" kc="$KUBE_DIR/controller-manager.kubeconfig"
  [[ -x "$(k8s_assets)/kube-controller-manager" ]] && bin="$(k8s_assets)/kube-controller-manager"
  [[ -x "$bin" ]] || { log "kube-controller-manager: no binary (run hack/setup.sh)"; return 1; }
  start_bg kube-controller-manager "$bin" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --secure-port "$CONTROLLER_MANAGER_PORT" \
    --cert-dir "$KUBE_DIR/controller-manager-certs" \
    --leader-elect=false \
    --controllers '*' \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" \
    --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --allocate-node-cidrs=false \
    --v=1
}

scheduler_health() { curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz" | grep -qx ok; }

scheduler_start() {
  require_free_ports kube-scheduler "$SCHEDULER_PORT" || return 1
  local bin="$K8S_BIN/kube-scheduler" kc="$KUBE_DIR/scheduler.kubeconfig"
  [[ -x "$(k8s_assets)/kube-scheduler" ]] && bin="$(k8s_assets)/kube-scheduler"
  [[ -x "$bin" ]] || { log "kube-scheduler: no binary (run hack/setup.sh)"; return 1; }
  start_bg kube-scheduler "$bin" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" \
    --cert-dir "$KUBE_DIR/scheduler-certs" \
    --leader-elect=false \
    --v=1
}

# kube_start: certificates, kubeconfigs and the apiserver process (etcd must be started already).
kube_start() {
  kube_pki
  kube_kubeconfigs
  start_service kube-apiserver apiserver_health apiserver_start
}

# kube_wait: wait for the apiserver, then start controller-manager and scheduler side by side.
kube_wait() {
  wait_service kube-apiserver 120 apiserver_health || return 1
  start_service kube-controller-manager controller_manager_health controller_manager_start || return 1
  start_service kube-scheduler scheduler_health scheduler_start || return 1
  wait_service kube-controller-manager 60 controller_manager_health || return 1
  wait_service kube-scheduler 60 scheduler_health
}

kube_down() {
  stop_pid kube-scheduler 15
  stop_pid kube-controller-manager 15
  # The apiserver stops listening at once but then waits up to a minute for open watches (clients
  # of the stack); it keeps no state of its own, so it is killed after a short grace period.
  stop_pid kube-apiserver 10
}

kube_purge() { rm -rf "$PKI" "$KUBE_DIR" "$KUBECONFIG_ADMIN"; }
