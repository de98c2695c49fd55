#!/usr/bin/env bash
# Fault test: the processor is killed in the middle of a verified load-generator run and started
# again on the same state directory. The listener and the processor run as separate processes
# against the local RabbitMQ; the load generator's clients reconnect (--reconnect) and each must
# get, from its reconnection on, exactly the notifications the whole history implies.
#
#   --signal KILL (default)  kill -9: no last snapshot, no last acknowledgements. The restarted
#                            processor restores the last snapshot, and the broker redelivers what
#                            it does not cover.
#   --signal TERM            graceful: the processor delivers and acknowledges what it has and
#                            writes a last snapshot before it exits (status 0). Checked on top:
#                            the restart resumes exactly after the last event released (nothing
#                            released is lost, nothing is released twice).
#
# In both cases it also checks that the events released by the restarted processor, added to
# those its snapshot covered, are exactly the events sent (nothing consumed is lost), and that
# the queue is empty at the end. Passes when all the checks do. Leaves RabbitMQ running; deletes
# its own queues. Usage:
#   ops/faults/processor-crash.sh [--signal KILL|TERM] [--events N] [--rate EVENTS_PER_S] [--down SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
signal=KILL
events=2000000
rate=100000
down=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --signal) signal="${2#SIG}"; shift 2 ;;
    --events) events="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --down) down="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "processor-crash: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$signal" == KILL || "$signal" == TERM ]] || { echo "processor-crash: --signal $signal (expected KILL or TERM)" >&2; exit 2; }
name="processor-crash-$(echo "$signal" | tr '[:upper:]' '[:lower:]')"
queue="fm-fault-crash-$$"
work="$(mktemp -d)"
state="$work/state"
mkdir -p "$state"

command -v rabbitmqctl >/dev/null || { echo "$name: rabbitmqctl not found" >&2; exit 2; }

listener="" processor="" loadgen=""
stop() { # stop PID: SIGTERM, bounded wait, then SIGKILL
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$loadgen"; stop "$processor"; stop "$listener"
  rabbitmqctl delete_queue "$queue" >/dev/null 2>&1 || true
  rabbitmqctl delete_queue "$queue.rejected" >/dev/null 2>&1 || true
  delete_exchanges "$queue" "$queue.rejected" || true
}

# rabbitmqctl cannot delete an exchange: a few lines of Java with the listener's AMQP client do.
delete_exchanges() {
  cat >"$work/DeleteExchanges.java" <<'JAVA'
public class DeleteExchanges {
    public static void main(String[] names) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(System.getenv("AMQP_URI"));
        try (com.rabbitmq.client.Connection connection = factory.newConnection("processor-crash cleanup")) {
            for (String name : names) {
                try (com.rabbitmq.client.Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(name);
                }
            }
        }
    }
}
JAVA
  java -cp "$root/listener-service/target/lib/*" "$work/DeleteExchanges.java" "$@" >/dev/null 2>&1
}
trap cleanup EXIT

# await FILE PATTERN PID WHAT: waits (at most 120 s) for PATTERN in FILE while PID lives.
await() {
  for _ in $(seq 1 240); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; echo "$name: $4 exited before it was ready" >&2; exit 2; }
    sleep 0.5
  done
  echo "$name: $4 not ready within 120 s" >&2; exit 2
}

# Build once, before anything runs (each launcher would otherwise build on first use).
"$root/bin/listener-service" --help >/dev/null
"$root/bin/processor-service" --help >/dev/null
"$root/bin/loadgen" --help >/dev/null

export AMQP_URI=amqp://guest:guest@127.0.0.1:5672 AMQP_QUEUE="$queue" AMQP_EXCHANGE="$queue"
export EVENT_PORT="${EVENT_PORT:-29190}" USER_PORT="${USER_PORT:-29199}"
"$root/bin/listener-service" 2>"$work/listener.err" &
listener=$!
await "$work/listener.err" "listener-service: event port" "$listener" "the listener"
STATE_DIR="$state" "$root/bin/processor-service" 2>"$work/processor-1.err" &
processor=$!
await "$work/processor-1.err" "processor-service ready" "$processor" "the processor"

