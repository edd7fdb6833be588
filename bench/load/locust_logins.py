"""Do sign-ins starve other requests? Signers sign in and out without pause (each sign-in checks a
PBKDF2 password: 1,000,000 iterations) while readers, already signed in, open their workbench.
bench/load/logins.sh runs it against gunicorn's sync workers and then its threaded workers and
compares the readers' times.
"""

import os
import re

from locust import HttpUser, between, constant, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Demo@2026")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _as_behind_nginx(user):
    """As in locustfile.py: nginx's X-Forwarded-Proto, the Secure cookies sent back over loopback."""
    user.client.headers["X-Forwarded-Proto"] = "https"
    send = user.client.request

    def request(*args, **kwargs):
        response = send(*args, **kwargs)
        for cookie in user.client.cookies:
            cookie.secure = False
        return response

    user.client.request = request


def sign_in(user, username, name="sign-in"):
    page = user.client.get("/accounts/login/", name="sign-in form")
    token = CSRF.search(page.text).group(1)
    with user.client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                               "csrfmiddlewaretoken": token},
                          headers={"Referer": user.host.replace("http://", "https://") + "/accounts/login/"},
                          name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 302:
            response.failure(f"sign-in of {username} answered {response.status_code}")


class Signer(HttpUser):
    weight = 1
    wait_time = constant(0)
    count = 0

    def on_start(self):
        _as_behind_nginx(self)
        Signer.count += 1
        self.username = f"d{Signer.count + 500:04d}"

    @task
    def sign_in_and_out(self):
        sign_in(self, self.username)
        self.client.cookies.clear()


class Reader(HttpUser):
    weight = int(os.environ.get("LOGINS_READERS_PER_SIGNER", "3"))
    wait_time = between(0.5, 1.5)
    count = 0

    def on_start(self):
        _as_behind_nginx(self)
        Reader.count += 1
        sign_in(self, f"u{Reader.count % 119 + 1:03d}", name="reader sign-in")

    @task
    def workbench(self):
        self.client.get("/proposals/unit/", name="reader: unit workbench")
