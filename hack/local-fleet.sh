#!/usr/bin/env bash
# The local fleet the operator scales (run by hack/apply-local-objects.sh): the worker and Selenium node
# Deployments of the default CollectorPool in newsroom-system, whose pods KWOK runs on its fake node
# (and the development pod runner backs with local processes), the Grid registration Secret, and the
# pool pointed at the local Grid with bounds this machine can carry. The Grid node hack/up.sh starts
# stays outside the Deployment: the autoscaler counts it as fixed capacity (the warm minimum).
source "$(dirname "$0")/lib.sh"
set -a; source "$LOCAL/env"; set +a

fleet_deployment() { # NAME APP
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $1
  namespace: newsroom-system
  labels: { app.kubernetes.io/name: $2, app.kubernetes.io/instance: $1, app.kubernetes.io/part-of: newsroom-collector }
spec:
  # No replicas here: the CollectorPool owns them (a new Deployment starts with one).
  selector: { matchLabels: { app.kubernetes.io/instance: $1 } }
  template:
    metadata:
      labels: { app.kubernetes.io/name: $2, app.kubernetes.io/instance: $1, app.kubernetes.io/part-of: newsroom-collector }
    spec:
      terminationGracePeriodSeconds: 60
      tolerations: [{ key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule }]
      nodeSelector: { type: kwok }
      containers:
        - name: $2
          # Local development: KWOK runs no container; the development pod runner starts the process.
          image: newsroom-collector/$2:local
YAML
}

{ fleet_deployment newsroom-worker worker; echo '---'; fleet_deployment selenium-node-chrome selenium-node; } | kubectl apply -f - >/dev/null
kubectl create secret generic selenium-registration -n newsroom-system --from-literal=registration-secret="$SELENIUM_REGISTRATION_SECRET" \
  --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl patch collectorpool default -n newsroom-system --type merge -p "$(cat <<JSON
{"spec": {"gridUrl": "$SELENIUM_GRID_URL", "scaleDownStabilizationSeconds": 20,
  "workers": {"minReplicas": 1, "maxReplicas": 3},
  "seleniumNodes": {"minReplicas": 0, "maxReplicas": 2}}}
JSON
)" >/dev/null
log "applied the local fleet: Deployments newsroom-worker and selenium-node-chrome, pool default pointed at $SELENIUM_GRID_URL"
