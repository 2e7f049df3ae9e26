"""Benchmark: the campaign audience by topic, for 100,000 subscribers.

    .venv/bin/python bench/bench_audience.py [--rows 100000] [--repeat 5]

Topics are a ListField ({"event": 0, ...}) filtered with ``has_any_keys``. The baseline,
measured in the same run on the same rows, is the storage it replaced: ',interview,event,'
text filtered with one LIKE per topic. Prints the best of ``--repeat`` runs of the topic
filter alone (ids in order, as ledger.build_audience reads them), of the whole audience
query (confirmed, not suppressed, by topic) and the ratios.

Uses a throwaway SQLite file unless DATABASE_URL is set (then only the subscriber tables
and one scratch table are created and dropped there: use an empty database)."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WANTED = ["event", "gateway_news"]


def best_of(repeat: int, run) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(run())
        best = min(best, time.perf_counter() - started)
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-audience-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.db import connection

    from cms.items import Kind
    from newsletter.subscribers.models import ConsentEvent, Subscriber, SuppressedAddress

    models = [Subscriber, SuppressedAddress, ConsentEvent]
    choices = [list(Kind.ARTICLES[i:i + 2]) for i in range(len(Kind.ARTICLES))]
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_legacy_topics (id integer PRIMARY KEY, "
                       "topics varchar(200) NOT NULL)")
    try:
        people = [Subscriber(email=f"p{i}@example.org", email_hash=f"{i:064d}",
                             status=Subscriber.Status.CONFIRMED, topics=choices[i % len(choices)])
                  for i in range(args.rows)]
        Subscriber.objects.bulk_create(people, batch_size=2000)
        rows = Subscriber.objects.order_by("pk").values_list("pk", "topics")
        legacy = [(pk, "," + ",".join(topics) + ",") for pk, topics in rows]
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_legacy_topics (id, topics) VALUES (%s, %s)",
                               legacy)

        def new_filter():  # the ORM's SQL through a plain cursor, like the baseline
            sql, params = (Subscriber.objects.filter(topics__has_any_keys=WANTED)
                           .order_by("pk").values_list("pk").query.sql_with_params())
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        def old_filter():
            where = " OR ".join(["topics LIKE %s"] * len(WANTED))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id FROM bench_legacy_topics WHERE {where} ORDER BY id",
                               [f"%,{kind},%" for kind in WANTED])
                return cursor.fetchall()

        def audience():
            return list(Subscriber.objects.sendable(topics=WANTED).order_by("pk")
                        .values_list("pk", flat=True))

        def everyone():
            return list(Subscriber.objects.sendable().order_by("pk")
                        .values_list("pk", flat=True))

        new_s, new_n = best_of(args.repeat, new_filter)
        old_s, old_n = best_of(args.repeat, old_filter)
        audience_s, audience_n = best_of(args.repeat, audience)
        everyone_s, everyone_n = best_of(args.repeat, everyone)
        assert new_n == old_n == audience_n, (new_n, old_n, audience_n)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_legacy_topics")
        with connection.schema_editor() as editor:
            for model in reversed(models):
                editor.delete_model(model)

    print(f"machine: {platform.machine()} {os.cpu_count()} CPU(s), Python "
          f"{platform.python_version()}, {connection.vendor}; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"subscribers: {args.rows:,}; topics {', '.join(WANTED)} match {new_n:,}")
    print(f"topic filter, has_any_keys (now): {new_s * 1000:.0f} ms")
    print(f"topic filter, LIKE on ',a,b,' (baseline): {old_s * 1000:.0f} ms; "
          f"ratio {new_s / old_s:.2f}x")
    print(f"whole audience by topic: {audience_s * 1000:.0f} ms; everyone (no topic filter): "
          f"{everyone_s * 1000:.0f} ms ({everyone_n:,}); ratio {audience_s / everyone_s:.2f}x")


if __name__ == "__main__":
    main()
