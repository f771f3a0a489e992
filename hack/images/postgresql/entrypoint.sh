#!/bin/sh
# Initialises PGDATA when it is empty (POSTGRES_USER, default postgres; POSTGRES_PASSWORD, required;
# POSTGRES_DB, default the user's name), then runs postgres with the given arguments.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set; expected the password of $user for a new data directory}"
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256
  rm -f "$pwfile"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start
    psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -v db="$db" -c 'CREATE DATABASE :"db"' ||
      { pg_ctl -D "$PGDATA" -m fast -w stop; exit 1; }
    pg_ctl -D "$PGDATA" -m fast -w stop
  fi
  echo "postgres-entrypoint: initialised $PGDATA for $user (database $db)"
fi
exec postgres "$@"
