"""1,000 deputies voting through the real HTTP stack (issue 13): gunicorn on loopback, Locust as the deputies.

A plenary session of its own is built (term 99, 1,000 district deputies with accounts, all present), with
the livelihood projects' ballot (approve at most 10 of 15, or of BENCH_CANDIDATES); each deputy is already
signed in (a session in the session store, as after a sign-in at the door) and opens the ballot, confirms and
casts it, once.
Two runs:
  1. every deputy votes; the poll is closed afterwards: every acknowledged ballot counted once, none lost;
  2. the poll is closed in the middle of the load: the count equals the ballots acknowledged.
Sign-in is measured apart (a password check is PBKDF2, hundreds of ms of CPU each).
Everything the bench built is deleted at the end. Ports: BENCH_PORT (8401 by default).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPUTIES = int(os.environ.get("BENCH_VOTERS", "1000"))
PORT = int(os.environ.get("BENCH_PORT", "8401"))
# 15 by default; issue 15's own figure is 10 of 12 (BENCH_CANDIDATES=12).
CANDIDATES = [f"民生实事候选项目{i + 1:02d}" for i in range(int(os.environ.get("BENCH_CANDIDATES", "15")))]
PLACES = 10


def _build():
    import datetime
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password

    from congress_portal.accounts.models import Role, User
    from congress_portal.meetings import services
    from congress_portal.meetings.models import Attendance, Poll
    from congress_portal.organization.models import Session, Term
    from deputies.models import Deputy

    term = Term.objects.create(number=99, name="基准测试届", start_date=datetime.date(2026, 1, 1))
    session = Session.objects.create(term=term, number=1, name="第一次会议", start_date=datetime.date(2026, 12, 1),
                                     end_date=datetime.date(2026, 12, 4))
    deputies = Deputy.objects.bulk_create([Deputy(name=f"基准代表{i:04d}", level=Deputy.Level.DISTRICT, term=term)
                                           for i in range(DEPUTIES)])
    password = make_password("Bench@2026")
    users = User.objects.bulk_create([User(username=f"bench-voter-{i:04d}", real_name=d.name, role=Role.DEPUTY,
                                           deputy=d, password=password) for i, d in enumerate(deputies)])
    staff = User.objects.create(username="bench-voting-staff", real_name="基准工作人员", role=Role.STAFF,
                                is_staff=True, password=password)
    Attendance.objects.bulk_create([Attendance(session=session, user=u, status="present", method="staff",
                                               recorded_by=staff) for u in users])
    from django.utils.module_loading import import_string

    engine = import_module(settings.SESSION_ENGINE)
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user"))
    cookies = []
    for u in users:  # signed in before the vote, as at the door: sessions as a login writes them
        store = engine.SessionStore()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(u.pk), backend
        store[HASH_SESSION_KEY] = u.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)

    def new_poll(title):
        poll = services.poll_create(forum=session, title=title, kind=Poll.Kind.APPROVAL, actor=staff,
                                    subjects=CANDIDATES, places=PLACES)
        return services.poll_open(poll=poll, actor=staff)

    return {"term": term, "session": session, "staff": staff, "users": users, "cookies": cookies,
            "new_poll": new_poll}


def _cleanup(world):
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session as WebSession

    from congress_portal.accounts.models import User
    from congress_portal.audit.models import AuditLog
    from congress_portal.meetings.models import Attendance, Ballot, Participation, Poll, RollEntry
    from deputies.models import Deputy

    polls = Poll.objects.filter(session=world["session"])
    AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(Poll),
                            object_id__in=[str(pk) for pk in polls.values_list("pk", flat=True)]).delete()
    for model in (Participation, Ballot, RollEntry):
        model.objects.filter(poll__in=polls).delete()
    polls.delete()
    Attendance.objects.filter(session=world["session"]).delete()
    WebSession.objects.filter(session_key__in=world["cookies"]).delete()
    User.objects.filter(pk__in=[u.pk for u in world["users"]] + [world["staff"].pk]).delete()
    Deputy.objects.filter(term=world["term"]).delete()
    world["session"].delete()
    world["term"].delete()


def _server():
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    cmd = [sys.executable, "-m", "gunicorn", "congress_portal.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
           "--worker-class", "gthread", "--workers", os.environ.get("BENCH_WORKERS", "3"), "--threads", "4",
           "--backlog", "2048", "--timeout", "300", "--keep-alive", "75", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    import urllib.request

    for _i in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def _locust(poll, cookies_file, out, *, close_after=None, on_close=None):
    """Run Locust against `poll`; with `close_after`, call `on_close()` once that many participations exist."""
    from congress_portal.meetings.models import Participation

    env = {**os.environ, "VOTING_COOKIES": cookies_file, "VOTING_POLL": str(poll.pk), "VOTING_OUT": out,
           "VOTING_OPTIONS": ",".join(str(pk) for pk in poll.options.values_list("pk", flat=True)),
           "VOTING_PLACES": str(PLACES)}
    cmd = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locust_voting.py"), "--headless",
           "--users", str(DEPUTIES), "--spawn-rate", os.environ.get("BENCH_SPAWN_RATE", "17"),
           "--run-time", os.environ.get("BENCH_RUN_TIME", "300s"), "--host", f"http://127.0.0.1:{PORT}",
           "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    closed_at = None
    while proc.poll() is None:
        time.sleep(0.2)
        if close_after is not None and closed_at is None:
            if Participation.objects.filter(poll=poll).count() >= close_after:
                on_close()
                closed_at = time.monotonic() - started
    elapsed = time.monotonic() - started
    with open(out) as f:
        return json.load(f), elapsed, closed_at


def _sign_in_cost(report):
    """A few real sign-ins through the server: the password check dominates."""
    import re
    import urllib.parse
    import urllib.request
    from http.cookiejar import CookieJar

    times = []
    for i in range(5):
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"http://127.0.0.1:{PORT}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": f"bench-voter-{i:04d}",
                                       "password": "Bench@2026"}).encode()
        started = time.perf_counter()
        opener.open(f"http://127.0.0.1:{PORT}/accounts/login/", data=data).read()
        times.append((time.perf_counter() - started) * 1000)
    report._record("voting: one sign-in (password check), HTTP", times, [], None, None)
    return sorted(times)[len(times) // 2]


def run(report):
    from congress_portal.meetings import services
    from congress_portal.meetings.models import Ballot, Participation, PollResult

    world = _build()
    server = None
    tmp = tempfile.mkdtemp(prefix="bench-voting-")
    try:
        cookies_file = os.path.join(tmp, "cookies")
        Path(cookies_file).write_text("\n".join(world["cookies"]))
        server = _server()

        poll = world["new_poll"]("民生实事项目票决（基准）")
        data, elapsed, _closed = _locust(poll, cookies_file, os.path.join(tmp, "run1.json"))
        services.poll_close(poll=poll, actor=world["staff"])
        result = PollResult.objects.get(poll=poll)
        counted = (result.phone_ballots, Participation.objects.filter(poll=poll).count(),
                   Ballot.objects.filter(poll=poll).count())
        print(f"   run 1: {DEPUTIES} deputies, {elapsed:.0f} s; acknowledged {data['acknowledged']}, refused "
              f"{data['refused']}, failed {data['failed']} {data['statuses']}; counted {counted[0]}, participations {counted[1]}, "
              f"ballots {counted[2]}", flush=True)
        for name, times in sorted(data["times"].items()):
            report._record(f"voting run 1: {name} (HTTP, {DEPUTIES} deputies)", times, [],
                           200 if name.startswith("3") else None, None)
        if not (data["acknowledged"] == counted[0] == counted[1] == counted[2] == DEPUTIES):
            report._record("voting run 1: EVERY BALLOT COUNTED ONCE (FAILED)", [1e9], [], 0, None)

        poll = world["new_poll"]("民生实事项目票决（基准，中途结束）")

        def close():
            services.poll_close(poll=poll, actor=world["staff"])

        data, elapsed, closed_at = _locust(poll, cookies_file, os.path.join(tmp, "run2.json"),
                                           close_after=DEPUTIES // 2, on_close=close)
        result = PollResult.objects.get(poll=poll)
        counted = (result.phone_ballots, Participation.objects.filter(poll=poll).count(),
                   Ballot.objects.filter(poll=poll).count())
        print(f"   run 2: closed after {closed_at:.1f} s; acknowledged {data['acknowledged']}, refused "
              f"{data['refused']}, failed {data['failed']} {data['statuses']}; counted {counted[0]}, participations {counted[1]}, "
              f"ballots {counted[2]}", flush=True)
        if not (data["acknowledged"] == counted[0] == counted[1] == counted[2]):
            report._record("voting run 2: COUNT EQUALS ACKNOWLEDGED (FAILED)", [1e9], [], 0, None)
        one = _sign_in_cost(report)
        print(f"   sign-in: about {one:.0f} ms each: {DEPUTIES} sign-ins take about "
              f"{one * DEPUTIES / 1000 / 60:.1f} min of one core", flush=True)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        _cleanup(world)
