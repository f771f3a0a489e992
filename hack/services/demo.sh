#!/usr/bin/env bash
# The programs `make demo` leaves running on the local stack: the operator, the gateway and the
# development pod runner (which owns the worker and Grid node processes of the pods). hack/down.sh
# stops them first. Sourced by hack/up.sh and hack/down.sh (needs hack/lib.sh).

DEMO_PROGRAMS=(demo-runner demo-api demo-operator)

# The runner stops its worker and Grid node processes itself on SIGTERM (workers drain their tasks).
demo_down() {
  local name
  for name in "${DEMO_PROGRAMS[@]}"; do stop_pid "$name" 40; done
}
