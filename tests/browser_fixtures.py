"""Headless Chromium (Debian's) driven by Playwright against the live test server.

Loaded once for the whole suite by tests/conftest.py (pytest_plugins): any test module may use the
fixtures `browser`, `page_for` and `screenshot` without importing them (importing a session fixture
into a module would start a second Playwright, which fails). `login` is a plain helper to import.

Where Chromium is missing, browser tests are skipped with the reason; in CI they fail instead.

Every page opened through `page_for` is watched, with the portal's Content-Security-Policy on as in service:
- any CSP violation (a `securitypolicyviolation` event or Chromium's "Refused to ..." console error) and any
  uncaught script error fail the test;
- axe-core (tests/browser/vendor/axe.min.js, pinned: AXE_VERSION) checks each page when it has loaded, again
  at each screenshot and when the test ends; a violation of impact serious or critical under WCAG 2.0/2.1
  A and AA (GB/T 37668) or WCAG 2.2's target-size fails the test, listed rule by rule with the elements.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
AXE_JS = Path(__file__).resolve().parent / "browser" / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # wcag22aa: target-size
AXE_IMPACTS = ("serious", "critical")
# Runs axe on the page as it is and hands the serious and critical violations to the test (__axeReport).
AXE_RUN = """() => {
  if (!window.axe) { return Promise.resolve(null); }
  if (window.__axeRunning) { return window.__axeRunning; }
  window.__axeRunning = axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
    .then((r) => r.violations.filter((v) => %s.includes(v.impact)).map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 8).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").slice(1, 2).join(""))})))
    .finally(() => { window.__axeRunning = null; });
  return window.__axeRunning;
}""" % (json.dumps(AXE_TAGS), json.dumps(list(AXE_IMPACTS)))
# Installed in every page before its own scripts: CSP violations are reported to the test, and axe runs
# once the page has loaded.
WATCH_PAGE = """
// axe itself adds <style> elements while it runs (the policy refuses them: harmless); those are left out here,
// and its console messages below; the page's own violations are still seen by the console listener.
window.addEventListener("securitypolicyviolation", (e) => window.__cspReport && !window.__axeRunning && window.__cspReport(
  {page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
   line: e.lineNumber, sample: e.sample}));
if (window.top === window) {
  window.addEventListener("load", () => setTimeout(() => {
    (%s)().then((v) => v && window.__axeReport && window.__axeReport(location.pathname + location.search, innerWidth, v))
      .catch(() => {});
  }, 0));
}
""" % AXE_RUN
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: `make test` should have installed Debian's chromium")
        pytest.skip("Chromium is not installed (Debian package chromium); browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are fine.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What the browser reported while a test ran: CSP violations, script errors, axe violations."""

    def __init__(self):
        self.csp = []
        self.errors = []
        self.axe = {}  # (rule, path, width) -> violation
        self.audited = set()

    def add_axe(self, path, width, violations):
        self.audited.add((path, width))
        for v in violations:
            self.axe.setdefault((v["id"], path, width), v)

    def on_console(self, message):
        url = message.location.get("url", "")
        if message.type == "error" and "Content Security Policy" in message.text and not url.endswith(AXE_JS.name):
            self.csp.append(f"{url}: {message.text}")

    def problems(self):
        lines = [f"CSP: {c}" for c in self.csp] + [f"script error: {e}" for e in self.errors]
        for (rule, path, width), v in sorted(self.axe.items()):
            lines.append(f"axe {v['impact']} {rule} at {path} ({width} px): {v['help']}")
            lines.extend(f"    {n}" for n in v["nodes"])
        return lines


def audit(page, watch=None):
    """Run axe on the page as it is now, synchronously; returns the serious and critical violations."""
    violations = page.evaluate(AXE_RUN) or []
    watch = watch or getattr(page, "_portal_watch", None)
    if watch is not None:
        watch.add_axe(page.evaluate("location.pathname + location.search"), page.viewport_size["width"],
                      violations)
    return violations


@pytest.fixture
def page_for(browser, live_server):
    """page_for(viewport=...) -> a new page, watched (CSP, script errors, axe); closed after the test, which
    fails on anything the watch saw."""
    contexts = []
    watch = PageWatch()

    def make(viewport=None, locale="zh-CN"):
        context = browser.new_context(viewport=viewport or {"width": 1366, "height": 900}, locale=locale,
                                      base_url=live_server.url)
        context.expose_function("__cspReport", lambda v: watch.csp.append(json.dumps(v, ensure_ascii=False)))
        context.expose_function("__axeReport", watch.add_axe)
        context.add_init_script(path=str(AXE_JS))
        context.add_init_script(WATCH_PAGE)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch.on_console)
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        page._portal_watch = watch
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            try:
                audit(page, watch)
            except Exception:  # a page closed or navigating as the test ended: its loads were audited
                pass
        context.close()
    problems = watch.problems()
    if problems:
        pytest.fail("The browser reported:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if getattr(page, "_portal_watch", None) is not None:
            audit(page)
        return path

    return take


def login(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
