#!/usr/bin/env bash
# make demo: the main job end to end on the local stack. Sets up and starts the stack, then submits a
# metadata collection with comments through REST (department economy) and a comments collection through
# kubectl (department politics), shows live progress with the fleet's replicas, and prints what was
# collected and where the CSV exports are. On the real node (the default at port offset 0) the chart's
# release does the work in pods: its operator, its in-cluster gateway, its worker and Chrome node pods,
# which the CollectorPool scales. With KWOK's node alone it runs an operator, a gateway and the
# development pod runner as local processes. Everything keeps running afterwards; `make down` stops it.
#   NEWSROOM_DEMO_SKIP_SETUP=1   skip hack/setup.sh (already done on this machine)
#   NEWSROOM_DEMO_TIMEOUT=600    seconds to wait for the two collections
source "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
for f in "$ROOT"/hack/services/*.sh; do source "$f"; done
cd "$ROOT"
# The demo collects from today's corpus on the real clock; the test suites use the pinned one.
export NEWSROOM_PORTAL_CLOCK=real

OUT="$LOCAL/demo"
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "1/6 setup and build"
if [[ -z "${NEWSROOM_DEMO_SKIP_SETUP:-}" ]]; then bash hack/setup.sh; fi
npm run --silent build

if node_real; then
  step "2/6 local stack (etcd, kube-apiserver, the real node, the chart's release, the news portal)"
else
  step "2/6 local stack (etcd, kube-apiserver, KWOK, PostgreSQL, RabbitMQ, Selenium Grid, news portal)"
fi
bash hack/up.sh
set -a; source "$LOCAL/env"; set +a
mkdir -p "$OUT"

if [[ "${NEWSROOM_NODE:-}" == real ]]; then
  step "3/6 the chart's release in pods (make up installed it with helm)"
  RELEASE="${NEWSROOM_RELEASE:-newsroom}"; RELEASE_NS="${NEWSROOM_RELEASE_NAMESPACE:-newsroom}"
  FULLNAME="$RELEASE"; [[ "$RELEASE" == *newsroom* ]] || FULLNAME="$RELEASE-newsroom"
  helm status "$RELEASE" -n "$RELEASE_NS" | sed -n '1,6p'
  kubectl -n "$RELEASE_NS" get pods -o wide
  # The in-cluster gateway through its Service: kube-proxy's rules apply to the host too.
  API="http://$(kubectl -n "$RELEASE_NS" get service "$FULLNAME-api" -o jsonpath='{.spec.clusterIP}:{.spec.ports[0].port}')"
  POOL=(-n "$RELEASE_NS" default)
  for _ in $(seq 60); do curl -fsS --max-time 2 "$API/readyz" >/dev/null 2>&1 && break; sleep 1; done
  curl -fsS --max-time 2 "$API/readyz" >/dev/null || die "the release's gateway does not answer at $API (kubectl -n $RELEASE_NS get pods)"
  LOOK_LOGS="kubectl -n $RELEASE_NS logs deployment/$FULLNAME-operator (and -api, -worker)"
else
  step "3/6 operator, gateway and the development pod runner"
  API_PORT=$((18080 + ${NEWSROOM_PORT_OFFSET:-0}))
  OPERATOR_PORT=$((18081 + ${NEWSROOM_PORT_OFFSET:-0}))
  RUNNER_BASE_PORT=$((19100 + ${NEWSROOM_PORT_OFFSET:-0}))
  API="http://127.0.0.1:$API_PORT"
  POOL=(-n newsroom-system default)
  api_health() { curl -fsS --max-time 2 "$API/readyz" >/dev/null; }
  operator_health() { curl -fsS --max-time 2 "http://127.0.0.1:$OPERATOR_PORT/readyz" >/dev/null; }
  runner_health() { pid_of demo-runner >/dev/null; }
  # The demo's operator handles the example departments' namespaces and the fleet, and leaves alone the
  # Departments the test suites create (label newsroom.dev/test-suite).
  start_operator() {
    start_bg demo-operator env OPERATOR_PORT="$OPERATOR_PORT" OPERATOR_WATCH_NAMESPACES=dept-economy,dept-politics,newsroom-system \
      OPERATOR_DEPARTMENT_SELECTOR='!newsroom.dev/test-suite' node --enable-source-maps dist/operator/main.js
  }
  start_api() { start_bg demo-api env API_PORT="$API_PORT" API_HOST=127.0.0.1 node --enable-source-maps dist/api/main.js; }
  start_runner() {
    start_bg demo-runner env SELENIUM_DIR="$SELENIUM_DIR" RUNNER_BASE_PORT="$RUNNER_BASE_PORT" RUNNER_MAX_WORKERS=3 RUNNER_MAX_NODES=2 \
      node --enable-source-maps dist/test/runner/main.js
  }
  ensure_running demo-operator 60 operator_health start_operator || die "the operator did not start (.local/logs/demo-operator.log)"
  ensure_running demo-api 60 api_health start_api || die "the gateway did not start (.local/logs/demo-api.log)"
  ensure_running demo-runner 10 runner_health start_runner || die "the pod runner did not start (.local/logs/demo-runner.log)"
  LOOK_LOGS=".local/logs/ (demo-operator, demo-api, demo-runner, pods/)"
fi

step "4/6 two departments, two collections"
kubectl get departments economy politics -o custom-columns=DEPARTMENT:.metadata.name,NAMESPACES:.spec.namespaces,QUOTA:.spec.quota.inFlightTasks
token() { awk -v d="$1" '$1 == d { print $2 }' "$LOCAL/tokens.txt"; }
ECONOMY_TOKEN=$(token economy)
[[ -n "$ECONOMY_TOKEN" ]] || die "no economy token in .local/tokens.txt"
# Two small keyword-days at least a week old (stable on the portal), with comments: the fewest comments first.
CUT=$(date -u -d '7 days ago' +%F)
DAYS=$(curl -fsS "$PORTAL_URL/__truth/keyword-days?to=$CUT&min_comments=21&max_articles=30") || die "the portal's ground truth did not answer"
read -r KEYWORD DAY < <(jq -r '.days | sort_by(.comments) | .[0] | "\(.query) \(.date)"' <<<"$DAYS")
read -r KEYWORD2 DAY2 < <(jq -r --arg k "$KEYWORD" '.days | map(select(.query != $k)) | sort_by(.comments) | .[0] | "\(.query) \(.date)"' <<<"$DAYS")
[[ -n "$KEYWORD" && "$KEYWORD" != null && -n "$KEYWORD2" && "$KEYWORD2" != null ]] ||
  die "the portal has no two keyword-days up to $CUT with more than 20 comments and at most 30 articles"
echo "REST (economy): metadata of \"$KEYWORD\" on $DAY with comments"
START=$(curl -fsS -X POST "$API/collectors/metadata/start" -H "authorization: Bearer $ECONOMY_TOKEN" -H 'content-type: application/json' \
  -d "$(jq -nc --arg k "$KEYWORD" --arg d "$DAY" '{keyword: $k, start_date: $d, end_date: $d, method: "search", include_comments: true, department: "economy", priority: "high"}')")
REQUEST_ID=$(jq -r .request_id <<<"$START")
echo "  request_id $REQUEST_ID: $(jq -r .message <<<"$START")"
URLS=$(curl -fsS -G "$PORTAL_URL/__truth/search" --data-urlencode "query=$KEYWORD2" --data-urlencode "date=$DAY2" | jq -c '[.articles[] | select(.portal) | .portal_link] | .[0:3]')
COMMENTS_JOB="demo-comments-$(date +%H%M%S)"
echo "kubectl (politics): comments of $(jq length <<<"$URLS") articles about \"$KEYWORD2\" ($DAY2)"
kubectl apply -f - <<YAML
apiVersion: collection.newsroom.dev/v1alpha1
kind: CollectionJob
metadata:
  name: $COMMENTS_JOB
  namespace: dept-politics
spec:
  type: Comments
  articles:
    urls: $URLS
YAML

step "5/6 progress (jobs, queue depth, replicas)"
deadline=$((SECONDS + ${NEWSROOM_DEMO_TIMEOUT:-600}))
while :; do
  rest=$(curl -fsS "$API/collectors/status/$REQUEST_ID" -H "authorization: Bearer $ECONOMY_TOKEN" 2>/dev/null || echo '{}')
  rstatus=$(jq -r '.status // "?"' <<<"$rest"); rprog=$(jq -r '.progress // "-"' <<<"$rest")
  cjob=$(kubectl get coljob "$COMMENTS_JOB" -n dept-politics -o json 2>/dev/null || echo '{}')
  cphase=$(jq -r '.status.phase // "Pending"' <<<"$cjob"); cprog=$(jq -r '.status.progress // "-"' <<<"$cjob")
  pool=$(kubectl get collectorpool "${POOL[@]}" -o json)
  printf '[%s] REST job %-11s %4s | kubectl job %-9s %4s | queue %s | workers %s/%s busy %s | selenium nodes %s/%s, grid sessions %s/%s\n' \
    "$(date +%T)" "$rstatus" "$rprog" "$cphase" "$cprog" \
    "$(jq -r '[.status.queues[]? | select(.name | test("dead") | not) | "\(.name | split(".") | last)=\(.ready)+\(.unacked)"] | join(" ")' <<<"$pool")" \
    "$(jq -r '.status.workers.current // 0' <<<"$pool")" "$(jq -r '.status.workers.desired // 0' <<<"$pool")" "$(jq -r '.status.busySlots // 0' <<<"$pool")" \
    "$(jq -r '.status.seleniumNodes.current // 0' <<<"$pool")" "$(jq -r '.status.seleniumNodes.desired // 0' <<<"$pool")" \
    "$(jq -r '.status.grid.sessions // 0' <<<"$pool")" "$(jq -r '.status.grid.slots // 0' <<<"$pool")"
  if [[ "$rstatus" =~ ^(COMPLETED|FAILED|STOPPED)$ && "$cphase" =~ ^(Complete|Failed)$ ]]; then break; fi
  (( SECONDS > deadline )) && { log "the collections did not finish within ${NEWSROOM_DEMO_TIMEOUT:-600}s; they keep running"; break; }
  sleep 2
done

step "6/6 what was collected"
auth=(-H "authorization: Bearer $ECONOMY_TOKEN")
meta=$(curl -fsS -G "$API/data/metadata" "${auth[@]}" --data-urlencode "job=$REQUEST_ID" --data-urlencode count=true --data-urlencode limit=5)
comm=$(curl -fsS -G "$API/data/comments" "${auth[@]}" --data-urlencode "job=$REQUEST_ID" --data-urlencode count=true --data-urlencode limit=3)
truth=$(curl -fsS -G "$PORTAL_URL/__truth/search" --data-urlencode "query=$KEYWORD" --data-urlencode "date=$DAY" | jq -r '.total')
echo "REST job $REQUEST_ID (\"$KEYWORD\", $DAY): $(jq -r '.total' <<<"$meta") articles (the portal has $truth), $(jq -r '.total' <<<"$comm") comments"
jq -r '.data[] | "  - \(.title)  [\(.publisher // "-")]"' <<<"$meta"
jq -r '.data[] | "  > \((.text // "") | .[0:60])  (\(.author // "-"))"' <<<"$comm"
kubectl get coljob "$COMMENTS_JOB" -n dept-politics -o custom-columns=JOB:.metadata.name,PHASE:.status.phase,COMMENTS:.status.comments,PROGRESS:.status.progress
META_CSV="$OUT/metadata-$REQUEST_ID.csv"; COMM_CSV="$OUT/comments-$REQUEST_ID.csv"
curl -fsS -G "$API/data/metadata/download" "${auth[@]}" --data-urlencode "job=$REQUEST_ID" --data-urlencode format=csv -o "$META_CSV"
curl -fsS -G "$API/data/comments/download" "${auth[@]}" --data-urlencode "job=$REQUEST_ID" --data-urlencode format=csv -o "$COMM_CSV"
echo "CSV exports: $META_CSV ($(($(wc -l <"$META_CSV") - 1)) rows), $COMM_CSV ($(($(wc -l <"$COMM_CSV") - 1)) lines)"
cat <<EOF

The stack keeps running. Look around:
  set -a; source .local/env; set +a
  kubectl get newsroom -A                 # jobs, departments, the collector pool, news sources
  kubectl describe collectorpool ${POOL[*]}   # scaling decisions and events
  $API/docs                 # the gateway's API (token: .local/tokens.txt)
  logs: $LOOK_LOGS
Stop everything: make down
EOF
cat <<EOF

The web console: $API/
  sign in with the economy department's token: $ECONOMY_TOKEN
  (every token of the local stack is in .local/tokens.txt; the admin token sees every department and the fleet)
EOF
