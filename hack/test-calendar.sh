#!/usr/bin/env bash
# make test-calendar: the suites that pick their data from the local portal's corpus, run as if today
# were 1, 7, 30 and 200 days later. libfaketime moves the clock of the stack's portal, of the suites and
# of every program they start (the machine's clock cannot be moved; the stack's other services keep
# it). They must pass unchanged, because the test corpus is pinned (test/corpus.env). Ends with
# "N passed, N failed" over every run; the portal is restarted on the real clock afterwards.
#   NEWSROOM_CALENDAR_DAYS="1 7 30 200"     the offsets, in days
#   NEWSROOM_CALENDAR_SUITES="worker.test e2e.test ..."   the suites (test/integration names)
source "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
for f in "$ROOT"/hack/services/*.sh; do source "$f"; done
cd "$ROOT"

DAYS=${NEWSROOM_CALENDAR_DAYS:-1 7 30 200}
SUITES=${NEWSROOM_CALENDAR_SUITES:-worker.test worker-faults worker-alt worker-lifecycle worker-comments-cancel worker-broker-restart e2e.test e2e-autoscale}
FAKETIME_LIB=$(dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n 1)
[[ -n "$FAKETIME_LIB" && -f "$FAKETIME_LIB" ]] || die "libfaketime is missing: run make setup (Debian package faketime)"

npm run --silent build
bash hack/up.sh
set -a; source "$LOCAL/env"; set +a
export FAKETIME_DONT_FAKE_MONOTONIC=1
# Runs a command with its clock (and its children's) OFFSET days ahead.
shifted() { # OFFSET COMMAND...
  local d="$1"; shift
  LD_PRELOAD="$FAKETIME_LIB" FAKETIME="+${d}d" "$@"
}

restart_portal() { # [OFFSET]
  portal_down
  if [[ -n "${1:-}" ]]; then shifted "$1" bash -c "source hack/lib.sh; source hack/services/portal.sh; portal_start"
  else portal_start; fi
  wait_service portal 30 portal_health
}
trap 'restart_portal >/dev/null 2>&1 || true' EXIT

passed=0 failed=0 skipped=0
for d in $DAYS; do
  log "calendar: today taken as $(date -u -d "+$d days" +%F) (+$d days)"
  restart_portal "$d" || die "the portal did not start under faketime +${d}d"
  for s in $SUITES; do
    out="$LOG_DIR/calendar-$d-$s.log"
    shifted "$d" node dist/test/run.js integration "integration/$s" >"$out" 2>&1 || true
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    [[ -n "$line" ]] || line="0 passed, 1 failed, 0 skipped"
    log "calendar: +${d}d $s: $line"
    read -r p _ f _ k _ <<<"${line//,/}"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${k:-0}))
  done
done
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
