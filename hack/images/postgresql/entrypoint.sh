#!/bin/sh
# Initialises PGDATA when it is empty (POSTGRES_USER, default postgres; POSTGRES_PASSWORD, required;
# POSTGRES_DB, default the user's name), then runs postgres with the given arguments. The new cluster
# is made beside PGDATA and renamed into place once complete, so an interrupted start begins again.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set; expected the password of $user for a new data directory}"
  new="$PGDATA.new"
  rm -rf "$new"
  mkdir -p "$new"
  chmod 700 "$new"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$new" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256
  rm -f "$pwfile"
  printf "listen_addresses = '*'\n" >>"$new/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$new/pg_hba.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$new" -w -o "-c listen_addresses=''" start
    # psql interpolates :"db" in its input, not in -c.
    if ! echo 'CREATE DATABASE :"db";' | psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -v db="$db"; then
      pg_ctl -D "$new" -m fast -w stop; exit 1
    fi
    pg_ctl -D "$new" -m fast -w stop
  fi
  if [ -d "$PGDATA" ]; then rmdir "$PGDATA"; fi
  mv "$new" "$PGDATA"
  echo "postgres-entrypoint: initialised $PGDATA for $user (database $db)"
fi
exec postgres "$@"
