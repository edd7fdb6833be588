"""Timing helpers for bench modules: a URL through the portal's WSGI application, or any callable."""

import statistics
import sys
import time
from dataclasses import dataclass

from django.db import connection, connections


@dataclass
class Row:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    max_ms: float
    queries: int | None
    limit_ms: float | None = None
    max_queries: int | None = None

    @property
    def ok(self):
        return ((self.limit_ms is None or self.p95_ms <= self.limit_ms)
                and (self.max_queries is None or self.queries is None or self.queries <= self.max_queries))


def _percentile(values, pct):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class QueryCounter:
    """`with QueryCounter() as q: ...` then `q.count`: the queries sent to the database inside the block,
    counted as they go rather than read from Django's debug log, which keeps only the last 9,000 (a long
    run's later counts, or a sweep's thousands, read 0) and costs time of its own."""

    def __init__(self, using=None):
        self.connection = connection if using is None else connections[using]
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self.count = 0
        self._wrapping = self.connection.execute_wrapper(self)
        self._wrapping.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._wrapping.__exit__(*exc_info)


class Report:
    def __init__(self):
        self.rows = []

    @staticmethod
    def _time_once(fn, before_each=None):
        """One timed call: (milliseconds, queries made)."""
        if before_each is not None:
            before_each()  # not timed, e.g. forgetting a cached result to time the computation
        with QueryCounter() as queries:
            started = time.perf_counter()
            fn()
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, queries.count

    def _record(self, name, timings, queries, limit_ms, max_queries):
        row = Row(name, len(timings), statistics.median(timings), _percentile(timings, 95), max(timings),
                  max(queries) if queries else None, limit_ms, max_queries)
        self.rows.append(row)
        print(f"   {name}: median {row.median_ms:.1f} ms, p95 {row.p95_ms:.1f} ms, {row.queries} queries", flush=True)
        return row

    def _measure(self, name, fn, runs, warmup, limit_ms, before_each=None, max_queries=None):
        for _i in range(warmup):
            fn()
        timed = [self._time_once(fn, before_each) for _i in range(runs)]
        return self._record(name, [t for t, _q in timed], [q for _t, q in timed], limit_ms, max_queries)

    @staticmethod
    def _fetcher(url, user, expect):
        """A function that GETs `url` through the portal's WSGI application, as a server calls it
        (congress_portal.wsgi: every middleware, the request signals, the response closed), with the
        session cookie of `user` (a User, a username or None), and checks the status.

        Not through the test Client: it also stores each response's templates and contexts, and its
        handler reconnects a signal receiver on every request, which leaves a finalizer behind each time
        (thousands over a run, for the garbage collector to walk)."""
        import io
        from urllib.parse import unquote_to_bytes, urlsplit

        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.utils.encoding import iri_to_uri

        from congress_portal.wsgi import application

        cookie = ""
        if isinstance(user, str):
            user = get_user_model().objects.get(username=user)
        if user is not None:
            client = Client()
            client.force_login(user)  # a real session in the session store, as a login makes
            cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
        parts = urlsplit(iri_to_uri(url))  # what a browser sends: the path and query percent-encoded
        # What a server passes on (PEP 3333): the path decoded, its bytes as latin-1; the query as sent.
        path_info = unquote_to_bytes(parts.path).decode("iso-8859-1")
        base = {"REQUEST_METHOD": "GET", "PATH_INFO": path_info, "QUERY_STRING": parts.query, "SCRIPT_NAME": "",
                "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "testserver", "HTTP_COOKIE": cookie,
                "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True,
                "wsgi.run_once": False}

        def fetch():
            status = []
            response = application({**base, "wsgi.input": io.BytesIO()},
                                   lambda line, headers, exc_info=None: status.append(line))
            try:
                b"".join(response)
            finally:
                response.close()  # request_finished, as the server sends it
            code = int(status[0].split()[0])
            if code != expect:
                raise AssertionError(f"{url}: status {code}, expected {expect}")

        return fetch

    def time_url(self, name, url, *, user=None, runs=30, warmup=2, limit_ms=None, expect=200, before_each=None,
                 max_queries=None):
        """GET `url` `runs` times (logged in as `user`, a User or a username) and record the timings;
        `before_each()` runs untimed before every timed GET. The row is OVER when its p95 passes
        `limit_ms` or its query count passes `max_queries`."""
        return self._measure(name, self._fetcher(url, user, expect), runs, warmup, limit_ms, before_each,
                             max_queries)

    def time_urls_in_turns(self, pages, *, runs=60, turns=12, warmup=3):
        """Time several pages by turns: each turn GETs every page `runs // turns` times, so a slow spell
        of a shared machine (they last seconds) falls on every page a little rather than on the few
        that happened to run then. `pages` holds dicts with `name`, `url` and optionally `user`,
        `limit_ms`, `max_queries`, `expect`; one row a page, in the order given."""
        fetchers = [self._fetcher(page["url"], page.get("user"), page.get("expect", 200)) for page in pages]
        for fetch in fetchers:
            for _i in range(warmup):
                fetch()
        timings = [[] for _page in pages]
        queries = [[] for _page in pages]
        for _turn in range(turns):
            for index, fetch in enumerate(fetchers):
                for _i in range(runs // turns):
                    elapsed, count = self._time_once(fetch)
                    timings[index].append(elapsed)
                    queries[index].append(count)
        return [self._record(page["name"], timings[i], queries[i], page.get("limit_ms"), page.get("max_queries"))
                for i, page in enumerate(pages)]

    def time_call(self, name, fn, *, runs=10, warmup=1, limit_ms=None):
        """Call `fn()` `runs` times and record the timings."""
        return self._measure(name, fn, runs, warmup, limit_ms)

    def failures(self):
        return [row for row in self.rows if not row.ok]

    def table(self):
        head = (f"{'benchmark':<44} {'runs':>5} {'median ms':>10} {'p95 ms':>9} {'max ms':>9} {'queries':>8} "
                f"{'limit':>8} {'max q':>6}")
        lines = [head, "-" * len(head)]
        for r in self.rows:
            limit = f"{r.limit_ms:.0f}" if r.limit_ms else ""
            flag = "" if r.ok else "  OVER"
            lines.append(f"{r.name:<44} {r.runs:>5} {r.median_ms:>10.1f} {r.p95_ms:>9.1f} {r.max_ms:>9.1f} "
                         f"{r.queries if r.queries is not None else '':>8} {limit:>8} "
                         f"{r.max_queries if r.max_queries is not None else '':>6}{flag}")
        return "\n".join(lines)
