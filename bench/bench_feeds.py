"""Benchmark: feeds served by a real HTTP server, cold (rendered) against warm (cached)
and against a conditional GET (304).

    .venv/bin/python bench/bench_feeds.py [--items 500] [--seconds 5] [--connections 4]

What it does, all on 127.0.0.1 and in a throwaway directory:

1. migrates a fresh SQLite database (production settings, SECRET_KEY etc. from here)
   and publishes ``--items`` article pages through Wagtail (five kinds, rich bodies,
   every second one with an image);
2. times the render of the "all" feed (queries + Items + feedgen) at 10, 50 and 500
   entries, in-process, median of a few runs;
3. starts gunicorn (``cms.wsgi``, one gthread worker, 4 threads) twice:
   - "cold": with FEEDS_CACHE_ENABLED=0, so every request renders the feed (the
     rest of Django's cache, e.g. Wagtail's site root paths, still works);
   - "warm": with the default LocMemCache, so requests are served from the cache;
   and drives each with a small threaded keep-alive HTTP client for ``--seconds``
   (bounded in requests too), measuring req/s for the 50-entry RSS feed cold and
   warm, and for a 304 (If-None-Match with the feed's ETag);
4. prints the figures and the ratios to the cold rate (goal: warm and 304 >= 20x).

The client runs on the same machine as the server, so the warm and 304 rates are a
floor (the client's CPU is part of them). Nothing contacts another host; SITE_URL is a
``.invalid`` name that only appears inside the feeds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FEED_PATH = "/feeds/all.rss"
GOAL = 20.0


# --- inside the Django process: seed and render timings --------------------------------

PARAGRAPH = ("<p>Under the framework of <b>BIO-Europe</b>, the partnership organises a "
             "cluster-to-cluster workshop and a networking session for representatives of "
             "European and Japanese clusters, with the kind support of the "
             '<a href="https://example.invalid/ebd">EBD Group</a> and the EU-Japan Centre. '
             "SMEs met investors, partners and customers over two days.</p>")


def _body(kind: str, n: int) -> str:
    if kind == "interview":
        blocks = [{"type": "qa", "value": {"question": f"Question {q} of interview {n}?",
                                           "answer": PARAGRAPH * 2}} for q in range(4)]
    else:
        blocks = [{"type": "heading", "value": f"Heading of item {n}"},
                  {"type": "paragraph", "value": PARAGRAPH * 3},
                  {"type": "quote", "value": {"quote": "Perseverance and trust are key.",
                                              "attribution": "A. CEO"}},
                  {"type": "paragraph", "value": PARAGRAPH}]
    return json.dumps(blocks)


def seed(items: int) -> None:
    import io
    from datetime import date, timedelta

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    from cms.demo.loader import ensure_site
    from cms.models import (
        ActivityNewsIndexPage,
        ActivityNewsPage,
        EventIndexPage,
        EventPage,
        GatewayNewsIndexPage,
        GatewayNewsPage,
        InterviewIndexPage,
        InterviewPage,
        PartnershipImage,
        SuccessStoryIndexPage,
        SuccessStoryPage,
    )

    home, _site = ensure_site()
    indexes = {}
    for key, model in [("interview", InterviewIndexPage), ("story", SuccessStoryIndexPage),
                       ("gateway", GatewayNewsIndexPage), ("activity", ActivityNewsIndexPage),
                       ("event", EventIndexPage)]:
        index = home.add_child(instance=model(title=key.title(), slug=f"{key}s"))
        index.save_revision().publish()
        indexes[key] = index
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (20, 90, 160)).save(buffer, format="PNG")
    image = PartnershipImage.objects.create(
        title="Bench image", description="A blue rectangle", credit="bench",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="bench.png"))
    kinds = ["interview", "story", "gateway", "activity", "event"]
    for n in range(items):
        kind = kinds[n % len(kinds)]
        common = dict(title=f"Bench {kind} {n}", slug=f"bench-{kind}-{n}",
                      summary=f"Summary of bench {kind} {n}: one or two sentences.",
                      body=_body(kind, n), sectors="Biotech, Medtech", countries="JP, DE",
                      image=image if n % 2 == 0 else None)
        if kind == "interview":
            page = InterviewPage(interviewee_name=f"Person {n}", **common)
        elif kind == "story":
            page = SuccessStoryPage(company=f"Company {n}", country="ES", **common)
        elif kind == "gateway":
            page = GatewayNewsPage(gateway_organisations="BioSA", country="AU", **common)
        elif kind == "activity":
            page = ActivityNewsPage(activity_kind="matchmaking", **common)
        else:
            page = EventPage(event_kind="workshop", start_date=date(2030, 1, 1)
                             + timedelta(days=n), timezone="Europe/Madrid", city="Barcelona",
                             country="ES", **common)
        indexes[kind].add_child(instance=page)
        page.save_revision().publish()


def render_timings(sizes: list[int], runs: int) -> dict:
    from django.conf import settings
    from wagtail.models import Page

    from feeds import views
    from feeds.catalogue import BY_SLUG
    from feeds.syndication import RSS

    spec = BY_SLUG["all"]
    out = {"pages": Page.objects.live().count()}
    for size in sizes:
        settings.FEEDS_LENGTH = size
        views.render_feed(spec, RSS)  # warm imports, renditions and connections
        samples = []
        for _ in range(runs if size <= 50 else max(2, runs // 2)):
            started = time.perf_counter()
            body, _last_modified = views.render_feed(spec, RSS)
            samples.append(time.perf_counter() - started)
        out[str(size)] = {"ms": statistics.median(samples) * 1000, "bytes": len(body)}
    return out


def inner(args) -> None:
    import django

    django.setup()
    if args.inner == "seed":
        seed(args.items)
        print(json.dumps(render_timings([10, 50, 500], args.runs)))


# --- outside: orchestration, server and load generator ---------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)
    if result.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


class Server:
    """gunicorn on 127.0.0.1:<free port>, stopped (by its own pid) on exit."""

    def __init__(self, env: dict, label: str, logfile: Path):
        self.port = free_port()
        self.label = label
        self.log = logfile.open("w")
        self.proc = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "cms.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--worker-class", "gthread", "--threads", "4", "--keep-alive", "30",
             "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn ({self.label}) exited; see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                conn.request("GET", FEED_PATH)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return self
                sys.exit(f"{FEED_PATH} answered {response.status}; see {self.log.name}")
            except OSError:
                time.sleep(0.2)
        sys.exit(f"gunicorn ({self.label}) did not start; see {self.log.name}")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def get(self, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response, body


def drive(port: int, path: str, headers: dict, expect: int, seconds: float,
          connections: int, max_requests: int) -> dict:
    """Keep-alive GETs from ``connections`` threads until the time or count runs out."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                if len(latencies) >= max_requests:
                    break
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            elapsed = time.perf_counter() - started
            if response.status != expect:
                errors.append(f"status {response.status}")
            with lock:
                latencies.append(elapsed)
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        sys.exit(f"{len(errors)} failed requests, e.g. {errors[:3]}")
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall,
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=500, help="article pages to publish")
    parser.add_argument("--seconds", type=float, default=5.0, help="per load measurement")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5, help="render-time samples")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        sys.path.insert(0, str(ROOT))
        inner(args)
        return

    workdir = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-feeds-not-a-secret",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SITE_URL": "http://feeds-bench.invalid",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "FEEDS_LENGTH": "50",
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as a production deployment has
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    try:
        print(f"bench_feeds: {args.items} items in {workdir}", flush=True)
        t0 = time.perf_counter()
        run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        print(f"  migrated in {time.perf_counter() - t0:.0f} s; publishing {args.items} pages…",
              flush=True)
        t0 = time.perf_counter()
        out = run([PYTHON, str(Path(__file__).resolve()), "--inner", "seed",
                   "--items", str(args.items), "--runs", str(args.runs)], env)
        render = json.loads(out.strip().splitlines()[-1])
        print(f"  published and timed renders in {time.perf_counter() - t0:.0f} s", flush=True)

        load = dict(seconds=args.seconds, connections=args.connections,
                    max_requests=args.max_requests)
        cold_env = {**env, "FEEDS_CACHE_ENABLED": "0"}
        with Server(cold_env, "cold", workdir / "gunicorn-cold.log") as server:
            cold = drive(server.port, FEED_PATH, {}, 200, **load)
        with Server(env, "warm", workdir / "gunicorn-warm.log") as server:
            response, body = server.get(FEED_PATH)
            etag = response.getheader("ETag")
            assert etag and response.getheader("Last-Modified"), "no validators"
            warm = drive(server.port, FEED_PATH, {}, 200, **load)
            not_modified = drive(server.port, FEED_PATH, {"If-None-Match": etag}, 304, **load)
        feed_bytes = len(body)
    finally:
        if args.keep:
            print(f"  kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = platform.processor() or platform.machine()
    print()
    print(f"Feeds benchmark, {when}; {platform.node()} ({cpu}, {os.cpu_count()} CPUs), "
          f"Python {platform.python_version()}, SQLite, gunicorn 1 worker × 4 threads, "
          f"{args.connections} keep-alive client connections on the same machine")
    print(f"{render['pages']} live pages; feed {FEED_PATH} with 50 entries = {feed_bytes} bytes")
    print()
    print("Render time of the 'all' RSS feed (queries + Items + feedgen), median:")
    base = render["10"]["ms"]
    for size in ("10", "50", "500"):
        figures = render[size]
        print(f"  {size:>3} entries: {figures['ms']:8.1f} ms  {figures['bytes']:>9} bytes  "
              f"({figures['ms'] / base:5.1f}× the 10-entry render)")
    print()
    print(f"{'':<26}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'requests':>10}{'× cold':>9}")
    for label, figures in (("cold (rendered each time)", cold), ("warm (cached)", warm),
                           ("304 (If-None-Match)", not_modified)):
        print(f"{label:<26}{figures['rps']:>10.1f}{figures['p50_ms']:>10.2f}"
              f"{figures['p99_ms']:>10.2f}{figures['requests']:>10}"
              f"{figures['rps'] / cold['rps']:>8.1f}×")
    warm_ratio = warm["rps"] / cold["rps"]
    nm_ratio = not_modified["rps"] / cold["rps"]
    ok = warm_ratio >= GOAL and nm_ratio >= GOAL
    print()
    print(f"goal: warm and 304 each >= {GOAL:.0f}× cold: "
          f"{'met' if ok else 'NOT met'} (warm {warm_ratio:.1f}×, 304 {nm_ratio:.1f}×)")


if __name__ == "__main__":
    main()
