#!/usr/bin/env bash
# deploy/nginx/congress-portal.conf in front of gunicorn, on loopback, checked as a browser would use it.
#
#   DATABASE_URL=postgres://... REDIS_URL=redis://... scripts/nginx-smoke.sh
#
# Renders the nginx site for loopback (ports NGINX_SMOKE_PORT: HTTP, +1: HTTPS with a throw-away
# self-signed certificate; paths under a temporary folder; gunicorn on +2), checks it with `nginx -t`,
# starts gunicorn with DJANGO_ENV=production and PRIVATE_MEDIA_ACCEL_PREFIX=/_protected/, and fetches
# through nginx (scripts/nginx_smoke.py): HTTP -> HTTPS, the login page and a static file, a suggestion's
# attachment for its deputy (the portal checks, nginx sends the bytes), the same for another deputy
# (404), /_protected/ and /media/ asked directly (404), a 13 MB upload (413).
#
# nginx: the one on PATH, or Debian's package unpacked into var/nginx (apt-get download, never installed
# as a service, so nothing starts on port 80). The database gets the small demo when it has none.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
: "${REDIS_URL:?set REDIS_URL}"
BIN="${BIN:-.venv/bin}"
HTTP_PORT="${NGINX_SMOKE_PORT:-8020}"
HTTPS_PORT=$((HTTP_PORT + 1))
WEB_PORT=$((HTTP_PORT + 2))
work="$(mktemp -d -t congress-nginx.XXXXXX)"
web_pid=""
nginx_bin=""

cleanup() {
  if [ -n "$nginx_bin" ] && [ -f "$work/nginx.pid" ]; then
    "$nginx_bin" -p "$work" -c "$work/nginx.conf" -s quit 2>/dev/null || true
  fi
  if [ -n "$web_pid" ] && kill -0 "$web_pid" 2>/dev/null; then
    kill -TERM "$web_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$web_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if command -v nginx >/dev/null 2>&1; then
  nginx_bin="$(command -v nginx)"
else
  if [ ! -x var/nginx/usr/sbin/nginx ]; then
    echo "== nginx is not installed: unpacking Debian's nginx package into var/nginx"
    mkdir -p var/nginx/deb
    (cd var/nginx/deb && { apt-get download nginx nginx-common >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get download nginx nginx-common >/dev/null; }; })
    for deb in var/nginx/deb/*.deb; do dpkg-deb -x "$deb" var/nginx; done
  fi
  nginx_bin="$PWD/var/nginx/usr/sbin/nginx"
fi
mime_types="$(dirname "$nginx_bin")/../../etc/nginx/mime.types"
[ -f "$mime_types" ] || mime_types=/etc/nginx/mime.types

echo "== the site for loopback: http $HTTP_PORT, https $HTTPS_PORT, gunicorn $WEB_PORT ($work)"
mkdir -p "$work/tls" "$work/logs" "$work/tmp" "$work/var/static" "$work/var/media"
chmod 755 "$work"  # nginx's workers run as an unprivileged user, as www-data in service: they read var/
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$work/tls/privkey.pem" -out "$work/tls/fullchain.pem" 2>/dev/null
# Only addresses, names and paths change; every location and limit is the shipped file's.
sed -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$HTTPS_PORT ssl http2;#" \
    -e "/listen \[::\]/d" \
    -e "s#server_name rd.example.gov.cn;#server_name 127.0.0.1;#" \
    -e "s#return 301 https://\$host\$request_uri;#return 301 https://\$host:$HTTPS_PORT\$request_uri;#" \
    -e "s#/etc/ssl/congress-portal#$work/tls#" \
    -e "s#/srv/congress-portal/var#$work/var#g" \
    -e "s#/var/log/nginx#$work/logs#" \
    -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$WEB_PORT;#" \
    deploy/nginx/congress-portal.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
    include $mime_types;
    default_type application/octet-stream;
    access_log $work/logs/access.log;
    client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fcgi;
    uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
    sendfile on;
    include $work/site.conf;
}
EOF
"$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf"

export DJANGO_ENV=production
DJANGO_SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS="127.0.0.1" DJANGO_CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$HTTPS_PORT"
export DJANGO_TRUSTED_PROXY_COUNT=1 PRIVATE_MEDIA_ACCEL_PREFIX=/_protected/
export STATIC_ROOT="$work/var/static" MEDIA_ROOT="$work/var/media"
export PORT="$WEB_PORT" WEB_CONCURRENCY=2
export PATH="$PWD/$BIN:$PATH"

python manage.py migrate --no-input -v 0
python manage.py seed_demo --scale small >/dev/null
python manage.py collectstatic --no-input -v 0
# A draft's attachment, added through the service as its deputy would, and a deputy who may not read it
# (neither its lead nor a co-signer): "<attachment id> <owner> <stored name> <outsider>".
attachment="$(python manage.py shell -v 0 -c "
from django.core.files.uploadedfile import SimpleUploadedFile
from congress_portal.accounts.models import User
from proposals import services
from proposals.models import Suggestion
s = Suggestion.objects.filter(status='draft').select_related('lead_deputy__user').order_by('id').first()
user = s.lead_deputy.user
a = services.attachment_add(suggestion=s, actor=user, upload=SimpleUploadedFile('现场说明.pdf', b'%PDF-1.4 nginx smoke'))
readers = [s.lead_deputy_id, *s.cosigners.values_list('deputy_id', flat=True)]
outsider = User.objects.filter(role='deputy').exclude(deputy_id__in=readers).order_by('username').first()
print(a.pk, user.username, a.file.name, outsider.username)")"

gunicorn -c deploy/gunicorn.conf.py congress_portal.wsgi:application >"$work/logs/gunicorn.log" 2>&1 &
web_pid=$!
"$nginx_bin" -p "$work" -c "$work/nginx.conf"

if ! python scripts/nginx_smoke.py "$HTTP_PORT" "$HTTPS_PORT" $attachment; then
  echo "-- nginx errors:"; tail -n 20 "$work/logs/error.log"
  echo "-- gunicorn:"; tail -n 30 "$work/logs/gunicorn.log"
  exit 1
fi
