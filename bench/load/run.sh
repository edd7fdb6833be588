#!/usr/bin/env bash
# A bounded load run: gunicorn (the portal as in service) on loopback, locust's mixed flows, then the
# check that every accepted opinion is stored once. Against the database in DATABASE_URL loaded with the
# large demo; REDIS_URL for the cache and the broker.
#   DATABASE_URL=postgres://... REDIS_URL=redis://... bench/load/run.sh [USERS] [SECONDS] [PORT] [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${1:-150}"; SECONDS_="${2:-120}"; PORT="${3:-8801}"; WORKERS="${4:-3}"
OUT="test-artifacts/load"; mkdir -p "$OUT"; rm -f "$OUT/access.log" "$OUT/gunicorn.log"
export DJANGO_DEBUG=0 DJANGO_TRUSTED_PROXY_COUNT=1 LOAD_SENT_FILE="$OUT/sent.txt"
.venv/bin/gunicorn congress_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --timeout 60 --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.3; done
.venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" -u "$USERS" -r 10 \
  -t "${SECONDS_}s" --csv "$OUT/run" --only-summary || true
.venv/bin/python bench/load/check.py "$OUT/sent.txt"
