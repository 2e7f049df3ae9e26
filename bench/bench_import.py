"""Benchmark: import 100,000 subscribers from CSV.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--baseline-rows 3000]

Prints seconds and peak memory (max RSS of this process, which includes Python and
Django) for the streaming batch importer, and the same figures for a naive per-row ORM
import (get, save, create event per row) measured in the same run on fewer rows and
extrapolated. Goal: < 60 s and < 300 MB for 100,000 rows.

Uses a throwaway SQLite file unless DATABASE_URL is set (then only the subscriber
tables are created and dropped there: use an empty database)."""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def write_csv(path: Path, rows: int, prefix: str) -> None:
    topics = ["interviews;events", "", "gateway news", "success stories;activity news", "events"]
    countries = ["DE", "FR", "Belgium", "ES", "IT", "", "NL"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("email,name,organisation,country,topics,consent_source,consent_date\n")
        for i in range(rows):
            handle.write(f"{prefix}{i}@cluster{i % 997}.example.org,Person {i},Cluster {i % 50},"
                         f"{countries[i % 7]},{topics[i % 5]},BIO-Europe sign-up sheet,2016-11-08\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=3_000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.db import connection
    from email_validator import validate_email

    from newsletter.subscribers.addresses import normalise_email
    from newsletter.subscribers.importing import import_csv
    from newsletter.subscribers.models import ConsentEvent, Subscriber, SuppressedAddress
    from newsletter.subscribers.suppression import is_suppressed, suppress

    models = [Subscriber, SuppressedAddress, ConsentEvent]
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
    try:
        big = workdir / "big.csv"
        write_csv(big, args.rows, "p")
        for i in range(0, args.rows, 200):  # 0.5 % of the file is on the suppression list
            suppress(f"p{i}@cluster{i % 997}.example.org", "unsubscribed")
        rss_before = peak_rss_mb()
        started, cpu_started = time.perf_counter(), cpu_seconds()
        with big.open("rb") as handle:
            report = import_csv(handle)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_started
        rss_peak = peak_rss_mb()
        assert report.committed and report.created + report.suppressed == args.rows, report.summary()

        # Baseline: the obvious per-row ORM loop, on fewer rows, extrapolated.
        small = workdir / "small.csv"
        write_csv(small, args.baseline_rows, "b")
        import csv

        started, cpu_started = time.perf_counter(), cpu_seconds()
        with small.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                email = normalise_email(validate_email(row["email"], check_deliverability=False).normalized)
                if is_suppressed(email):
                    continue
                subscriber = Subscriber.objects.filter(email=email).first() or Subscriber(email=email)
                subscriber.name, subscriber.organisation = row["name"], row["organisation"]
                subscriber.status = Subscriber.Status.CONFIRMED
                subscriber.save()
                ConsentEvent.objects.create(subscriber=subscriber, action="imported", source="import")
        baseline = (time.perf_counter() - started) / args.baseline_rows * args.rows
        baseline_cpu = (cpu_seconds() - cpu_started) / args.baseline_rows * args.rows
    finally:
        with connection.schema_editor() as editor:
            for model in reversed(models):
                editor.delete_model(model)

    print(f"machine: {platform.machine()} {os.cpu_count()} CPU(s), Python {platform.python_version()}, "
          f"{connection.vendor}")
    print(f"rows: {args.rows:,} ({report.created:,} created, {report.suppressed:,} suppressed skipped)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (shared machine: CPU time is steadier)")
    print(f"batch import: {seconds:.1f} s wall, {cpu:.1f} s CPU ({args.rows / seconds:,.0f} rows/s), "
          f"peak RSS {rss_peak:.0f} MB (before import {rss_before:.0f} MB)")
    print(f"baseline per-row ORM: {baseline:.1f} s wall, {baseline_cpu:.1f} s CPU, extrapolated "
          f"from {args.baseline_rows:,} rows")
    print(f"speed-up: {baseline / seconds:.1f}x; goal < 60 s: {'met' if seconds < 60 else 'MISSED'}; "
          f"goal < 300 MB: {'met' if rss_peak < 300 else 'MISSED'}")


if __name__ == "__main__":
    main()
