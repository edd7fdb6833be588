#!/usr/bin/env bash
# Sign-ins against other requests: the same load (bench/load/locust_logins.py: signers signing in
# without pause, readers opening their workbench) on gunicorn's sync workers, then on threaded workers
# (gthread: hashlib releases the GIL while it hashes a password, so a worker's other threads serve
# meanwhile), the production mode on loopback. Prints the readers' median and p95 for each.
#   DATABASE_URL=postgres://... REDIS_URL=redis://... bench/load/logins.sh [USERS] [SECONDS] [PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?DATABASE_URL: the database loaded with the large demo}"
USERS="${1:-20}"; SECONDS_="${2:-60}"; PORT="${3:-8831}"
OUT="${LOAD_OUT:-test-artifacts/load-logins}"; mkdir -p "$OUT"
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_ENV=production DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECRET_KEY="logins-$(python -c 'import secrets; print(secrets.token_urlsafe(40))')"
export DJANGO_TRUSTED_PROXY_COUNT=1 STATIC_ROOT="$PWD/$OUT/static" PORT WEB_CONCURRENCY=3
export AXES_FAILURE_LIMIT=1000 GUNICORN_ACCESS_LOG=/dev/null
[ -f "$STATIC_ROOT/staticfiles.json" ] || python manage.py collectstatic --no-input -v 0
for mode in sync gthread; do
  extra=(--worker-class sync); [ "$mode" = gthread ] && extra=(--worker-class gthread --threads 4)
  setsid gunicorn -c deploy/gunicorn.conf.py "${extra[@]}" congress_portal.wsgi:application > "$OUT/$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 0.3; done
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  locust -f bench/load/locust_logins.py --headless --host "http://127.0.0.1:$PORT" -u "$USERS" -r 20 \
    -t "${SECONDS_}s" --csv "$OUT/$mode" --only-summary > "$OUT/$mode.locust.txt" 2>&1 || true
  kill -TERM -- "-$pid"; wait "$pid" 2>/dev/null || true
  python - "$OUT/${mode}_stats.csv" "$mode" "$before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import csv, sys
rows = {r["Name"]: r for r in csv.DictReader(open(sys.argv[1]))}
def f(name):
    r = rows.get(name)
    return f"{name}: {r['Request Count']} requests, {r['Failure Count']} failed, median {r['50%']} ms, p95 {r['95%']} ms" if r else f"{name}: none"
print(f"{sys.argv[2]:8s} load average {sys.argv[3]} -> {sys.argv[4]}")
print("   ", f("reader: unit workbench"))
print("   ", f("sign-in"))
PY
done
