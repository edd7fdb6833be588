"""Logs that tie a request to everything it caused.

- Every request gets an id (nginx's X-Request-ID when it sends a sane one, else a new one), sent back
  in the X-Request-ID response header and added to every log line written while it runs.
- One line per request when it ends: method, path, status, time, user id, query count. A request
  slower than LOG_SLOW_REQUEST_MS is logged as a warning, so its query count stands out.
- A task queued during a request carries the id in its message headers; the worker's lines for that
  task carry the same id (Celery signals below), and one line per task says how it ended.
- LOG_FORMAT=json writes each line as one JSON object, for a log collector.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connections
from django.utils.functional import empty

request_id_var = contextvars.ContextVar("request_id", default="")
HEADER = "portal_request_id"  # the Celery message header that carries it
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_logger = logging.getLogger("congress_portal.request")
task_logger = logging.getLogger("congress_portal.task")


def new_request_id():
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") on every record, for the formats below."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get() or "-"
        return True


# Attributes every LogRecord has; whatever else a call passed in `extra` goes into the JSON object.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, message, and the call's extra fields."""

    def format(self, record):
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}"
                    + time.strftime("%z", time.localtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class _QueryCounter:
    """connection.execute_wrapper that counts the statements a request sends (no list kept)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _user_id(request):
    """The signed-in user's id, when the request already looked the user up (never a query for the log)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is None or wrapped is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """First in MIDDLEWARE: the id covers every other middleware's lines, the time the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SANE_ID.match(given) else new_request_id()
        request.request_id = request_id
        # Left set when the response leaves this middleware: Django logs a 4xx/5xx (with the traceback of
        # a 500) after it, and that line must carry the id too. Cleared when the response is closed.
        request_id_var.set(request_id)
        counter = _QueryCounter()
        started = time.monotonic()
        status = 500
        try:
            with connections["default"].execute_wrapper(counter):
                response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            took_ms = round((time.monotonic() - started) * 1000, 1)
            slow = took_ms > settings.LOG_SLOW_REQUEST_MS
            fields = {"method": request.method, "path": request.path, "status": status, "ms": took_ms,
                      "user_id": _user_id(request), "queries": counter.count, "slow": slow}
            request_logger.log(
                logging.WARNING if slow else logging.INFO,
                "%s %s %s %.1fms user=%s queries=%d%s", request.method, request.path, status, took_ms,
                fields["user_id"] if fields["user_id"] is not None else "-", counter.count,
                " SLOW" if slow else "", extra=fields)


def _request_finished(**kwargs):
    request_id_var.set("")


# --- Celery: the id travels with the task ----------------------------------------------------------

def _before_publish(headers=None, **kwargs):
    request_id = request_id_var.get()
    if request_id and headers is not None and HEADER not in headers:
        headers[HEADER] = request_id


_task_state = {}


def _task_prerun(task_id=None, task=None, **kwargs):
    # Eager tasks (no broker) run inside the request itself and keep its id.
    request_id = getattr(task.request, HEADER, None) or request_id_var.get()
    _task_state[task_id] = (request_id_var.set(request_id), time.monotonic())


def _task_postrun(task_id=None, task=None, state=None, **kwargs):
    token, started = _task_state.pop(task_id, (None, None))
    if started is not None:
        took_ms = round((time.monotonic() - started) * 1000, 1)
        task_logger.info("task %s %s %s %.1fms", task.name, task_id, state, took_ms,
                         extra={"task": task.name, "task_id": task_id, "state": state, "ms": took_ms})
    if token is not None:
        request_id_var.reset(token)


def connect_signals():
    from celery import signals
    from django.core.signals import request_finished

    request_finished.connect(_request_finished, dispatch_uid="core.logs.request_finished", weak=False)
    signals.before_task_publish.connect(_before_publish, dispatch_uid="core.logs.before_publish", weak=False)
    signals.task_prerun.connect(_task_prerun, dispatch_uid="core.logs.task_prerun", weak=False)
    signals.task_postrun.connect(_task_postrun, dispatch_uid="core.logs.task_postrun", weak=False)