# Clients reconnect; one waits up to 60 s for a line (longer than the restart). The window holds
# every event of the run, so a line sent again after the restart can always be checked.
"$root/bin/loadgen" --event-port "$EVENT_PORT" --user-port "$USER_PORT" --total-events "$events" \
  --rate "$rate" --timeout 60000 --reconnect --window 4194304 >"$work/loadgen.out" 2>&1 &
loadgen=$!
await "$work/loadgen.out" "connecting the event source" "$loadgen" "the load generator"
sleep "$(awk -v e="$events" -v r="$rate" 'BEGIN { printf "%.3f", e / r / 3 }')"   # a third of the run, in fractions of a second too
echo "$name: SIG$signal to the processor (pid $processor), a third into the run" >&2
kill -s "$signal" "$processor"
for _ in $(seq 1 60); do kill -0 "$processor" 2>/dev/null || break; sleep 0.5; done   # at most 30 s
if kill -0 "$processor" 2>/dev/null; then
  echo "$name: FAIL: the processor had not exited 30 s after SIG$signal; killing it" >&2
  exit 1   # the cleanup kills it
fi
first_status=0
wait "$processor" || first_status=$?
processor=""
echo "$name: the processor exited with status $first_status; down for ${down} s" >&2
sleep "$down"
STATE_DIR="$state" "$root/bin/processor-service" 2>"$work/processor-2.err" &
processor=$!
await "$work/processor-2.err" "processor-service ready" "$processor" "the restarted processor"
echo "$name: the processor is back (pid $processor)" >&2

status=0
wait "$loadgen" || status=$?
loadgen=""
cat "$work/loadgen.out"

failures=()
[[ $status -eq 0 ]] || failures+=("loadgen exit $status")
# Nothing left in the queue, delivered or not.
left="$(rabbitmqctl list_queues name messages messages_unacknowledged 2>/dev/null | awk -v q="$queue" '$1 == q {print $2 + $3}')"
[[ "$left" == 0 ]] || failures+=("queue $queue holds ${left:-?} messages at the end")
stop "$processor"
processor=""
restored="$(grep 'restored state from' "$work/processor-2.err" | grep -o 'next expected event [0-9]*' | grep -o '[0-9]*$' | head -1 || true)"
released_2="$(grep -o 'stopped: [0-9]* events released' "$work/processor-2.err" | grep -o '[0-9]\+' | head -1 || true)"
[[ -n "$restored" ]] || failures+=("the restarted processor restored no snapshot")
if [[ -n "$restored" && -n "$released_2" ]]; then
  # Covered by the snapshot (restored - 1), plus released after the restart: every event, once.
  [[ $(( restored - 1 + released_2 )) -eq $events ]] \
    || failures+=("snapshot covered $(( restored - 1 )) events and the restart released $released_2: not $events")
else
  failures+=("no stop line from the restarted processor")
fi
if [[ "$signal" == TERM ]]; then
  [[ $first_status -eq 0 ]] || failures+=("SIGTERM: the processor exited with status $first_status, not 0")
  released_1="$(grep -o 'stopped: [0-9]* events released' "$work/processor-1.err" | grep -o '[0-9]\+' | head -1 || true)"
  [[ -n "$released_1" && "$restored" == $(( released_1 + 1 )) ]] \
    || failures+=("SIGTERM: the first processor released ${released_1:-?} events, the restart resumed at ${restored:-?}")
fi
echo "$name: first processor exit $first_status; restored next expected ${restored:-?}; released after the restart ${released_2:-?}" \
  "(${released_1:-n/a} before a graceful stop); queue left ${left:-?}; logs in $work" >&2
echo "$name: the processors logged $(cat "$work"/processor-*.err | grep -c ' WARN ' || true) WARN and" \
  "$(cat "$work"/processor-*.err | grep -c ' ERROR ' || true) ERROR lines" >&2
if [[ ${#failures[@]} -eq 0 ]]; then
  echo "$name: PASS"
else
  echo "$name: FAIL: $(printf '%s; ' "${failures[@]}")"
  exit 1
fi
