"""Fetch a production-mode portal as its users would; exit 1 on any unexpected answer.

Called by scripts/production-smoke.sh (which starts the servers): waits for /healthz, then fetches the
login page and a static file it names, signs in as the demo's `admin`, fetches an admin page and a
PDF letter, and /healthz with the monitoring token. Standard library only.
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "Demo@2026"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps cookies by hand: the production cookies are Secure, which a cookie jar would not send back
    over the loopback's plain HTTP (TLS ends at nginx in service)."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def fetch(self, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=dict(headers or {}))
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        started = time.monotonic()
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:
            response = exc
        body = response.read()
        took = (time.monotonic() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, body, took


def check(label, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {label}{(' ' + detail) if detail else ''}", flush=True)
    if not ok:
        raise SystemExit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--assignment", nargs=2, type=int, metavar=("SUGGESTION", "UNIT"), required=True)
    parser.add_argument("--log", help="the servers' log: the PDF request's id must appear in it")
    parser.add_argument("--wait", type=float, default=120, help="seconds to wait for a healthy /healthz")
    args = parser.parse_args()
    token = os.environ["HEALTHZ_TOKEN"]
    browser = Browser(args.base)

    # The web server, a worker's heartbeat and beat's first runs: /healthz says 200 when all are there.
    deadline = time.monotonic() + args.wait
    status, body = None, b""
    while time.monotonic() < deadline:
        try:
            status, _headers, body, _took = browser.fetch("/healthz")
        except OSError:
            status = None
        if status == 200:
            break
        time.sleep(1)
    if status != 200:
        try:
            details = browser.fetch("/healthz", headers={"Authorization": f"Bearer {token}"})[2].decode()
        except OSError as exc:
            details = str(exc)
        check("/healthz became healthy", False, f"(last {status}): {details}")
    check("GET /healthz (anonymous)", body == b"ok", f"200 {body.decode()!r}")

    status, headers, body, took = browser.fetch("/healthz", headers={"Authorization": f"Bearer {token}"})
    data = json.loads(body)
    check("GET /healthz (monitoring token)", status == 200 and data["status"] == "ok",
          f"{status} {took:.0f} ms, checks: {', '.join(sorted(data['checks']))}")

    status, headers, body, took = browser.fetch("/accounts/login/")
    page = body.decode()
    check("GET /accounts/login/", status == 200 and "csrfmiddlewaretoken" in page, f"{status} {took:.0f} ms")
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    check("the login page names hashed static files (manifest storage)", css is not None)
    status, headers, _body, took = browser.fetch(css.group(1))
    check(f"GET {css.group(1)}", status == 200 and "text/css" in headers.get("Content-Type", ""),
          f"{status} {took:.0f} ms")

    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "username": "admin", "password": PASSWORD}).encode()
    status, headers, _body, took = browser.fetch(
        "/accounts/login/", data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": args.base + "/accounts/login/"})
    check("POST /accounts/login/ as admin", status == 302 and "sessionid" in browser.cookies,
          f"{status} -> {headers.get('Location')} {took:.0f} ms")

    for path in ("/admin/", "/admin/proposals/suggestion/"):
        status, headers, body, took = browser.fetch(path)
        check(f"GET {path}", status == 200 and "<html" in body.decode()[:500].lower(), f"{status} {took:.0f} ms")

    suggestion, unit = args.assignment
    path = f"/reports/suggestions/{suggestion}/assignment-notice.pdf?unit={unit}"
    status, headers, body, took = browser.fetch(path)
    check(f"GET {path}", status == 200 and headers.get("Content-Type") == "application/pdf"
          and body.startswith(b"%PDF"), f"{status} {len(body)} bytes {took:.0f} ms")
    request_id = headers.get("X-Request-ID", "")
    check("the PDF's answer names its request id", bool(request_id), request_id)

    if args.log:
        time.sleep(0.5)  # the line is written as the response leaves
        with open(args.log, encoding="utf-8", errors="replace") as handle:
            lines = [line for line in handle if request_id in line and "congress_portal.request" in line]
        check("the servers' log has the PDF request's line with its id", bool(lines),
              lines[0].split("|", 1)[-1].strip()[:200] if lines else "")


if __name__ == "__main__":
    sys.exit(main())
