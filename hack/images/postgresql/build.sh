# PostgreSQL from Debian's packages on our base, started like the official image: POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB and PGDATA initialise an empty data directory; arguments go to postgres.
mkdir -p "$WORK/ctx"
cp "$HERE/Containerfile" "$HERE/entrypoint.sh" "$WORK/ctx/"
bud "$WORK/ctx" "$WORK/ctx/Containerfile"
