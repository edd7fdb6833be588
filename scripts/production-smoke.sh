#!/usr/bin/env bash
# The production mode, served as README.md ("Serving") says, then fetched as people would use it.
#
#   DATABASE_URL=postgres://... REDIS_URL=redis://... scripts/production-smoke.sh
#
# With DJANGO_ENV=production: loads the small demo when the database has none, then `make
# serve-production` exactly as documented (collectstatic, migrate, compilemessages, then web (gunicorn),
# worker and beat from deploy/Procfile run by honcho) on loopback, the HTTPS redirect off with
# DJANGO_SECURE_SSL_REDIRECT=0 (no TLS on loopback: in service it ends at nginx), and fetches the login page, a static file, an admin page signed in, a PDF letter and /healthz
# (scripts/production_smoke.py). Any answer but the expected one fails the run. CI runs it (.ci/run).
#
# SMOKE_PORT (8010) is where gunicorn listens; the database named by DATABASE_URL gets the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
: "${REDIS_URL:?set REDIS_URL}"
BIN="${BIN:-.venv/bin}"
PORT="${SMOKE_PORT:-8010}"
work="$(mktemp -d -t congress-smoke.XXXXXX)"
serve_pid=""

cleanup() {
  # make, honcho, gunicorn and celery run in their own process group (setsid below): stop that group only.
  if [ -n "$serve_pid" ] && kill -0 -- "-$serve_pid" 2>/dev/null; then
    kill -TERM -- "-$serve_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 -- "-$serve_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_ENV=production
DJANGO_SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
HEALTHZ_TOKEN="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(24))')"
export DJANGO_SECRET_KEY HEALTHZ_TOKEN
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=0
export STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"
export PORT WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}" CELERY_CONCURRENCY="${CELERY_CONCURRENCY:-1}"
export LOG_FORMAT=json
export PATH="$PWD/$BIN:$PATH"

echo "== the small demo (the database needs its tables first)"
python manage.py migrate --no-input -v 0
python manage.py seed_demo --scale small >/dev/null  # loads once; a database that has it is left as it is
assignment="$(python manage.py shell -v 0 -c \
  "from proposals.models import Assignment; a = Assignment.objects.order_by('id').first(); print(f'{a.suggestion_id} {a.unit_id}')")"

echo "== make serve-production (web on 127.0.0.1:$PORT, worker, beat); log: $work/serve.log"
setsid make --no-print-directory serve-production >"$work/serve.log" 2>&1 &
serve_pid=$!

if ! python scripts/production_smoke.py "http://127.0.0.1:$PORT" --assignment $assignment --log "$work/serve.log" \
    --wait 240; then
  echo "-- last lines of the servers' log:"
  tail -n 60 "$work/serve.log"
  exit 1
fi
