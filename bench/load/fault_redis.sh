#!/usr/bin/env bash
# Fault run: Redis (a PRIVATE instance, never the shared one) stopped for 30 s in the middle of a load run.
# Reports what users saw (locust's failures by page) and checks that every accepted opinion is stored once.
#   DATABASE_URL=postgres://... bench/load/fault_redis.sh [USERS] [SECONDS] [WEB_PORT] [REDIS_PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${1:-60}"; SECONDS_="${2:-90}"; PORT="${3:-8801}"; RPORT="${4:-8803}"
OUT="test-artifacts/load"; mkdir -p "$OUT/redis"
redis-server --port "$RPORT" --save "" --appendonly no --dir "$OUT/redis" --daemonize yes --pidfile "$OUT/redis/pid"
sleep 1
export REDIS_URL="redis://127.0.0.1:$RPORT/0"
bench/load/run.sh "$USERS" "$SECONDS_" "$PORT" 3 > "$OUT/fault_redis.txt" 2>&1 &
RUN=$!
# The fault falls inside the load: wait for locust to begin (the start-up takes a minute on a busy machine).
for _ in $(seq 600); do grep -q "^>> .* load: " "$OUT/fault_redis.txt" 2>/dev/null && break; sleep 0.5; done
sleep $((SECONDS_ / 3))
echo ">> $(date +%T) stopping Redis for 30 s"
redis-cli -p "$RPORT" shutdown nosave || true
sleep 30
echo ">> $(date +%T) starting Redis again"
redis-server --port "$RPORT" --save "" --appendonly no --dir "$OUT/redis" --daemonize yes --pidfile "$OUT/redis/pid"
wait $RUN || true
redis-cli -p "$RPORT" shutdown nosave || true
grep -E "Aggregated|opinion|Error|occurrences|^[0-9]+ +" "$OUT/fault_redis.txt" | head -40
tail -1 "$OUT/fault_redis.txt"
