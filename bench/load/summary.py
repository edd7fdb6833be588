"""One line from a locust run's CSV (`--csv PREFIX`): requests, errors, requests/s and the percentiles,
with the machine's load average, so a run on a shared machine can be judged at a glance.

    python bench/load/summary.py test-artifacts/load/run_stats.csv --users 150 --seconds 120
Exit status 0 whatever the figures: the line is the report; the targets are read against it.
"""

import argparse
import csv
import os
import sys


def summary_line(path, users=None, seconds=None):
    with open(path, newline="", encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows.get("Aggregated")
    if total is None:
        return f"summary: no aggregated row in {path}"
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    share = 100.0 * failures / requests if requests else 0.0

    def ms(column):
        value = total.get(column) or "N/A"
        return "-" if value == "N/A" else f"{float(value):.0f} ms"

    who = f"{users} users, {seconds} s: " if users and seconds else ""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    cores = os.cpu_count()
    return (f"summary: {who}{requests} requests, {failures} errors ({share:.2f}%), "
            f"{float(total['Requests/s']):.1f} requests/s, median {ms('50%')}, p95 {ms('95%')}, "
            f"p99 {ms('99%')}, max {ms('Max Response Time')}; load average {load} on {cores} cores")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stats", help="locust's <prefix>_stats.csv")
    parser.add_argument("--users", type=int)
    parser.add_argument("--seconds", type=int)
    args = parser.parse_args(argv)
    print(summary_line(args.stats, args.users, args.seconds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
