#!/usr/bin/env bash
# A PostgreSQL cluster of one's own for the fault runs (never the shared one on 5432): initdb/pg_ctl from
# /usr/lib/postgresql/*/bin, run as the user postgres when called as root (initdb refuses root).
#   bench/load/private_postgres.sh start DIR PORT     # creates DIR/data on first use; prints DATABASE_URL's base
#   bench/load/private_postgres.sh stop|restart DIR PORT
set -euo pipefail
ACTION="$1"; DIR="$2"; PORT="$3"
[ "$PORT" != 5432 ] || { echo "refusing port 5432: the shared PostgreSQL" >&2; exit 2; }
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
OPTS="-p $PORT -k $DIR -c listen_addresses=127.0.0.1"
case "$ACTION" in
  start)
    mkdir -p "$DIR"; [ "$(id -u)" != 0 ] || chown postgres "$DIR"
    [ -d "$DIR/data" ] || as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -o "$OPTS" -l "$DIR/log" -w start >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT" ;;
  stop) as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null ;;
  restart) as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -o "$OPTS" -l "$DIR/log" -m fast -w restart >/dev/null ;;
  *) echo "start|stop|restart DIR PORT" >&2; exit 2 ;;
esac
