# RabbitMQ with its management and Prometheus plugins from Debian's packages on our base, started like
# the official image: RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS (read by the server itself),
# RABBITMQ_CONFIG_FILES and RABBITMQ_ENABLED_PLUGINS_FILE, logs to the console, data in /var/lib/rabbitmq.
mkdir -p "$WORK/ctx"
cp "$HERE/Containerfile" "$HERE/entrypoint.sh" "$WORK/ctx/"
bud "$WORK/ctx" "$WORK/ctx/Containerfile"
