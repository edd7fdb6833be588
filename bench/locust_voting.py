"""Locust user for bench/bench_voting.py: one signed-in deputy opens the phone ballot, confirms and casts it,
once. Not run on its own: bench_voting.py passes the session cookies, the poll and where to write.

Each deputy's cast is "acknowledged" when the portal answers it with the redirect to the receipt page;
the counts and every request's time are written to VOTING_OUT when Locust quits.
"""

import itertools
import json
import os
import re

import gevent

from locust import HttpUser, constant, events, task

COOKIES = open(os.environ["VOTING_COOKIES"]).read().split()
POLL = os.environ["VOTING_POLL"]
OPTIONS = os.environ["VOTING_OPTIONS"].split(",")
PLACES = int(os.environ["VOTING_PLACES"])
OUT = os.environ["VOTING_OUT"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_next = itertools.count()
outcome = {"acknowledged": 0, "refused": 0, "failed": 0, "finished": 0, "statuses": {}, "times": {}}


@events.request.add_listener
def _time(request_type, name, response_time, response_length, exception=None, **kwargs):
    outcome["times"].setdefault(name, []).append(response_time)


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(OUT, "w") as f:
        json.dump(outcome, f)


class Deputy(HttpUser):
    wait_time = constant(0)

    voted = False

    def on_start(self):
        self.index = next(_next)
        self.client.cookies.set("sessionid", COOKIES[self.index % len(COOKIES)])

    def _vote(self):
        url = f"/meetings/polls/{POLL}/ballot/"
        page = self.client.get(url, name="1 ballot page")
        token = TOKEN.search(page.text)
        if page.status_code != 200 or token is None:
            outcome["refused" if page.status_code == 200 else "failed"] += 1
            outcome["statuses"][f"page {page.status_code}"] = outcome["statuses"].get(f"page {page.status_code}", 0) + 1
            return
        # Each deputy approves a different set of at most PLACES candidates (some approve fewer).
        count = PLACES - self.index % 3
        chosen = [OPTIONS[(self.index + k) % len(OPTIONS)] for k in range(count)]
        data = {"csrfmiddlewaretoken": token.group(1), "step": "confirm", "choice": chosen}
        confirm = self.client.post(url, data=data, name="2 confirm step")
        token = TOKEN.search(confirm.text)
        if confirm.status_code != 200:
            outcome["failed"] += 1
            outcome["statuses"][f"confirm {confirm.status_code}"] = outcome["statuses"].get(
                f"confirm {confirm.status_code}", 0) + 1
            return
        if token is None:
            outcome["refused"] += 1
            return
        data = {"csrfmiddlewaretoken": token.group(1), "step": "cast", "choice": chosen}
        cast = self.client.post(url, data=data, name="3 cast ballot", allow_redirects=False)
        if cast.status_code == 302 and cast.headers.get("Location", "").endswith("/receipt/"):
            outcome["acknowledged"] += 1
        elif cast.status_code == 200:
            outcome["refused"] += 1  # the poll was closed meanwhile: said on the page, nothing recorded
        else:
            outcome["failed"] += 1
            outcome["statuses"][str(cast.status_code)] = outcome["statuses"].get(str(cast.status_code), 0) + 1

    @task
    def vote_once(self):
        # A deputy votes once, then waits; Locust replaces users that stop while it is still spawning, so
        # a finished user idles instead, and users beyond the deputies (none, normally) never vote.
        if self.index < len(COOKIES) and not self.voted:
            self.voted = True
            try:
                self._vote()
            finally:
                outcome["finished"] += 1
                if outcome["finished"] == len(COOKIES):
                    gevent.spawn(self.environment.runner.quit)  # every deputy has had their turn
        gevent.sleep(3600)
