"""Mixed load on the portal served as in service (gunicorn): deputies, handling units, staff, leaders and
the public, the public including real opinion POSTs that answer the form's challenge.

    bench/load/run.sh                    # gunicorn on 127.0.0.1:8801, then this file, then the check

Each simulated citizen has its own address (X-Forwarded-For, the portal started with
DJANGO_TRUSTED_PROXY_COUNT=1 as behind nginx), so the form's flood limit counts per citizen. Every
opinion carries a unique marker; the markers answered 302 are written to LOAD_SENT_FILE, and
check.py asserts afterwards that each is stored exactly once (nothing lost, nothing doubled).
"""

import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Demo@2026")
# Think time between a user's pages, in seconds (LOAD_THINK="MIN MAX"): 1-3 s by default, a user who clicks
# on at once (about 60 requests/s from 150 users, what 2 shared cores serve with locust beside them);
# "5 15" for people reading the page they opened.
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "1 3").split())
# The production mode behind nginx (bench/load/run.sh): TLS ends at nginx, which tells the portal so
# (X-Forwarded-Proto), and the cookies are Secure; locust talks plain HTTP on loopback as nginx does.
BEHIND_TLS = os.environ.get("LOAD_BEHIND_TLS") == "1"
SENT_FILE = os.environ.get("LOAD_SENT_FILE", "test-artifacts/load/sent.txt")
LINK = re.compile(r'href="(/(?:d|s)/[^/"]+/)"')
QUESTION = re.compile(r'<label[^>]*for="id_challenge"[^>]*>\D*(\d+)\D+(\d+)')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _as_behind_nginx(user):
    """Send the Secure cookies back over loopback's plain HTTP, as a browser does over nginx's TLS:
    each cookie is marked not secure as it arrives (requests copies the jar with its default policy
    for every request, so a cookie policy would not hold)."""
    if not BEHIND_TLS:
        return
    user.client.headers["X-Forwarded-Proto"] = "https"
    send = user.client.request

    def request(*args, **kwargs):
        response = send(*args, **kwargs)
        for cookie in user.client.cookies:
            cookie.secure = False
        return response

    user.client.request = request


def _referer(user, url):
    """Django checks the Referer of a secure POST: the page's address as the browser saw it."""
    base = user.host.replace("http://", "https://", 1) if BEHIND_TLS else user.host
    return base + url


def _signable(names):
    """The class's names that are active accounts of the database under load (LOAD_USERS_FILE, one username a
    line, written by run.sh): a demo built at another scale, or whose accounts were renamed, lacks some of
    them, and a sign-in refused for that is the harness's fault, not the portal's."""
    path = os.environ.get("LOAD_USERS_FILE")
    if not path:
        return names
    with open(path, encoding="utf-8") as listed:
        active = {line.strip() for line in listed if line.strip()}
    kept = [name for name in names if name in active]
    if not kept:
        raise RuntimeError(f"none of {names[:3]}... is an active account in {path}")
    return kept


@events.test_start.add_listener
def _fresh_file(environment, **kwargs):
    os.makedirs(os.path.dirname(SENT_FILE) or ".", exist_ok=True)
    open(SENT_FILE, "w").close()


class LoggedIn(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    names = ()

    def on_start(self):
        _as_behind_nginx(self)
        username = random.choice(_signable(self.names))
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                                   "csrfmiddlewaretoken": token},
                              headers={"Referer": _referer(self, "/accounts/login/")}, name="login",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"login of {username} answered {response.status_code}")


class Deputy(LoggedIn):
    weight = 4
    names = ["deputy", "deputy2"] + [f"d{i:04d}" for i in range(3, 300)]

    @task(3)
    def home(self):
        self.client.get("/accounts/home/", name="deputy home")

    @task(3)
    def my_suggestions(self):
        page = self.client.get("/proposals/", name="my suggestions")
        ids = re.findall(r'href="/proposals/(\d+)/"', page.text)
        if ids:
            self.client.get(f"/proposals/{random.choice(ids)}/", name="suggestion detail")

    @task(1)
    def opinions(self):
        self.client.get("/work/opinions/", name="deputy opinions")

    @task(1)
    def notifications(self):
        self.client.get("/notifications/", name="notifications")


class Unit(LoggedIn):
    weight = 3
    names = ["unit", "unit2"] + [f"u{i:03d}" for i in range(1, 120)]

    @task(3)
    def workbench(self):
        self.client.get("/proposals/unit/", name="unit workbench")

    @task(1)
    def other_tabs(self):
        self.client.get(f"/proposals/unit/?tab={random.choice(['done', 'commitments'])}", name="unit tab")


class Staff(LoggedIn):
    weight = 2
    names = ["staff", "staff2"]

    @task(3)
    def queues(self):
        self.client.get("/proposals/queues/", name="staff queues")

    @task(2)
    def admin_list(self):
        self.client.get("/admin/proposals/suggestion/", name="admin suggestions")

    @task(1)
    def ledger(self):
        self.client.get("/reports/suggestions/ledger.xlsx", name="ledger xlsx")


class Leader(LoggedIn):
    weight = 1
    names = ["leader", "leader2", "chair"]

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="dashboard")

    @task(1)
    def key(self):
        self.client.get("/proposals/key/", name="key suggestions")


class Citizen(HttpUser):
    weight = 4
    wait_time = between(*THINK)

    def on_start(self):
        _as_behind_nginx(self)
        self.address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.client.headers["X-Forwarded-For"] = self.address
        page = self.client.get("/deputies/", name="deputies directory")
        self.pages = LINK.findall(page.text) or ["/"]

    @task(4)
    def replies(self):
        query = random.choice(["", "?q=电梯", "?q=路灯", "?q=停车"])
        self.client.get(f"/public/replies/{query}", name="public replies")

    @task(2)
    def home(self):
        self.client.get("/", name="public home")

    @task(2)
    def opinion(self):
        url = random.choice(self.pages)
        page = self.client.get(url, name="opinion form")
        question, token = QUESTION.search(page.text), CSRF.search(page.text)
        if not (question and token):
            return
        marker = uuid.uuid4().hex
        with self.client.post(url, {"text": f"压力测试意见 {marker}：小区路灯不亮，请尽快修复。",
                                    "challenge": int(question.group(1)) + int(question.group(2)),
                                    "csrfmiddlewaretoken": token.group(1)},
                              headers={"Referer": _referer(self, url)}, name="opinion POST",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                with open(SENT_FILE, "a") as sent:
                    sent.write(marker + "\n")
                response.success()
            elif response.status_code == 429:
                response.success()  # the flood limit, as designed
            else:
                response.failure(f"opinion answered {response.status_code}")
