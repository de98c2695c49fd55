#!/usr/bin/env bash
# Fault test: the local RabbitMQ is stopped for a few seconds in the middle of a verified
# load-generator run, then started again. Passes when the load generator does: every
# notification delivered, none twice, all in order.
#
# Needs the RabbitMQ of this machine (rabbitmqctl, guest/guest on 127.0.0.1:5672) and stops
# its application (`rabbitmqctl stop_app`) for OUTAGE_SECONDS: do not run it against a broker
# that others use. Usage: ops/faults/broker-outage.sh [OUTAGE_SECONDS (default 8)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
outage="${1:-8}"
events=3000000
rate=150000
queue="fm-fault-outage-$$"
work="$(mktemp -d)"

command -v rabbitmqctl >/dev/null || { echo "broker-outage: rabbitmqctl not found" >&2; exit 2; }

pipeline=""
cleanup() {
  rabbitmqctl start_app >/dev/null 2>&1 || true
  if [[ -n "$pipeline" ]]; then kill "$pipeline" 2>/dev/null || true; wait "$pipeline" 2>/dev/null || true; fi
  rabbitmqctl delete_queue "$queue" >/dev/null 2>&1 || true
}
trap cleanup EXIT

export AMQP_URI=amqp://guest:guest@127.0.0.1:5672 AMQP_QUEUE="$queue" AMQP_EXCHANGE="$queue"
export EVENT_PORT="${EVENT_PORT:-19090}" USER_PORT="${USER_PORT:-19099}"
"$root/bin/follower-maze" >"$work/pipeline.out" 2>"$work/pipeline.err" &
pipeline=$!
for _ in $(seq 1 240); do
  grep -q "Stop it" "$work/pipeline.out" 2>/dev/null && break
  kill -0 "$pipeline" 2>/dev/null || { cat "$work/pipeline.err" >&2; exit 2; }
  sleep 0.5
done
grep -q "Stop it" "$work/pipeline.out" || { echo "broker-outage: the pipeline did not start" >&2; exit 2; }

# A client waits up to 60 s for its next line: longer than the outage and the reconnects.
"$root/bin/loadgen" --event-port "$EVENT_PORT" --user-port "$USER_PORT" --total-events "$events" \
  --rate "$rate" --timeout 60000 >"$work/loadgen.out" 2>&1 &
loadgen=$!
sleep $(( events / rate / 3 ))
echo "broker-outage: stopping RabbitMQ for ${outage} s, a third into the run" >&2
rabbitmqctl stop_app >/dev/null
sleep "$outage"
rabbitmqctl start_app >/dev/null
echo "broker-outage: RabbitMQ is back" >&2
status=0
wait "$loadgen" || status=$?
cat "$work/loadgen.out"
echo "broker-outage: the pipeline logged $(grep -c ' WARN ' "$work/pipeline.err" || true) WARN lines; logs in $work" >&2
if [[ $status -eq 0 ]]; then echo "broker-outage: PASS"; else echo "broker-outage: FAIL (loadgen exit $status)"; fi
exit "$status"
