#!/usr/bin/env bash
# Fault run: PostgreSQL stopped for PG_DOWN seconds (10) and started again in the middle of a load run.
# Against a PRIVATE cluster only (bench/load/private_postgres.sh; never the shared 5432) and a private
# Redis started here. Reports what users saw (locust's failures, 5xx by path: the portal's Chinese 500
# page, which needs no database), whether the web and the workers recovered by themselves (/healthz
# 200 again without a restart), and checks that no accepted opinion and no delivery was lost or doubled.
#   PG_DIR=/tmp/ops_pg DATABASE_URL=postgres://postgres@127.0.0.1:55432/cp_load \
#     bench/load/fault_postgres.sh [USERS] [SECONDS] [WEB_PORT] [REDIS_PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${1:-60}"; SECONDS_="${2:-120}"; PORT="${3:-8801}"; RPORT="${4:-8803}"
OUT="${LOAD_OUT:-test-artifacts/load}"; mkdir -p "$OUT/redis"
export PATH="$PWD/.venv/bin:$PATH"
: "${PG_DIR:?PG_DIR: the folder of a private cluster, see bench/load/private_postgres.sh}"
PG_PORT="$(python -c 'import os, dj_database_url; print(dj_database_url.parse(os.environ["DATABASE_URL"])["PORT"])')"
[ "$PG_PORT" != 5432 ] || { echo "refusing: DATABASE_URL is the shared PostgreSQL (5432)" >&2; exit 2; }
redis-server --port "$RPORT" --save "" --appendonly no --dir "$OUT/redis" --daemonize yes --pidfile "$PWD/$OUT/redis/pid"
sleep 1
trap 'redis-cli -p "$RPORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
export REDIS_URL="redis://127.0.0.1:$RPORT/0" LOAD_SETTLE="${LOAD_SETTLE:-120}"
bench/load/run.sh "$USERS" "$SECONDS_" "$PORT" 3 > "$OUT/fault_postgres.txt" 2>&1 &
RUN=$!
# The fault falls inside the load: wait for locust to begin (the start-up takes a minute on a busy machine).
for _ in $(seq 600); do grep -q "^>> .* load: " "$OUT/fault_postgres.txt" 2>/dev/null && break; sleep 0.5; done
sleep $((SECONDS_ / 3))
echo ">> $(date +%T) /healthz before the fault: $(curl -s -o /dev/null -w "%{http_code}" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/healthz" || true)"
echo ">> $(date +%T) stopping PostgreSQL for ${PG_DOWN:-10} s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench/load/private_postgres.sh stop "$PG_DIR" "$PG_PORT"
down_at=$(date +%s.%N)
sleep "${PG_DOWN:-10}"
bench/load/private_postgres.sh start "$PG_DIR" "$PG_PORT" >/dev/null
echo ">> $(date +%T) PostgreSQL is back"
# The web and the workers recover by themselves (CONN_HEALTH_CHECKS, the workers' reconnect): /healthz 200.
for i in $(seq 120); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz" || true)"
  if [ "$code" = 200 ]; then
    echo ">> $(date +%T) /healthz 200 again, $(python -c "import time; print(round(time.time() - $down_at))") s after the stop"
    break
  fi
  sleep 1
done
[ "$code" = 200 ] || echo "!! /healthz still $code two minutes after PostgreSQL came back"
wait $RUN || true
echo "== what users saw (locust), 5xx by path, and the check (nothing lost or doubled)"
sed -n '/Response time percentiles/q;p' "$OUT/fault_postgres.txt" | tail -n +2 | grep -vE "^\s*$" | tail -40
sed -n '/^>> .*load over/,/^>> answers 5xx/p' "$OUT/fault_postgres.txt"
grep -oE '"[A-Z]+ [^ ?"]+[^"]*" [0-9]{3}' "$OUT/access.log" | awk '$NF ~ /^5/ {print $NF, $2}' | sort | uniq -c | sort -rn
sed -n '/^opinions accepted/,$p' "$OUT/fault_postgres.txt"
grep -q "^check: nothing lost, nothing doubled" "$OUT/fault_postgres.txt"
