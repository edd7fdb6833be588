"""Settings read from the environment.

Nothing set: SQLite in the project folder, Celery tasks run in-process, e-mail to the console.
DATABASE_URL / REDIS_URL switch to PostgreSQL and Redis. DJANGO_ENV=production hardens
everything and refuses to start without a secret key and allowed hosts.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _development_secret_key():
    """A per-checkout random key kept in a git-ignored file, so sessions survive restarts."""
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS")
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_ENV=production needs DJANGO_SECRET_KEY.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production needs DJANGO_ALLOWED_HOSTS.")
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _development_secret_key()
    ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]", "testserver"]
    DEBUG = _env_bool("DJANGO_DEBUG", True)

CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with each user's navigation kept between pages (core/admin_site.py).
    "congress_portal.core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_celery_beat",
    # Cross-cutting parts of the portal.
    "congress_portal.core",
    "congress_portal.accounts",
    "congress_portal.organization",
    "congress_portal.audit",
    "congress_portal.notifications",
    "congress_portal.reports",
    "congress_portal.dashboard",
    "congress_portal.public",
    "congress_portal.meetings",
    "congress_portal.annual_report",
    # Domain apps.
    "deputies",
    "proposals",
    "supervision",
    "supervision.livelihood",
    "supervision.deliberation",
    "appointments",
]

MIDDLEWARE = [
    # First: one log line per request, with its id, user, status, time and queries (core/logs.py).
    "congress_portal.core.logs.RequestLogMiddleware",
    # /livez, the load balancer's liveness probe, answered before anything that needs a backend (core/health.py).
    "congress_portal.core.health.LivezMiddleware",
    # Outside production (no nginx in front): pages and static files go out compressed to a phone that
    # accepts it (issue 20.8). In production nginx compresses pages and WhiteNoise serves the pre-compressed
    # static files. Django's masked CSRF token keeps compressed pages from leaking it (BREACH).
    *([] if PRODUCTION else ["django.middleware.gzip.GZipMiddleware"]),
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congress_portal.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (policy below, "Security").
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress_portal.urls"
WSGI_APPLICATION = "congress_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} keeps each URL's shape: lists reverse one a row (core/templatetags/kept_url.py).
            "builtins": ["congress_portal.core.templatetags.kept_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress_portal.core.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's default planner costs assume spinning disks (a random read costing four sequential
        # ones) and then prefer scanning thousands of rows in order over an index lookup, e.g. for the
        # text search. On SSDs, as any server today, 1.1 is the documented choice; set the variable to
        # override it (or to "" to keep the server's own setting).
        page_cost = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")
        if page_cost:
            options = DATABASES["default"].setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c random_page_cost={float(page_cost)}".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # SQLite waits instead of failing at once when another writer holds the lock.
            "OPTIONS": {"timeout": 20},
        }
    }
# A read replica (PostgreSQL streaming replication) for the dashboards, ledgers and reports (core/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["congress_portal.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # No broker: tasks run in-process, at the call.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Tasks are idempotent; acknowledge after running so a killed worker's task is redelivered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must never hang because the broker is away: fail fast and let the outbox retry.
# visibility_timeout: a task taken by a worker that dies (not acknowledged) goes to another worker
# after this many seconds (Redis' default is an hour). Every task is safe to run twice (each step
# claims its rows), so it only has to outlast the longest task, so as not to run it twice for nothing:
# the large demo's first sweep of a day, 10-50 s.
# Three queues, so that the sweep (thousands of rows once a day) and document rendering never delay
# an immediate notification: a worker started without -Q consumes all three (one machine); in a
# larger install one worker per queue (README "Scaling out").
CELERY_TASK_QUEUES = [Queue("default"), Queue("documents"), Queue("sweep")]
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "notifications.sweep_reminders": {"queue": "sweep"},
    "notifications.send_digests": {"queue": "sweep"},
    "documents.*": {"queue": "documents"},
    "reports.*": {"queue": "documents"},
}
# unacked_restore_throttle 1: a worker looks for such orphaned tasks every 10 s (one ZRANGE). Kombu's default
# looks only every 10th time (100 s), so an orphan seen too young at one look waited 100 s more.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5,
                                   "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300")),
                                   "unacked_restore_throttle": 1}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed logins (per user name and address).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Reverse proxies in front of the portal that append to X-Forwarded-For (nginx: one). The lockouts and
# the citizens' opinion form then count the client's address, not the proxy's (core/client.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "congress_portal.core.client.client_address"

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
# Uploads live outside the code and static trees and are never executed or served as HTML.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads on S3-compatible storage (MinIO on premises; README "Scaling out") when a bucket is named, so
# that several web servers share them without a shared file system; MEDIA_ROOT otherwise. The bucket
# stays private (no ACL, no public policy): the portal reads each file after its permission check and
# streams it (core/files.py); no URL to the bucket is ever given to a browser.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
MEDIA_S3_OPTIONS = {
    "bucket_name": MEDIA_S3_BUCKET,
    "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
    "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
    "region_name": os.environ.get("MEDIA_S3_REGION", "us-east-1"),
    "location": os.environ.get("MEDIA_S3_PREFIX", "").strip("/"),
    "addressing_style": "path",  # MinIO serves buckets under the path, not as sub-domains
    "signature_version": "s3v4",
    "default_acl": None,
    "file_overwrite": False,  # a second upload of the same name gets a new name, as on the file system
    "querystring_auth": True,
    "querystring_expire": 60,
    # The one upload shown by its URL is a deputy's public photo (代表法 art. 58 data): with this set
    # (e.g. `rd.example.gov.cn/media-s3`), its URL is plain, under the portal's own host, where nginx
    # proxies only deputies/photos/ to the bucket (deploy/nginx/congress-portal.conf); every other
    # upload is sent by a view after its permission check and never addressed by URL.
    "custom_domain": os.environ.get("MEDIA_S3_PUBLIC_DOMAIN") or None,
    "url_protocol": os.environ.get("MEDIA_S3_PUBLIC_PROTOCOL", "https:"),
}
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": MEDIA_S3_OPTIONS}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------------
if os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
    # A mail server that stops answering fails the e-mail (retried later) instead of holding the run.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@rd.example.gov.cn")

# --- Exports ---------------------------------------------------------------------------------
# A ledger of more rows than this is made by the documents worker (progress, then a download) instead of in
# the request (the suggestions ledger of 50,000 rows ran past gunicorn's 60 s timeout); 0: always in the request.
EXPORT_ASYNC_ROWS = int(os.environ.get("EXPORT_ASYNC_ROWS", "5000"))
# Finished and failed exports (their files), and failed annual-report renders, are deleted this many days after
# they finish by the nightly purge (reports.purge_exports, reports.purge_annual_renders); 0: kept for ever.
EXPORT_KEEP_DAYS = int(os.environ.get("EXPORT_KEEP_DAYS", "7"))

# --- Notifications ------------------------------------------------------------------------
# SMS gateway: a class with send(mobile, text); the default writes each message to the log.
NOTIFICATIONS_SMS_BACKEND = os.environ.get("NOTIFICATIONS_SMS_BACKEND",
                                           "congress_portal.notifications.sms.LogBackend")
# E-mails and texts claimed and recorded per UPDATE by a delivery run; also the most messages whose fate a
# killed run leaves unknown (shown to staff as interrupted, never resent blindly).
NOTIFICATIONS_SEND_BATCH = int(os.environ.get("NOTIFICATIONS_SEND_BATCH", "50"))
# Days past a deadline after which it is put to the chairs' meeting.
NOTIFICATIONS_ESCALATE_AFTER_DAYS = int(os.environ.get("NOTIFICATIONS_ESCALATE_AFTER_DAYS", "30"))
# Each user's admin navigation is kept this long between pages (and retired when permissions change); 0: not kept.
ADMIN_NAVIGATION_CACHE_SECONDS = int(os.environ.get("ADMIN_NAVIGATION_CACHE_SECONDS", "300"))
# The header bell's unread count is cached this long per user (and refreshed when it changes); 0: not cached.
NOTIFICATIONS_BELL_CACHE_SECONDS = int(os.environ.get("NOTIFICATIONS_BELL_CACHE_SECONDS", "300"))

# --- Portal ---------------------------------------------------------------------------------
PORTAL_NAME = os.environ.get("PORTAL_NAME", "")  # empty: the district's name and the translated default name
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# The district the committee serves: in the header, on every public page, and in the letters (红头 and 落款:
# 武昌区住房和城市更新局); the demo's by default. CONGRESS_NAME (default <district>人大常委会) and the notices' 文号 prefix follow from it.
PORTAL_DISTRICT = os.environ.get("PORTAL_DISTRICT", "武昌区")
CONGRESS_NAME = os.environ.get("CONGRESS_NAME", "")
NOTICE_NUMBER_PREFIX = os.environ.get("NOTICE_NUMBER_PREFIX", "")  # default <district short>人大代交: 武昌人大代交

# --- Security (production) ------------------------------------------------------------------
# With Redis, sessions are stored in the database and read from the shared cache: a query fewer on
# every page, and nobody logged out when the cache is emptied or down (core/sessions.py). Without it,
# in the database alone: a per-process cache could keep a logged-out session alive in another process.
SESSION_ENGINE = "congress_portal.core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): everything is served from this origin (static/, no CDN); no inline
# script or style runs unless its tag carries the request's nonce ({{ request.csp_nonce }}), style=""
# attributes are refused (portal.css classes instead), and no site may frame the portal. data: images
# are Bootstrap's own form icons (checkbox, select arrow) written inside its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("DJANGO_HSTS_PRELOAD", True)

# --- Logs (core/logs.py) ------------------------------------------------------------------------
# One line per request (id, user, status, time, queries); a request slower than this is a warning.
LOG_SLOW_REQUEST_MS = float(os.environ.get("LOG_SLOW_REQUEST_MS", "1000"))
# "json": one JSON object a line, for a log collector; anything else: plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "congress_portal.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "congress_portal.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
# The worker logs through the same handler and format, so its task lines carry the request id.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Health checks (/healthz: core/health.py) ------------------------------------------------
# Monitoring sends this token (Authorization: Bearer ..., or X-Healthz-Token) to read every check;
# without it, and without a staff session, /healthz answers only its status and "ok" or "fail".
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# Each Celery worker writes a heartbeat this often; one not heard from within MAX_AGE counts as gone.
HEALTHZ_HEARTBEAT_SECONDS = float(os.environ.get("HEALTHZ_HEARTBEAT_SECONDS", "15"))
HEALTHZ_WORKER_MAX_AGE = float(os.environ.get("HEALTHZ_WORKER_MAX_AGE", "60"))
HEALTHZ_REDIS_TIMEOUT = float(os.environ.get("HEALTHZ_REDIS_TIMEOUT", "0.5"))
# A periodic task late by more than this fails the check.
HEALTHZ_BEAT_GRACE_SECONDS = int(os.environ.get("HEALTHZ_BEAT_GRACE_SECONDS", "300"))
# Beat writes each run's time back to the database as it sends the task (by default only every 3 minutes):
# /healthz reads it, and a beat restarted after a long stop would otherwise look late for 3 more minutes.
CELERY_BEAT_SYNC_EVERY = 1

# --- Serving behind nginx (deploy/) ------------------------------------------------------------
# nginx's internal location for private files (attachments, citizens' photos): the portal checks who
# asks and answers with X-Accel-Redirect, nginx sends the bytes (core/files.py). Empty: Django sends them.
PRIVATE_MEDIA_ACCEL_PREFIX = os.environ.get("PRIVATE_MEDIA_ACCEL_PREFIX", "")
