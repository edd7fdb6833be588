#!/usr/bin/env bash
# A bounded load run against the production mode on loopback: DJANGO_ENV=production (collected static
# files, Secure cookies; the HTTPS redirect off by its documented variable, locust sending nginx's
# X-Forwarded-Proto/-For as the one proxy in front), gunicorn with deploy/gunicorn.conf.py, and, when
# REDIS_URL is set, a Celery worker per queue and the one beat as deploy/Procfile starts them. Then
# locust's mixed flows, then check.py: every accepted opinion stored once, and every reminder delivery
# written during the run delivered once (none lost, none doubled).
#   DATABASE_URL=postgres://... REDIS_URL=redis://... bench/load/run.sh [USERS] [SECONDS] [PORT] [WORKERS]
# LOAD_SPAWN_RATE: users started per second (default 2: 150 users are all in after 75 s, and their
# sign-ins, a PBKDF2 check each, do not all land in the first seconds; raise it on a quiet machine).
# The last lines: "summary: ... requests, ... errors, ... requests/s, median, p95, p99, max; load average".
# Pids for the fault scripts: $OUT/gunicorn.pid, $OUT/worker-<queue>.pid (process group leaders).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?DATABASE_URL: the database loaded with the large demo}"
USERS="${1:-150}"; SECONDS_="${2:-120}"; PORT="${3:-8801}"; WORKERS="${4:-3}"
OUT="${LOAD_OUT:-test-artifacts/load}"; mkdir -p "$OUT"
rm -f "$OUT"/access.log "$OUT"/gunicorn.log "$OUT"/worker-*.log "$OUT"/worker-*.pid "$OUT"/beat.log "$OUT"/check_args
BIN="$PWD/.venv/bin"
export PATH="$BIN:$PATH"
export DJANGO_ENV=production DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-load-run-$(python -c 'import secrets; print(secrets.token_urlsafe(40))')}"
export DJANGO_TRUSTED_PROXY_COUNT=1 STATIC_ROOT="$PWD/$OUT/static" MEDIA_ROOT="$PWD/$OUT/media"
export LOAD_SENT_FILE="$OUT/sent.txt" LOAD_BEHIND_TLS=1 LOG_SLOW_REQUEST_MS="${LOG_SLOW_REQUEST_MS:-1000}"
export PORT WEB_CONCURRENCY="$WORKERS" GUNICORN_ACCESS_LOG="$OUT/access.log"
[ -f "$STATIC_ROOT/staticfiles.json" ] || python manage.py collectstatic --no-input -v 0
# The active accounts, so that locust signs in only as users this database has (locustfile.py _signable).
python manage.py shell -v 0 -c "from django.contrib.auth import get_user_model
print('\n'.join(get_user_model().objects.filter(is_active=True).values_list('username', flat=True)))" > "$OUT/users.txt"
export LOAD_USERS_FILE="$OUT/users.txt"
date -u +%Y-%m-%dT%H:%M:%S.%6NZ > "$OUT/started_at"

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
start() {  # start NAME COMMAND...: in its own process group, its pid in $OUT/NAME.pid
  local name="$1"; shift
  setsid "$@" > "$OUT/$name.log" 2>&1 &
  pids+=("$!"); echo "$!" > "$OUT/$name.pid"
}
start gunicorn gunicorn -c deploy/gunicorn.conf.py congress_portal.wsgi:application
if [ -n "${REDIS_URL:-}" ]; then
  # As deploy/Procfile: a worker per queue, one beat.
  start worker-default celery -A congress_portal worker -Q default -l info --concurrency 2 -n default@%h
  start worker-sweep celery -A congress_portal worker -Q sweep -l info --concurrency 1 -n sweep@%h
  start worker-documents celery -A congress_portal worker -Q documents -l info --concurrency 1 -n documents@%h
  start beat celery -A congress_portal beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler \
    --pidfile=
fi
for _ in $(seq 200); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 0.3; done
echo ">> $(date +%T) load: $USERS users for ${SECONDS_}s on 127.0.0.1:$PORT ($WORKERS gunicorn workers); load average $(cut -d' ' -f1-3 /proc/loadavg)"
SPAWN_RATE="${LOAD_SPAWN_RATE:-2}"
echo ">> spawn rate $SPAWN_RATE users/s; gunicorn $(python -c 'import runpy; c = runpy.run_path("deploy/gunicorn.conf.py"); print(c["worker_class"], c["workers"], "workers x", c["threads"], "threads")')"
locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" -u "$USERS" -r "$SPAWN_RATE" \
  -t "${SECONDS_}s" --csv "$OUT/run" --only-summary || true
echo ">> $(date +%T) load over; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# What nginx would have logged: answers 5xx by path, from gunicorn's access log.
# gunicorn stopped first, so that its access log is complete; the workers and beat run on for the check.
gpid="$(cat "$OUT/gunicorn.pid")"; kill -TERM -- "-$gpid" 2>/dev/null || true
for _ in $(seq 60); do kill -0 -- "-$gpid" 2>/dev/null || break; sleep 0.5; done
echo ">> answers 5xx by path (gunicorn's access log):"
grep -oE '"[A-Z]+ [^ ?"]+[^"]*" [0-9]{3}' "$OUT/access.log" | awk '$NF ~ /^5/ {print $NF, $2}' \
  | sort | uniq -c | sort -rn | head -10 || true
# The one line to read (p95, errors, requests/s), again at the very end.
SUMMARY="$(python bench/load/summary.py "$OUT/run_stats.csv" --users "$USERS" --seconds "$SECONDS_")"
echo ">> $SUMMARY"
trap 'stop_all; echo ">> $SUMMARY"' EXIT
# While the workers and beat still run: the check waits for them to catch up. $OUT/check_args: a fault
# script's facts (--killed N, --sweep-at DAY), written during the run.
# shellcheck disable=SC2046
python bench/load/check.py "$OUT/sent.txt" --since "$(cat "$OUT/started_at")" --settle "${LOAD_SETTLE:-120}" \
  --logs "$OUT/worker-*.log" $(cat "$OUT/check_args" 2>/dev/null || true)
