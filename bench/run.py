"""Benchmarks: `make bench` (or `python bench/run.py [name ...]`).

Runs against the database in DATABASE_URL (never a test database) and expects the large demo:

    DATABASE_URL=postgres://... python manage.py seed_demo --scale large --flush
    DATABASE_URL=postgres://... python bench/run.py            # every bench/bench_*.py
    DATABASE_URL=postgres://... python bench/run.py deputies   # only bench/bench_deputies.py

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
    import django

    django.setup()
    from bench.helpers import Report

    names = argv or sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))
    report = Report()
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        module.run(report)
    print(report.table())
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
