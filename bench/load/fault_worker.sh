#!/usr/bin/env bash
# Fault run: the Celery workers killed (SIGKILL, no warm shutdown) in the middle of a load run while the
# reminder sweep is delivering, then started again as systemd would (Restart=on-failure). Against a
# PRIVATE Redis (started here) and the database in DATABASE_URL (the large demo; never the shared one
# in a fault run: bench/load/private_postgres.sh). Reports what users saw (locust's failures, 5xx by
# path) and checks that no opinion and no delivery was lost or doubled (check.py).
#   DATABASE_URL=postgres://...:55432/... bench/load/fault_worker.sh [USERS] [SECONDS] [WEB_PORT] [REDIS_PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${1:-60}"; SECONDS_="${2:-120}"; PORT="${3:-8801}"; RPORT="${4:-8803}"
OUT="${LOAD_OUT:-test-artifacts/load}"; mkdir -p "$OUT/redis"
export PATH="$PWD/.venv/bin:$PATH"
# The day the sweep is run for: a day no earlier run planned, so that its deliveries are new.
SWEEP_AT="${SWEEP_AT:-$(date -d "+$((RANDOM % 200 + 30)) days" +%F)}"
redis-server --port "$RPORT" --save "" --appendonly no --dir "$OUT/redis" --daemonize yes --pidfile "$PWD/$OUT/redis/pid"
sleep 1
restarted=()
cleanup() {
  for pid in "${restarted[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 3
  for pid in "${restarted[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  redis-cli -p "$RPORT" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT
export REDIS_URL="redis://127.0.0.1:$RPORT/0"
# A killed worker's unacknowledged task goes to another worker after this (300 s in service).
export CELERY_VISIBILITY_TIMEOUT="${CELERY_VISIBILITY_TIMEOUT:-60}" LOAD_SETTLE="${LOAD_SETTLE:-240}"
bench/load/run.sh "$USERS" "$SECONDS_" "$PORT" 3 > "$OUT/fault_worker.txt" 2>&1 &
RUN=$!
# The fault falls inside the load: wait for locust to begin (the start-up takes a minute on a busy machine).
for _ in $(seq 600); do grep -q "^>> .* load: " "$OUT/fault_worker.txt" 2>/dev/null && break; sleep 0.5; done
sleep $((SECONDS_ / 4))
echo ">> $(date +%T) queueing the reminder sweep for $SWEEP_AT; load average $(cut -d' ' -f1-3 /proc/loadavg)"
python manage.py send_reminders --at "$SWEEP_AT" --queue > "$OUT/sweep_queued.txt"
tail -1 "$OUT/sweep_queued.txt"
# Wait until the sweep is sending e-mails and texts with some still waiting, then kill the workers.
since="$(cat "$OUT/started_at")"
for _ in $(seq 600); do
  state="$(python manage.py shell -v 0 -c "
from congress_portal.notifications.models import Delivery as D
rows = D.objects.filter(created_at__gte='$since', channel__in=['email', 'sms'])
print(rows.filter(status='sent').count(), rows.filter(status='pending').count())" 2>/dev/null || echo '0 0')"
  read -r sent waiting <<< "$state"
  [ "$sent" -gt 0 ] && [ "$waiting" -gt 0 ] && break
  sleep 0.5
done
echo ">> $(date +%T) the sweep has sent $sent e-mails and texts, $waiting wait"
killed=0
for queue in default sweep; do
  pid="$(cat "$OUT/worker-$queue.pid")"
  killed=$((killed + $(pgrep -g "$pid" | wc -l)))
  kill -KILL -- "-$pid" || true
done
echo "--killed $killed --sweep-at $SWEEP_AT" > "$OUT/check_args"  # for run.sh's check
echo ">> $(date +%T) killed the default and sweep workers ($killed processes, SIGKILL) while the sweep was sending"
sleep "${WORKER_DOWN:-10}"
echo ">> $(date +%T) starting them again"
for queue in default sweep; do
  concurrency=$([ "$queue" = default ] && echo 2 || echo 1)
  setsid celery -A congress_portal worker -Q "$queue" -l info --concurrency "$concurrency" -n "$queue-2@%h" \
    > "$OUT/worker-$queue-restarted.log" 2>&1 &
  restarted+=("$!")
done
wait $RUN || true
echo "== what users saw (locust), 5xx by path, and the check (nothing lost or doubled)"
sed -n '/Response time percentiles/q;p' "$OUT/fault_worker.txt" | tail -n +2 | grep -vE "^\s*$" | tail -40
sed -n '/^>> .*load over/,/^>> answers 5xx/p' "$OUT/fault_worker.txt"
grep -oE '"[A-Z]+ [^ ?"]+[^"]*" [0-9]{3}' "$OUT/access.log" | awk '$NF ~ /^5/ {print $NF, $2}' | sort | uniq -c | sort -rn
sed -n '/^opinions accepted/,$p' "$OUT/fault_worker.txt"
grep -q "^check: nothing lost, nothing doubled" "$OUT/fault_worker.txt"
