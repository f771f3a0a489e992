#!/usr/bin/env bash
# Gateway tokens for the local stack: the admin token (NEWSROOM_ADMIN_TOKEN of .local/env) and one
# token per example department (manifests/examples/departments.yaml). Writes
#   .local/api-tokens.json  the gateway's tokens file (SHA-256 hashes only; API_TOKENS_FILE)
#   .local/tokens.txt       the plain tokens, for people using the local stack
# and adds API_TOKENS_FILE to .local/env when missing. Idempotent: existing tokens are kept.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
[[ -f "$LOCAL/env" ]] || die ".local/env is missing: start the stack first (make up)"
admin=$(sed -n 's/^NEWSROOM_ADMIN_TOKEN=//p' "$LOCAL/env" | tail -n 1)
[[ -n "$admin" ]] || die ".local/env has no NEWSROOM_ADMIN_TOKEN"

departments=$(sed -n 's/^  name: *//p' manifests/examples/departments.yaml)
umask 077
declare -A tokens=([admin]="$admin")
if [[ -f "$LOCAL/tokens.txt" ]]; then
  while read -r who token _; do
    [[ -n "$who" && "$who" != \#* && "$who" != admin ]] && tokens[$who]="$token"
  done <"$LOCAL/tokens.txt"
fi
for d in $departments; do
  [[ -n "${tokens[$d]:-}" ]] || tokens[$d]=$(openssl rand -hex 24)
done

sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
{
  echo '# Gateway tokens of the local stack (plain; the gateway keeps only hashes). Use: Authorization: Bearer <token>'
  printf '%-10s %s\n' admin "${tokens[admin]}"
  for d in $departments; do printf '%-10s %s\n' "$d" "${tokens[$d]}"; done
} >"$LOCAL/tokens.txt.tmp"
{
  printf '{\n  "tokens": [\n    { "name": "admin", "admin": true, "sha256": "%s" }' "$(sha "${tokens[admin]}")"
  for d in $departments; do printf ',\n    { "name": "%s", "department": "%s", "sha256": "%s" }' "$d" "$d" "$(sha "${tokens[$d]}")"; done
  printf '\n  ]\n}\n'
} >"$LOCAL/api-tokens.json.tmp"
# Renames are atomic, so a running gateway never reads half a file.
mv "$LOCAL/tokens.txt.tmp" "$LOCAL/tokens.txt"
mv "$LOCAL/api-tokens.json.tmp" "$LOCAL/api-tokens.json"
grep -q '^API_TOKENS_FILE=' "$LOCAL/env" || echo "API_TOKENS_FILE=$LOCAL/api-tokens.json" >>"$LOCAL/env"
log "gateway tokens: admin and $(paste -sd, <<<"$departments") in .local/tokens.txt (hashes in .local/api-tokens.json)"
