#!/usr/bin/env bash
# make images: builds the images the local node runs, with no container registry, and imports them into
# the stack's containerd when it runs. The plan (names, tags, content hashes) comes from
# hack/images/catalog.ts; each image's recipe is hack/images/NAME/build.sh, run with REF, BASE_REF,
# WORK and the helpers below. Built images are kept as OCI archives in the cache, keyed by content hash:
# an unchanged image is not rebuilt.
#   hack/images.sh [build|import|values|list] [NAME...]
#     build (default)  build what is missing, then import into the stack's containerd if it runs
#     import           import the cached archives into the stack's containerd (hack/services/node.sh)
#     values           print the chart values that select the local images
#     list             print the plan: name, reference, base reference, archive
source "$(dirname "$0")/lib.sh"
umask 022

IMAGES_CACHE="$CACHE/images"
REGISTRY_PREFIX=newsroom.local/
BUILDAH_ROOT="$IMAGES_CACHE/storage"
BUILDAH_RUNROOT="$IMAGES_CACHE/runroot"

plan_lines() {
  [[ -f "$ROOT/dist/hack/images/plan.js" ]] || die "images: dist/hack/images/plan.js is missing (run make build first)"
  node "$ROOT/dist/hack/images/plan.js" list
}

# buildah with the cache's own storage: nothing goes to /var/lib/containers or /etc/cni.
bh() {
  buildah --root "$BUILDAH_ROOT" --runroot "$BUILDAH_RUNROOT" --storage-driver overlay "$@"
}

# bud CONTEXT CONTAINERFILE [BUILD-ARGS...]: build REF from a Containerfile, never pulling. With
# LAYERS=true every step's result is kept in buildah's storage and reused by the next build whose step
# and everything before it are the same (COPY compares the files' contents): the project image's
# npm ci steps run again only when package.json or package-lock.json change.
bud() {
  local context="$1" file="$2"; shift 2
  local args=() a
  for a in "$@"; do args+=(--build-arg "$a"); done
  [[ -n "${BASE_REF:-}" ]] && args+=(--build-arg "BASE=$BASE_REF")
  bh bud --isolation chroot --network host --pull-never --layers="${LAYERS:-false}" \
    --cni-config-dir "$IMAGES_CACHE/cni" "${args[@]}" "${NPM_MOUNTS[@]}" -f "$file" -t "$REF" "$context"
}

# The host's npm registry and certificate authorities (a TLS-inspecting proxy's CA, for one) reach the
# builds' npm as its global configuration, bind-mounted for the RUN steps only: nothing of the host is
# left in an image.
NPM_MOUNTS=()
npm_mounts() {
  local cafile registry rc="$IMAGES_CACHE/build-npmrc"
  cafile=$(npm config get cafile 2>/dev/null || true)
  registry=$(npm config get registry 2>/dev/null || true)
  echo "update-notifier=false" >"$rc"
  [[ -n "$registry" && "$registry" != undefined ]] && echo "registry=$registry" >>"$rc"
  if [[ -n "$cafile" && "$cafile" != null && "$cafile" != undefined && -s "$cafile" ]]; then
    echo "cafile=/run/build-ca.crt" >>"$rc"
    NPM_MOUNTS+=(--volume "$cafile:/run/build-ca.crt:ro")
  fi
  NPM_MOUNTS+=(--volume "$rc:/usr/local/etc/npmrc:ro")
}

# from_scratch ROOTFS_DIR_OR_TAR CONFIG-ARGS...: an image of one layer with the given buildah config.
from_scratch() {
  local src="$1" ctr; shift
  ctr=$(bh from scratch)
  if [[ -d "$src" ]]; then bh copy "$ctr" "$src/." /; else bh add "$ctr" "$src" /; fi
  bh config "$@" "$ctr"
  bh commit --rm "$ctr" "$REF" >/dev/null
}

# has_local REF: the image is in buildah's storage (a base for the next build).
has_local() { bh inspect --type image "$1" >/dev/null 2>&1; }

# ensure_local REF ARCHIVE: load a cached archive into buildah's storage when a build needs it as base.
ensure_local() {
  has_local "$1" && return 0
  [[ -s "$IMAGES_CACHE/$2" ]] || die "images: base image $1 is neither built nor cached"
  bh pull --quiet "oci-archive:$IMAGES_CACHE/$2" >/dev/null
  # The archive names the image in its index; tag it in case buildah named it by digest only.
  has_local "$1" || bh tag "$(bh images --noheading --format '{{.ID}}' | head -n1)" "$1"
}

