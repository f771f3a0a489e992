#!/usr/bin/env bash
# Builds KEDA's operator and metrics adapter (the peer `make bench-peers` measures against) from the Go
# module proxy into the cache, and copies its CRDs. `go install` refuses KEDA because its go.mod has a
# replace directive, so a small build module repeats that replace (and its excludes) and builds both
# commands. Each binary is built once per machine and version; re-running is a no-op.
source "$(dirname "$0")/lib.sh"

KEDA_DIR="$CACHE/keda-$KEDA_VERSION"
if [[ -x "$KEDA_DIR/keda" && -x "$KEDA_DIR/keda-adapter" && -s "$KEDA_DIR/.complete" ]]; then
  log "KEDA $KEDA_VERSION: cached in $KEDA_DIR"
  exit 0
fi

exec 9>"$CACHE/.build-keda.lock"
if ! flock -n 9; then
  log "another build of KEDA is running; waiting for it to finish"
  flock 9
  [[ -s "$KEDA_DIR/.complete" ]] && { log "KEDA $KEDA_VERSION: cached in $KEDA_DIR"; exit 0; }
fi

mkdir -p "$KEDA_DIR" "$CACHE/src"
mod="$CACHE/src/keda-$KEDA_VERSION"
mkdir -p "$mod"
log "KEDA $KEDA_VERSION: downloading the module"
keda_src=$(cd "$CACHE" && go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[[ -n "$keda_src" && -f "$keda_src/go.mod" ]] || die "KEDA $KEDA_VERSION: module download failed"

if [[ ! -f "$mod/go.sum" ]]; then
  log "KEDA $KEDA_VERSION: resolving its modules (a few minutes the first time)"
  {
    echo "module newsroom.local/keda-build"
    echo
    echo "go $(sed -n 's/^go //p' "$keda_src/go.mod")"
    echo
    echo "require github.com/kedacore/keda/v2 $KEDA_VERSION"
    echo
    grep -E '^(replace|exclude) ' "$keda_src/go.mod"
  } >"$mod/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "github.com/kedacore/keda/v2/cmd/adapter"\n\t_ "github.com/kedacore/keda/v2/cmd/operator"\n)\n' >"$mod/tools.go"
  (cd "$mod" && go mod tidy 2>&1 | tail -n 5 >&2) || die "go mod tidy failed for KEDA $KEDA_VERSION"
fi

ldflags="-s -w -X=github.com/kedacore/keda/v2/version.Version=$KEDA_VERSION -X=github.com/kedacore/keda/v2/version.GitCommit=module-proxy"
for cmd in operator:keda adapter:keda-adapter; do
  pkg=${cmd%%:*} out=${cmd##*:}
  [[ -x "$KEDA_DIR/$out" ]] && { log "KEDA $KEDA_VERSION: $out cached"; continue; }
  log "KEDA $KEDA_VERSION: building $out (the first build takes many minutes on 2 cores)"
  started=$SECONDS
  # go build prints nothing for many minutes: a progress line every minute says it is still at work.
  (cd "$mod" && exec go build -trimpath -ldflags "$ldflags" -o "$KEDA_DIR/$out.tmp" "github.com/kedacore/keda/v2/cmd/$pkg") &
  build=$!
  trap 'kill "$build" 2>/dev/null || true' EXIT
  next=$((SECONDS + 60))
  while kill -0 "$build" 2>/dev/null; do
    sleep 2
    if ((SECONDS >= next)); then
      log "KEDA $KEDA_VERSION: still building $out ($((SECONDS - started))s)"
      next=$((SECONDS + 60))
    fi
  done
  wait "$build" || die "building KEDA's $out failed"
  trap - EXIT
  mv "$KEDA_DIR/$out.tmp" "$KEDA_DIR/$out"
  log "KEDA $KEDA_VERSION: $out built ($((SECONDS - started))s)"
done

rm -rf "$KEDA_DIR/config"
cp -r "$keda_src/config" "$KEDA_DIR/config"
chmod -R u+w "$KEDA_DIR/config"
date -Is >"$KEDA_DIR/.complete"
log "KEDA $KEDA_VERSION: operator, adapter and config in $KEDA_DIR"
