#!/usr/bin/env bash
# `make bench`: every part's benchmark against the running local stack, each writing its own section
# of BENCHMARKS.md. Load goes to 127.0.0.1 only, bounded in time.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
[[ -f "$LOCAL/env" ]] || die "the local stack is not up (no .local/env): run make up"
log "compiling"
npm run --silent build

log "REST gateway benchmark"
node --enable-source-maps dist/bench/api-bench.js

log "operator benchmarks (each prints one JSON line; figures go to BENCHMARKS.md by hand)"
node --enable-source-maps dist/bench/operator-burst.js 1000
node --enable-source-maps dist/bench/operator-latency.js 20 30
node --enable-source-maps dist/bench/operator-memory.js 10000

log "worker benchmark: storage (200,000 comments, storage layer against a naive writer)"
node --enable-source-maps dist/bench/worker-storage.js

log "article reader: Scrapinghub's article-extraction benchmark (181 pages, its scoring method)"
node --enable-source-maps dist/bench/article-extraction.js

log "article reader: accuracy and cost on the local portal's outlet pages"
node --enable-source-maps dist/bench/reader-accuracy.js 50

log "worker benchmark: collection throughput with 1, 2 and 4 browser sessions"
node --enable-source-maps dist/bench/worker-collect.js

log "autoscaling benchmark: reaction to 200-task bursts, a ramp of real tasks up and down, idle Grid slots after it"
SELENIUM_DIR="$SELENIUM_DIR" node --enable-source-maps dist/bench/autoscale.js