build_one() { # NAME REF BASE_REF ARCHIVE
  local name="$1" ref="$2" base="$3" archive="$4" recipe="$ROOT/hack/images/$1/build.sh"
  [[ -f "$recipe" ]] || die "images: no recipe $recipe for image $name"
  if [[ "$base" != - ]]; then
    local base_archive
    base_archive=$(awk -F'\t' -v r="$base" '$2 == r {print $4}' <<<"$PLAN")
    ensure_local "$base" "$base_archive"
  fi
  local work="$IMAGES_CACHE/scratch/$name" started=$SECONDS logf="$IMAGES_CACHE/logs/$name.log"
  rm -rf "$work"; mkdir -p "$work" "$IMAGES_CACHE/logs"
  log "images: $name: building $ref (log $logf)"
  if ! (
    set -euo pipefail
    REF="$ref" BASE_REF=""; [[ "$base" != - ]] && BASE_REF="$base"
    WORK="$work" HERE="$ROOT/hack/images/$name"
    export REF BASE_REF WORK HERE
    # shellcheck source=/dev/null
    source "$recipe"
  ) >"$logf" 2>&1; then
    tail -n 30 "$logf" >&2
    die "images: building $name failed (the lines above are the end of $logf)"
  fi
  log "images: $name: writing $archive"
  bh push --quiet "$ref" "oci-archive:$IMAGES_CACHE/$archive.tmp:$ref" >>"$logf" 2>&1 ||
    { tail -n 20 "$logf" >&2; die "images: writing the archive of $name failed"; }
  mv "$IMAGES_CACHE/$archive.tmp" "$IMAGES_CACHE/$archive"
  rm -rf "$work"
  log "images: $name: built in $((SECONDS - started))s ($(du -m "$IMAGES_CACHE/$archive" | cut -f1) MB)"
}

# Selected images (all by default).
selected() { # NAME
  ((${#NAMES[@]} == 0)) && return 0
  local n; for n in "${NAMES[@]}"; do [[ "$n" == "$1" ]] && return 0; done; return 1
}

# Paths buildah creates outside its storage whatever its flags (a CNI lock, its blob-info cache):
# removed after the build when they were not there before.
BUILDAH_FIXED_PATHS=(/etc/cni /var/lib/containers)
forget_fixed_paths() {
  local p
  for p in "${BUILDAH_FIXED_PATHS[@]}"; do [[ " ${PREEXISTING[*]} " == *" $p "* ]] || rm -rf "$p"; done
}

build_all() {
  command -v buildah >/dev/null || die "images: buildah is missing (run make setup)"
  PREEXISTING=()
  local p
  for p in "${BUILDAH_FIXED_PATHS[@]}"; do [[ -e "$p" ]] && PREEXISTING+=("$p"); done
  trap forget_fixed_paths EXIT
  mkdir -p "$IMAGES_CACHE/cni"
  npm_mounts
  exec 8>"$IMAGES_CACHE/.build.lock"
  flock -n 8 || { log "images: another image build is running; waiting for it"; flock 8; }
  local name ref base archive built=0 started=$SECONDS
  while IFS=$'\t' read -r name ref base archive where; do
    selected "$name" || continue
    if [[ -s "$IMAGES_CACHE/$archive" ]]; then log "images: $name: cached ($ref)"; continue; fi
    build_one "$name" "$ref" "$base" "$archive"
    built=$((built + 1))
  done <<<"$PLAN"
  log "images: $built built, all in $IMAGES_CACHE ($((SECONDS - started))s)"
}

# import_all: into the stack's containerd (namespace k8s.io), skipping images it already has.
import_all() {
  local sock="$LOCAL/node/containerd/containerd.sock"
  if [[ ! -S "$sock" ]]; then log "images: the stack's containerd is not running; make up imports the images"; return 0; fi
  local have name ref base archive started
  have=$(ctr --address "$sock" -n k8s.io images ls -q 2>/dev/null) || die "images: cannot list the images of containerd at $sock"
  while IFS=$'\t' read -r name ref base archive where; do
    if ! selected "$name" || [[ "$where" != node ]]; then continue; fi
    grep -qxF "$ref" <<<"$have" && { log "images: $name: already in containerd"; continue; }
    [[ -s "$IMAGES_CACHE/$archive" ]] || { log "images: $name: $ref is not built, so not imported (make images builds it)"; continue; }
    started=$SECONDS
    ctr --address "$sock" -n k8s.io images import "$IMAGES_CACHE/$archive" >/dev/null ||
      die "images: importing $IMAGES_CACHE/$archive into containerd failed"
    grep -qxF "$ref" <<<"$(ctr --address "$sock" -n k8s.io images ls -q)" ||
      die "images: containerd has no $ref after importing $archive"
    log "images: $name: imported into containerd ($((SECONDS - started))s)"
  done <<<"$PLAN"
  # Our images of earlier builds (other content hashes) are removed; the plan's stay.
  local stale
  stale=$(grep "^$REGISTRY_PREFIX" <<<"$have" | grep -vxF -f <(cut -f2 <<<"$PLAN") || true)
  for ref in $stale; do
    ctr --address "$sock" -n k8s.io images rm "$ref" >/dev/null 2>&1 && log "images: removed the stale $ref from containerd"
  done
  return 0
}

mode="${1:-build}"; shift || true
NAMES=("$@")
PLAN=$(plan_lines) || die "images: computing the image plan failed"
for n in "${NAMES[@]}"; do
  awk -F'\t' -v n="$n" '$1 == n {found=1} END {exit !found}' <<<"$PLAN" ||
    die "images: unknown image $n (expected one of $(cut -f1 <<<"$PLAN" | paste -sd' '))"
done
case "$mode" in
  build) build_all; import_all ;;
  import) import_all ;;
  values) node "$ROOT/dist/hack/images/plan.js" values ;;
  list) echo "$PLAN" ;;
  *) die "unknown mode $mode (expected build, import, values or list)" ;;
esac
