"""Lighthouse on the public pages, at mobile (issue 20.8), against a portal served as in service.

    python bench/lighthouse.py [--port 8301] [--runs 1] [--mode production|default]

Loads the small demo into a throw-away SQLite database, runs `collectstatic` with the production storage
(hashed, compressed files: WhiteNoise) and serves the portal with DJANGO_ENV=production on 127.0.0.1 (HTTPS
redirect off: the bench has no certificate); `--mode default` serves it as `make run` does instead. Then
Lighthouse (npm, pinned in bench/lighthouse/package.json, installed with `npm ci`) runs Debian's headless
Chromium on each public page with its default mobile settings (Moto G Power, slow 4G, 4x CPU slowdown) and
prints the scores, the largest contentful paint and the bytes transferred. Targets of issue 20: performance
>= 95, accessibility 100, best practices 100, LCP under 2.0 s, under 150 KiB a page.

On a shared 2-core machine the performance score and LCP move with the load of the hour: run it a few
times (`--runs 3` keeps each page's median).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LH_DIR = ROOT / "bench" / "lighthouse"
PYTHON = sys.executable


def _env(tmp, mode):
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(SQLITE_PATH=str(tmp / "bench.sqlite3"), STATIC_ROOT=str(tmp / "static"), MEDIA_ROOT=str(tmp / "media"))
    if mode == "production":
        env.update(DJANGO_ENV="production", DJANGO_SECRET_KEY="lighthouse-bench-only-" + "x" * 40,
                   DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_SECURE_SSL_REDIRECT="0")
    return env


def _manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _public_urls(env):
    code = (
        "from deputies.models import Deputy, LiaisonStation, Opinion\n"
        "from proposals.models import Suggestion\n"
        "import json\n"
        "d = Deputy.objects.filter(status='serving').order_by('id').first()\n"
        "s = LiaisonStation.objects.filter(is_active=True).order_by('id').first()\n"
        "r = Suggestion.objects.filter(published_at__isnull=False).order_by('id').first()\n"
        "o = Opinion.objects.order_by('id').first()\n"
        "print(json.dumps([d.public_code, s.public_code, r.pk, o.tracking_code if o else None]))\n"
    )
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    deputy, station, reply, tracking = json.loads(out)
    urls = ["/", "/public/replies/", f"/public/replies/{reply}/", "/public/replies/?q=电梯", "/deputies/",
            f"/d/{deputy}/", f"/s/{station}/", "/track/", "/accounts/login/"]
    if tracking:
        urls.append(f"/track/{tracking}/")
    return urls


def _wait(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _lighthouse(url, out):
    binary = LH_DIR / "node_modules" / ".bin" / "lighthouse"
    env = dict(os.environ, CHROME_PATH=shutil.which("chromium") or "/usr/bin/chromium")
    subprocess.run([str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
                    "--only-categories=performance,accessibility,best-practices",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                   env=env, check=True)
    report = json.loads(Path(out).read_text())
    cats, audits = report["categories"], report["audits"]
    return {
        "performance": round(cats["performance"]["score"] * 100),
        "accessibility": round(cats["accessibility"]["score"] * 100),
        "best-practices": round(cats["best-practices"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "failed": sorted(a for a, v in audits.items() if v.get("score") is not None and v["score"] < 0.9
                         and v.get("scoreDisplayMode") == "binary"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8301)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--mode", choices=("production", "default"), default="production")
    args = parser.parse_args()
    if not (LH_DIR / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=LH_DIR, check=True)
    with tempfile.TemporaryDirectory(prefix="cp-lighthouse-") as tmp_name:
        tmp = Path(tmp_name)
        env = _env(tmp, args.mode)
        _manage(env, "migrate", "--no-input", "-v", "0")
        _manage(env, "seed_demo", "--scale", "small")
        if args.mode == "production":
            _manage(env, "collectstatic", "--no-input", "-v", "0")
        urls = _public_urls(env)
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen([PYTHON, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(base + "/")
            print(f"Lighthouse {json.loads((LH_DIR / 'package.json').read_text())['dependencies']['lighthouse']}, "
                  f"mobile, {args.mode} mode, median of {args.runs} run(s)")
            print(f"{'page':38} {'perf':>4} {'a11y':>4} {'bp':>4} {'LCP s':>6} {'KiB':>6}  failed audits")
            for url in urls:
                runs = [_lighthouse(base + url, tmp / "report.json") for _ in range(args.runs)]
                med = {k: statistics.median(r[k] for r in runs) for k in ("performance", "accessibility",
                                                                           "best-practices", "lcp", "kib")}
                print(f"{url[:38]:38} {med['performance']:4.0f} {med['accessibility']:4.0f} "
                      f"{med['best-practices']:4.0f} {med['lcp']:6.2f} {med['kib']:6.1f}  {' '.join(runs[-1]['failed'])}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
