#!/usr/bin/env bash
# Builds the pinned Kubernetes control plane (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl), the node's kubelet and kube-proxy, etcd, helm, kwok and the prometheus-operator CRD bundle
# from the Go module proxy into the cache.
# Each binary is built once per machine and version; re-running is a no-op.
source "$(dirname "$0")/lib.sh"

mkdir -p "$K8S_BIN" "$TOOLS_BIN" "$CACHE/src"

# The prometheus-operator CRDs (ServiceMonitor, PrometheusRule, ...) that the chart's tests install so the
# apiserver validates those objects: copied from that project's Go module, checksum-verified by the Go
# module mirror. A download, not a build, so it does not wait for the build lock.
PROMETHEUS_OPERATOR_CRDS="$CACHE/prometheus-operator-crds-$PROMETHEUS_OPERATOR_VERSION"
fetch_prometheus_operator_crds() {
  [[ -s "$PROMETHEUS_OPERATOR_CRDS/.complete" ]] && { log "prometheus-operator CRDs $PROMETHEUS_OPERATOR_VERSION: cached"; return; }
  log "prometheus-operator CRDs $PROMETHEUS_OPERATOR_VERSION: downloading the module"
  local dir
  dir=$(cd "$CACHE" && go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [[ -n "$dir" && -d "$dir/example/prometheus-operator-crd" ]] || die "prometheus-operator $PROMETHEUS_OPERATOR_VERSION: module download failed"
  rm -rf "$PROMETHEUS_OPERATOR_CRDS"; mkdir -p "$PROMETHEUS_OPERATOR_CRDS"
  cp "$dir"/example/prometheus-operator-crd/*.yaml "$PROMETHEUS_OPERATOR_CRDS/"
  chmod 644 "$PROMETHEUS_OPERATOR_CRDS"/*.yaml
  date -Is >"$PROMETHEUS_OPERATOR_CRDS/.complete"
  log "prometheus-operator CRDs $PROMETHEUS_OPERATOR_VERSION: $(find "$PROMETHEUS_OPERATOR_CRDS" -maxdepth 1 -name '*.yaml' | wc -l) files in $PROMETHEUS_OPERATOR_CRDS"
}
if [[ "${1:-all}" == prometheus-operator-crds ]]; then fetch_prometheus_operator_crds; exit 0; fi

# One build at a time per machine: a second run (e.g. two checkouts) waits, then finds the cache filled.
exec 9>"$CACHE/.build-go-tools.lock"
if ! flock -n 9; then
  log "another build of the Go tools is running; waiting for it to finish"
  flock 9
fi

# K8S_COMMANDS: the control plane and kubectl; the node's kubelet and kube-proxy are added by "node".
K8S_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

build_k8s() {
  local missing=() b
  for b in "${K8S_COMMANDS[@]}"; do [[ -x "$K8S_BIN/$b" ]] || missing+=("$b"); done
  ((${#missing[@]})) || { log "kubernetes $KUBERNETES_VERSION: ${K8S_COMMANDS[*]} cached"; return; }
  local mod="$CACHE/src/k8s-$KUBERNETES_VERSION"
  mkdir -p "$mod"
  local staging="v0.${KUBERNETES_VERSION#v1.}"
  # One build module for every command; its tools.go imports each command ever built, so that
  # go.sum covers them all (a new command re-runs go mod tidy).
  local tools all=() have=()
  mapfile -t have < <(sed -n 's|^\t_ "k8s.io/kubernetes/cmd/\(.*\)"$|\1|p' "$mod/tools.go" 2>/dev/null || true)
  mapfile -t all < <(printf '%s\n' "${have[@]}" "${K8S_COMMANDS[@]}" | grep . | sort -u)
  tools=$(printf '//go:build tools\n\npackage tools\n\nimport (\n'; printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "${all[@]}"; printf ')\n')
  if [[ ! -f "$mod/go.mod" ]]; then
    log "kubernetes $KUBERNETES_VERSION: resolving modules (staging modules pinned to $staging)"
    local gomod
    gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    {
      echo "module newsroom.local/k8s-build"
      echo "go $(sed -n 's/^go //p' "$gomod")"
      echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
      grep -oE 'k8s.io/[a-z0-9-]+ => ./staging' "$gomod" | awk -v v="$staging" '{print "replace " $1 " => " $1 " " v}'
    } > "$mod/go.mod"
    rm -f "$mod/go.sum"
  fi
  if [[ ! -f "$mod/go.sum" || "$(cat "$mod/tools.go" 2>/dev/null)" != "$tools" ]]; then
    log "kubernetes $KUBERNETES_VERSION: resolving the modules of ${all[*]}"
    printf '%s\n' "$tools" > "$mod/tools.go"
    (cd "$mod" && go mod tidy -e 2>&1 | tail -n 5 >&2) || die "go mod tidy failed for kubernetes $KUBERNETES_VERSION"
  fi
  local minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
  for b in "${missing[@]}"; do
    log "kubernetes $KUBERNETES_VERSION: building $b (the first build takes several minutes)"
    local started=$SECONDS
    (cd "$mod" && go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" -o "$K8S_BIN/$b.tmp" "k8s.io/kubernetes/cmd/$b") \
      || die "building $b failed"
    mv "$K8S_BIN/$b.tmp" "$K8S_BIN/$b"
    log "kubernetes $KUBERNETES_VERSION: $b built ($((SECONDS - started))s)"
  done
}

build_etcd() {
  [[ -x "$K8S_BIN/etcd" ]] && { log "etcd $ETCD_VERSION: cached"; return; }
  local mod="$CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$mod"
  log "etcd $ETCD_VERSION: building"
  cat > "$mod/go.mod" <<GOMOD
module newsroom.local/etcd-build

go 1.24

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
GOMOD
  cat > "$mod/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$mod" && go mod tidy >&2 && go build -trimpath -ldflags "-s -w" -o "$K8S_BIN/etcd.tmp" .) || die "building etcd failed"
  mv "$K8S_BIN/etcd.tmp" "$K8S_BIN/etcd"
}

go_install() { # NAME MODULE_PATH@VERSION [EXTRA_LDFLAGS]
  local name="$1" pkg="$2" dir="$TOOLS_BIN/${2##*@}"
  [[ -x "$TOOLS_BIN/$name-${2##*@}" ]] && { log "$name ${2##*@}: cached"; return; }
  log "$name ${2##*@}: building"
  GOBIN="$CACHE/gobin-tmp" go install -trimpath -ldflags "-s -w ${3:-}" "$pkg" || die "building $name failed"
  mv "$CACHE/gobin-tmp/$name" "$TOOLS_BIN/$name-${2##*@}"
}

# helm's own release build sets its version and the Kubernetes version that `helm template` and
# `helm lint` assume without a cluster (otherwise v1.20); we set the local control plane's.
k8s_minor="${KUBERNETES_VERSION#v1.}"; k8s_minor="${k8s_minor%%.*}"
HELM_LDFLAGS="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for p in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  HELM_LDFLAGS+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$k8s_minor"
done

what="${1:-all}"
case "$what" in
  k8s) build_etcd; build_k8s ;;
  node) K8S_COMMANDS=(kubelet kube-proxy); build_k8s ;;
  helm) go_install helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$HELM_LDFLAGS" ;;
  kwok) go_install kwok "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" ;;
  all) build_etcd; build_k8s; K8S_COMMANDS=(kubelet kube-proxy); build_k8s; go_install helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$HELM_LDFLAGS"; go_install kwok "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"; fetch_prometheus_operator_crds ;;
  *) die "unknown target $what (expected k8s, node, helm, kwok, prometheus-operator-crds or all)" ;;
esac
