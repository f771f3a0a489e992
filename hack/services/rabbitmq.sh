#!/usr/bin/env bash
# RabbitMQ (Debian's package) as an instance of our own, independent of any system-wide one: node
# newsroom@localhost, AMQP 127.0.0.1:35672, management 127.0.0.1:35673, distribution 35674, its own epmd
# on 34369, data/config/cookie under .local/rabbitmq, user newsroom/newsroom (administrator), no guest.
# Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).

RMQ_DIR="$LOCAL/rabbitmq"
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_NODE="newsroom${NEWSROOM_PORT_OFFSET:+$NEWSROOM_PORT_OFFSET}@localhost"

# The environment of our node (never the system-wide defaults).
RMQ_ENV=(
  HOME="$RMQ_DIR/home"
  RABBITMQ_NODENAME="$RMQ_NODE"
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT="$AMQP_PORT"
  RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT_LOCAL"
  ERL_EPMD_PORT="$RABBITMQ_EPMD_PORT"
  ERL_EPMD_ADDRESS=127.0.0.1
  RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"
  RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.config"
  RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"
  RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
  RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  RABBITMQ_PID_FILE="$RMQ_DIR/rabbitmq.pid"
  ERL_CRASH_DUMP="$RMQ_DIR/erl_crash.dump"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
)

# rmq_env CMD...: run CMD with the environment of our node.
rmq_env() { env "${RMQ_ENV[@]}" "$@"; }

rmq_api() { curl -fsS --max-time 3 -u newsroom:newsroom "$@"; }
rabbitmq_health() { rmq_api "http://127.0.0.1:$RABBITMQ_MGMT_PORT/api/overview" >/dev/null && port_busy "$AMQP_PORT"; }
epmd_health() { port_busy "$RABBITMQ_EPMD_PORT"; }

epmd_start() {
  require_free_ports epmd "$RABBITMQ_EPMD_PORT" || return 1
  start_bg epmd epmd -port "$RABBITMQ_EPMD_PORT" -address 127.0.0.1
}

rabbitmq_config() {
  mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  if [[ ! -s "$RMQ_DIR/home/.erlang.cookie" ]]; then
    (umask 077; openssl rand -hex 20 | tr -d '\n' >"$RMQ_DIR/home/.erlang.cookie")
  fi
  chmod 400 "$RMQ_DIR/home/.erlang.cookie"
  : >"$RMQ_DIR/rabbitmq-env.conf"
  echo '[rabbitmq_management].' >"$RMQ_DIR/enabled_plugins"
  # Classic (Erlang terms) format: it skips the schema translation of rabbitmq.conf, which costs
  # seconds at every boot. default_user is created on the first boot only, instead of guest.
  rm -f "$RMQ_DIR/rabbitmq.conf"
  cat >"$RMQ_DIR/rabbitmq.config" <<CONF
%% Written by hack/up.sh on every start.
[
  {rabbit, [
    {tcp_listeners, [{"127.0.0.1", $AMQP_PORT}]},
    {default_user, <<"newsroom">>},
    {default_pass, <<"newsroom">>},
    {default_user_tags, [administrator]},
    {default_permissions, [<<".*">>, <<".*">>, <<".*">>]},
    {loopback_users, [<<"guest">>]},
    {disk_free_limit, {absolute, 50000000}},
    {log, [
      {console, [{enabled, true}, {level, info},
                 {formatter, {rabbit_logger_text_fmt, #{use_colors => false}}}]},
      {file, [{file, false}]}
    ]}
  ]},
  {rabbitmq_management, [{tcp_config, [{ip, "127.0.0.1"}, {port, $RABBITMQ_MGMT_PORT}]}]}
].
CONF
}

rabbitmq_start() {
  require_free_ports rabbitmq "$AMQP_PORT" "$RABBITMQ_MGMT_PORT" "$RABBITMQ_DIST_PORT_LOCAL" || return 1
  [[ -x "$RMQ_BIN/rabbitmq-server" ]] || { log "rabbitmq: $RMQ_BIN/rabbitmq-server is missing (run hack/setup.sh)"; return 1; }
  rabbitmq_config
  start_bg rabbitmq env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmq-server"
}

rabbitmq_start_all() {
  start_service epmd epmd_health epmd_start || return 1
  wait_service epmd 10 epmd_health || return 1
  start_service rabbitmq rabbitmq_health rabbitmq_start
}

# rabbitmq_provision: user newsroom (administrator, full permissions on /) exists, guest does not.
rabbitmq_provision() {
  local api="http://127.0.0.1:$RABBITMQ_MGMT_PORT/api"
  if ! rmq_api "$api/whoami" >/dev/null 2>&1; then
    log "rabbitmq: creating user newsroom with rabbitmqctl"
    {
      rmq_env "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" add_user newsroom newsroom ||
        rmq_env "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" change_password newsroom newsroom
      rmq_env "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" set_user_tags newsroom administrator
      rmq_env "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" set_permissions -p / newsroom '.*' '.*' '.*'
    } >>"$LOG_DIR/rabbitmq.log" 2>&1
  fi
  rmq_api -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
    "$api/permissions/%2F/newsroom" >/dev/null || { log "rabbitmq: setting permissions for newsroom failed"; return 1; }
  if rmq_api "$api/users/guest" >/dev/null 2>&1; then
    rmq_api -X DELETE "$api/users/guest" >/dev/null && log "rabbitmq: removed user guest"
  fi
}

rabbitmq_down() {
  if pid_of rabbitmq >/dev/null; then
    log "stopping rabbitmq (rabbitmqctl stop)"
    # With the pid file, rabbitmqctl stop waits until the Erlang VM is gone.
    rmq_env timeout 60 "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" stop "$RMQ_DIR/rabbitmq.pid" >>"$LOG_DIR/rabbitmq.log" 2>&1 || true
  fi
  stop_pid rabbitmq 20
  stop_pid epmd 5
}

rabbitmq_purge() { rm -rf "$RMQ_DIR"; }
