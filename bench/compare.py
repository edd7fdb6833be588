"""Old code against new on the same machine, at the same time: `python bench/compare.py REV PAGE ...`.

A shared virtual machine can run the same code half as fast from one hour to the next, so a table
from an earlier session says little about a change. This checks REV (a commit) out in a temporary git
worktree and times the given pages there and in this checkout by turns, ROUNDS times, each page RUNS
times a turn, against the same database (DATABASE_URL, the large demo) and cache (REDIS_URL). It prints
each page's median of the per-turn medians and 95th percentiles, and the query counts.

    DATABASE_URL=... REDIS_URL=... python bench/compare.py dceeefd staff:/admin/proposals/suggestion/ \\
        unit:/proposals/unit/ nobody:/public/replies/

A PAGE is USER:URL, USER a username or `nobody` for a visitor not logged in. Both trees must work with the database
as it is (migrate it to the newer of the two; index-only migrations leave older code working).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in a child process inside one tree: times the pages and prints one JSON line.
_CHILD = r"""
import json, os, statistics, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")
import congress_portal.wsgi  # as a server loads it (apps, warm-up)
from django.db import connection
from django.test import Client
from congress_portal.accounts.models import User

pages, runs = json.loads(sys.argv[1]), int(sys.argv[2])
result = {}
for user, url in pages:
    client = Client()
    if user != "nobody":
        client.force_login(User.objects.get(username=user))
    for _ in range(3):
        client.get(url)
    timings = []
    for _ in range(runs):
        queries = []  # counted as they go: Django's debug log keeps only the last 9,000
        with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code}")
    timings.sort()
    result[f"{user}:{url}"] = [statistics.median(timings), timings[max(0, round(0.95 * runs) - 1)], len(queries)]
print(json.dumps(result))
"""


def _time(tree, pages, runs):
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(pages), str(runs)], cwd=tree, env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the older commit")
    parser.add_argument("pages", nargs="+", help="USER:URL (USER nobody: not logged in)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("DATABASE_URL must name the benchmark database (the large demo)")
    pages = [page.split(":", 1) for page in args.pages]
    if any(len(page) != 2 or not page[1].startswith("/") for page in pages):
        parser.error("each page is USER:URL, the URL starting with /")
    results = {"old": [], "new": []}
    with tempfile.TemporaryDirectory(prefix="congress-compare-") as scratch:
        old = Path(scratch) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(old), args.rev], cwd=ROOT, check=True)
        try:
            for round_ in range(1, args.rounds + 1):
                for name, tree in (("old", old), ("new", ROOT)):
                    results[name].append(_time(tree, pages, args.runs))
                print(f"   round {round_} of {args.rounds} done", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False)
    head = f"{'page':<60} {'old median / p95':>18} {'new median / p95':>18} {'queries':>9} {'change':>7}"
    print(head)
    print("-" * len(head))
    for user, url in pages:
        key = f"{user}:{url}"
        row = {}
        for name in ("old", "new"):
            turns = [turn[key] for turn in results[name]]
            row[name] = (statistics.median(t[0] for t in turns), statistics.median(t[1] for t in turns), turns[0][2])
        change = (row["new"][0] - row["old"][0]) / row["old"][0] * 100
        print(f"{key[:60]:<60} {row['old'][0]:>8.1f} / {row['old'][1]:>6.1f} {row['new'][0]:>8.1f} / "
              f"{row['new'][1]:>6.1f} {row['old'][2]:>4} -> {row['new'][2]:<2} {change:>+6.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
