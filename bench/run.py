"""Benchmarks: `make bench` (or `python bench/run.py [name ...]`).

Runs against the database in DATABASE_URL (never a test database) and expects the large demo; with
REDIS_URL, the cache and sessions are in Redis, as in service:

    DATABASE_URL=postgres://... python manage.py seed_demo --scale large --flush
    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/run.py            # every bench/bench_*.py
    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/run.py deputies   # only bench_deputies.py

Each module `bench/bench_<name>.py` exposes `run(report)`; `report` is a `bench.helpers.Report`
(see `Report.time_url` and `Report.time_call`). Results print as one table; the exit status is 1 when
a measurement misses the limit its module set (`limit_ms=`), so CI can gate on it.
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")
    # Thousands of pages: their one-a-request log lines (core/logs.py) would bury the figures; slow
    # requests are warnings and still show.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The process loads the portal as a server does (congress_portal.wsgi: the apps, then the warm-up
    # that imports the views and compiles the templates and freezes them out of garbage collection).
    import congress_portal.wsgi  # noqa: F401

    from bench.helpers import Report

    names = argv or sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))
    # The machine's speed of the moment, to read the figures by: shared virtual machines vary by half.
    import timeit

    def calibration():
        return min(timeit.repeat("sum(range(10**6))", number=10, repeat=5)) * 100

    before = calibration()
    report = Report()
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        module.run(report)
    print(report.table())
    print(f"CPU calibration, sum(range(10**6)): {before:.1f} ms before, {calibration():.1f} ms after "
          f"(about 14 ms on this project's usual machine when it is quiet)")
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
