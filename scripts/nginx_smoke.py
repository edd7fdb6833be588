"""Fetch the portal through deploy/nginx on loopback; exit 1 on any unexpected answer (scripts/nginx-smoke.sh)."""

import re
import ssl
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_smoke import PASSWORD, Browser, check  # noqa: E402


class TlsBrowser(Browser):
    """The loopback certificate is self-signed: not verified (the chain is nginx's business in service)."""

    def __init__(self, base):
        super().__init__(base)
        import urllib.request

        from production_smoke import NoRedirect

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))


def sign_in(browser, username):
    status, _headers, body, _took = browser.fetch("/accounts/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "username": username, "password": PASSWORD})
    status, headers, _body, _took = browser.fetch(
        "/accounts/login/", data=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": browser.base + "/accounts/login/"})
    check(f"POST /accounts/login/ as {username} through nginx", status == 302, f"{status} -> {headers.get('Location')}")


def main():
    http_port, https_port, attachment_id, owner, stored_name, outsider = sys.argv[1:7]
    base = f"https://127.0.0.1:{https_port}"
    for _ in range(60):  # gunicorn loads and warms up the portal first
        try:
            if TlsBrowser(base).fetch("/healthz")[0] in (200, 503):
                break
        except OSError:
            pass
        time.sleep(1)

    status, headers, _body, _took = Browser(f"http://127.0.0.1:{http_port}").fetch("/accounts/login/")
    check("HTTP redirects to HTTPS", status == 301 and headers["Location"].startswith("https://"),
          f"{status} -> {headers.get('Location')}")

    browser = TlsBrowser(base)
    status, headers, body, took = browser.fetch("/accounts/login/")
    check("GET /accounts/login/ over TLS", status == 200 and "max-age=" in headers.get("Strict-Transport-Security", ""),
          f"{status} {took:.0f} ms")
    css = re.search(r'href="(/static/[^"]+\.css)"', body.decode()).group(1)
    status, headers, _body, _took = browser.fetch(css)
    check(f"GET {css} from nginx", status == 200 and headers.get("Server", "").startswith("nginx")
          and "immutable" in headers.get("Cache-Control", ""), f"{status} {headers.get('Cache-Control')}")

    url = f"/proposals/attachments/{attachment_id}/"
    sign_in(browser, owner)
    status, headers, body, took = browser.fetch(url)
    check(f"GET {url} as its deputy: the bytes, sent by nginx", status == 200 and body == b"%PDF-1.4 nginx smoke"
          and headers.get("Content-Disposition", "").startswith("attachment")
          and "X-Accel-Redirect" not in headers, f"{status} {len(body)} bytes {took:.0f} ms")

    other = TlsBrowser(base)
    sign_in(other, outsider)
    status, headers, body, _took = other.fetch(url)
    check(f"GET {url} as {outsider}, neither its lead nor a co-signer",
          status == 404 and b"nginx smoke" not in body, str(status))

    for path in (f"/_protected/{stored_name}", f"/media/{stored_name}"):
        status, _headers, body, _took = browser.fetch(path)
        check(f"GET {path} directly", status == 404 and b"nginx smoke" not in body, str(status))

    status, _headers, _body, _took = browser.fetch("/accounts/login/", data=b"x" * (13 * 1024 * 1024),
                                                   headers={"Content-Type": "application/octet-stream"})
    check("a 13 MB upload is refused by nginx", status == 413, str(status))


if __name__ == "__main__":
    sys.exit(main())
