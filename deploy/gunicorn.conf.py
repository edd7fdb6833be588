"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py congress_portal.wsgi:application`.

Every value can be changed from the environment without editing this file (see README, "Serving").
"""

import multiprocessing
import os

# Behind nginx on the same machine: loopback only. GUNICORN_BIND=unix:/run/congress-portal/web.sock works too.
bind = [os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")]

# Threaded workers (gthread): a sign-in checks its password with PBKDF2 (1,000,000 iterations, about
# 250 ms of CPU quiet, seconds on a loaded machine), and hashlib releases the GIL while it hashes, so
# the worker's other threads serve other requests meanwhile. With sync workers a few sign-ins at once
# held every worker: measured with bench/load/logins.sh (16 users, 4 signing in without pause, the
# rest opening their workbench; 3 workers, load average 9-11), the readers' median was 3,400 ms on
# sync workers and 310 ms on gthread workers of 4 threads (p95 8,700 vs 4,100 ms; 123 vs 285 pages
# served), sign-ins about the same (median 3.7 vs 4.2 s). 2 x cores + 1 workers keep the CPUs busy
# while some wait on PostgreSQL; WEB_CONCURRENCY and GUNICORN_THREADS override them (each thread may
# hold a PostgreSQL connection: workers x threads per web server).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A PDF letter or an Excel ledger of the large district takes a few seconds; nothing takes 60.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # nginx keeps connections to the upstream open (deploy/nginx: keepalive)

# Load the portal once in the master (congress_portal.wsgi warms it up and freezes it out of the
# garbage collector: core/warmup.py), then fork: the workers share those pages. Database and Redis
# connections are opened lazily, in each worker, never in the master.
preload_app = True
# Recycle a worker now and then, so a slow leak in a library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log to stdout (journald or honcho collects it), one line a request, with the request id that
# the portal's own log lines carry (core/logs.py) and the time in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus rid=%({x-request-id}o)s ua="%(a)s"'
# nginx on loopback is the only proxy gunicorn trusts for X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "congress-portal"
# gunicorn 27's control socket sits in the user's home (~/.gunicorn/gunicorn.ctl): two servers of one user
# on one machine (several web servers, a smoke run beside a real one) would take each other's. Not used.
control_socket_disable = True
