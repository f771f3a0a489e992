#!/bin/sh
# Starts rabbitmq-server. RabbitMQ 3.10 reads every file of a RABBITMQ_CONFIG_FILES folder as
# configuration, where later releases (and the chart's ConfigMap, which also holds enabled_plugins)
# expect only *.conf files: those are linked into a folder of their own under TMPDIR first.
set -eu
if [ -d "${RABBITMQ_CONFIG_FILES:-}" ]; then
  conf="${TMPDIR:-/tmp}/rabbitmq-conf.d"
  rm -rf "$conf"; mkdir -p "$conf"
  for f in "$RABBITMQ_CONFIG_FILES"/*.conf; do [ -e "$f" ] && ln -s "$f" "$conf/"; done
  export RABBITMQ_CONFIG_FILES="$conf"
fi
# Log files (the upgrade log, whatever RABBITMQ_LOGS says) go to TMPDIR: the root filesystem is read-only.
export RABBITMQ_LOG_BASE="${RABBITMQ_LOG_BASE:-${TMPDIR:-/tmp}/rabbitmq-log}"
mkdir -p "$RABBITMQ_LOG_BASE"
exec "$@"
