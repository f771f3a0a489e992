#!/usr/bin/env bash
# make test: setup, build, up, every suite, down. The last line is the runner's "N passed, N failed,
# N skipped", repeated after the stack is stopped so it closes the output.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

started=$SECONDS
bash hack/setup.sh
log "building"
npm run --silent build
bash hack/up.sh

set +e
node dist/test/run.js all 2>&1 | tee "$LOCAL/test-output.log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$LOCAL/test-output.log" | tail -n 1)

if [[ "${NEWSROOM_KEEP_STACK:-}" != "1" ]]; then bash hack/down.sh || log "stopping the stack failed"; fi
log "make test took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
echo "${summary:-0 passed, 1 failed}"
exit "$status"
