#!/usr/bin/env bash
# PostgreSQL (Debian's package) as an instance of our own: data in .local/pg, 127.0.0.1:15433 only,
# role and database "newsroom". As root, the server runs as the "postgres" system user.
# Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [[ -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  log "postgres: no PostgreSQL server binaries under /usr/lib/postgresql (run hack/setup.sh)"
  return 1
}

# as_pg CMD...: run CMD as the user that owns the cluster (postgres refuses to run as root), from a
# directory that user can enter.
as_pg() { if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

# pg_paths: PG_BASE (real directory behind .local/pg), PG_DATA, PG_SOCK. When the checkout is not
# reachable for the postgres user (e.g. below a private home), the cluster lives under /var/tmp and
# .local/pg is a symlink to it.
pg_paths() {
  if [[ -L "$LOCAL/pg" || -d "$LOCAL/pg" ]]; then
    PG_BASE=$(readlink -f "$LOCAL/pg")
  else
    mkdir -p "$LOCAL"
    chmod o+x "$LOCAL"
    if ((EUID != 0)) || runuser -u postgres -- test -x "$LOCAL"; then
      PG_BASE="$LOCAL/pg"
    else
      PG_BASE="/var/tmp/newsroom-collector-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)/pg"
      log "postgres: the checkout is not reachable for the postgres user; data goes to $PG_BASE (linked as .local/pg)"
      mkdir -p "$PG_BASE"
      ln -sfn "$PG_BASE" "$LOCAL/pg"
    fi
  fi
  PG_DATA="$PG_BASE/data"
  PG_SOCK="$PG_BASE/run"
  PG_LOG="$PG_BASE/postgres.log" # the server writes it as the postgres user; linked from .local/logs
  # Unix socket paths are limited to 107 bytes.
  if (( ${#PG_SOCK} + 20 > 107 )); then PG_SOCK="/tmp/newsroom-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"; fi
}

pg_health() { "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }

pg_start() {
  local bin; bin=$(pg_bindir) || return 1
  pg_paths
  mkdir -p "$PG_BASE" "$PG_SOCK" "$LOG_DIR" "$RUN_DIR"
  touch "$PG_LOG"
  if ((EUID == 0)); then chown postgres: "$PG_BASE" "$PG_SOCK" "$PG_LOG"; fi
  ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    log "postgres: initdb into .local/pg"
    rm -rf "$PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 --no-sync >>"$PG_LOG" 2>&1 || return 1
    echo "include 'newsroom.conf'" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
  fi
  as_pg tee "$PG_DATA/newsroom.conf" >/dev/null <<CONF
# Written by hack/up.sh on every start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = 200
shared_buffers = 128MB
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
CONF
  # A postmaster.pid left by a crash is removed by postgres itself when its pid is gone.
  require_free_ports postgres "$PG_PORT" || return 1
  as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -W start >/dev/null || return 1
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$PG_DATA/postmaster.pid" ]] && break
    sleep 0.1
  done
  head -n1 "$PG_DATA/postmaster.pid" >"$RUN_DIR/postgres.pid" 2>/dev/null || true
}

pg_start_service() {
  # The server's own postmaster.pid is the truth; keep the pid file in step with it.
  pg_paths
  if [[ -s "$PG_DATA/postmaster.pid" ]]; then head -n1 "$PG_DATA/postmaster.pid" >"$RUN_DIR/postgres.pid"; fi
  start_service postgres pg_health pg_start
}

# shellcheck disable=SC2120 # takes psql options; the callers here feed it SQL on stdin only
pg_psql() { as_pg "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres "$@"; }

# pg_provision: role newsroom/newsroom (superuser: tests create databases and schemas) and database newsroom.
pg_provision() {
  pg_paths
  pg_psql >>"$LOG_DIR/postgres.log" 2>&1 <<'SQL' || { log "postgres: creating role/database newsroom failed; last lines of $LOG_DIR/postgres.log:"; tail -n 20 "$LOG_DIR/postgres.log" >&2; return 1; }
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom') THEN
    CREATE ROLE newsroom LOGIN SUPERUSER PASSWORD 'newsroom';
  ELSE
    ALTER ROLE newsroom LOGIN SUPERUSER PASSWORD 'newsroom';
  END IF;
END $$;
SELECT 'CREATE DATABASE newsroom OWNER newsroom' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'newsroom')\gexec
SQL
}

pg_down() {
  pg_paths
  if [[ -s "$PG_DATA/postmaster.pid" ]] && pg_bindir >/dev/null 2>&1; then
    log "stopping postgres"
    as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -t 30 stop >/dev/null 2>&1 || stop_pid postgres 10
  fi
  rm -f "$RUN_DIR/postgres.pid"
}

pg_purge() {
  pg_paths
  rm -rf "$PG_BASE"
  if [[ -L "$LOCAL/pg" ]]; then rm -f "$LOCAL/pg"; rmdir "$(dirname "$PG_BASE")" 2>/dev/null || true; fi
  [[ "$PG_SOCK" == /tmp/newsroom-pg-* ]] && rm -rf "$PG_SOCK"
  return 0
}
