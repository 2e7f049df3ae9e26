"""Delivery-engine benchmark: one command, prints figures and ratios.

    .venv/bin/python bench/bench_send.py            # full run (20,000 / 100,000 recipients)
    .venv/bin/python bench/bench_send.py --quick    # smaller numbers, same scenarios

Everything runs locally: a throwaway SQLite database in a temp dir, and the local
SES-compatible endpoint (tests/support/fake_ses.py) in its own process with 50 ms of
latency per call, reached through boto3 ``sesv2`` exactly as in production.

Scenarios, each a fresh campaign of the demo-sized issue (rendered once by the real
renderer, personalised per recipient):
  baseline   a sequential loop, one SendEmail at a time (what Django's email backend does)
  rate 100/s and 300/s: achieved rate and the busiest one-second window at the endpoint
  unlimited  messages/s of one worker process
  memory     peak RSS of one worker process sending to 100,000 recipients (child process)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(db_path: Path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    for key, value in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                       "AWS_DEFAULT_REGION": "eu-west-1",
                       "AWS_EC2_METADATA_DISABLED": "true"}.items():
        os.environ[key] = value
    import django

    django.setup()


def start_fake_ses(latency: float):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_ses", "--latency", str(latency),
         "--max-send-rate", "100000"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    port = int(line.split()[1])
    return process, f"http://127.0.0.1:{port}"


def fake_stats(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/_fake/stats", timeout=30) as response:  # noqa: S310
        return json.load(response)


def busiest_window(arrivals: list[float], width: float = 1.0) -> int:
    arrivals = sorted(arrivals)
    best, j = 0, 0
    for i, start in enumerate(arrivals):
        while j < len(arrivals) and arrivals[j] < start + width:
            j += 1
        best = max(best, j - i)
    return best


def prepare(recipients: int, prefix: str):
    """An issue (the demo issue, loaded once) and ``recipients`` confirmed subscribers."""
    from django.core.management import call_command

    from cms.demo.loader import find_demo_issue, load_demo
    from newsletter.subscribers.addresses import email_hash
    from newsletter.subscribers.models import Subscriber

    call_command("migrate", verbosity=0)
    issue = find_demo_issue()
    if issue is None:
        load_demo()
        issue = find_demo_issue()
    Subscriber.objects.update(status="unsubscribed")  # only this scenario's people count
    batch = []
    for i in range(recipients):
        address = f"{prefix}{i}@bench.example.org"
        batch.append(Subscriber(email=address, email_hash=email_hash(address),
                                name=f"Reader {i}", status="confirmed"))
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch)
    return issue


def new_campaign(issue):
    from newsletter.campaigns import ledger, snapshots
    from newsletter.campaigns.models import Campaign, Delivery
    from newsletter.subscribers.models import Subscriber

    # Every confirmed subscriber, even those an earlier scenario reached (the engine's
    # audience rule would leave them out of a second campaign of the same issue).
    campaign = Campaign.objects.create(issue=issue, state="sending")
    snapshots.take(campaign)  # as actions.start does
    ids = Subscriber.objects.filter(status="confirmed").values_list("pk", flat=True)
    batch = []
    for subscriber_id in ids.iterator(chunk_size=5000):
        batch.append(Delivery(campaign=campaign, subscriber_id=subscriber_id))
        if len(batch) == 5000:
            Delivery.objects.bulk_create(batch)
            batch = []
    Delivery.objects.bulk_create(batch)
    campaign.audience_size = ledger.counts(campaign.pk)["pending"]
    return campaign


def run_scenario(issue, url: str, rate: float | None, concurrency: int) -> dict:
    from django.conf import settings

    from newsletter.campaigns import ledger
    from newsletter.campaigns.account import configure_rate
    from newsletter.campaigns.engine import run_campaign
    from newsletter.transports.ses import SesTransport

    settings.SES_MAX_SEND_RATE = rate
    campaign = new_campaign(issue)
    transport = SesTransport(endpoint_url=url, max_pool_connections=concurrency + 4)
    configure_rate(transport)
    # When each SendEmail request left the worker: botocore's before-send event, after
    # the engine's pacing hook (registered first). list.append is atomic.
    starts = []
    transport.client.meta.events.register("before-send.sesv2.SendEmail",
                                          lambda **kwargs: starts.append(time.time()))
    before = len(fake_stats(url)["arrivals"])
    started, cpu_started = time.perf_counter(), time.process_time()
    report = run_campaign(campaign.pk, transport=transport, concurrency=concurrency)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # every thread of this worker process
    arrivals = fake_stats(url)["arrivals"][before:]
    counts = ledger.counts(campaign.pk)
    span = (max(arrivals) - min(arrivals)) if len(arrivals) > 1 else elapsed
    return {
        "rate": rate, "sent": report.sent, "ledger_sent": counts["sent"], "elapsed": elapsed,
        "per_second": report.sent / elapsed, "cpu_ms": 1000 * cpu / max(1, report.sent),
        "endpoint_rate": len(arrivals) / span if span else 0,
        "busiest_window": busiest_window(arrivals),
        "busiest_window_worker": busiest_window(starts),
    }


def run_baseline(issue, url: str, n: int) -> dict:
    """One call at a time on one thread, the message built per call."""
    from newsletter.campaigns.engine import message_id_for
    from newsletter.campaigns.messages import SnapshotMessageBuilder
    from newsletter.campaigns.models import Delivery
    from newsletter.transports import OutgoingMessage
    from newsletter.transports.ses import SesTransport

    campaign = new_campaign(issue)
    builder = SnapshotMessageBuilder(campaign)
    transport = SesTransport(endpoint_url=url)
    rows = list(Delivery.objects.filter(campaign=campaign).select_related("subscriber")[:n])
    started = time.perf_counter()
    for row in rows:
        message_id = message_id_for(row)
        transport.send(OutgoingMessage(sender=builder.sender, recipient=row.subscriber.email,
                                       raw=builder.build(row, message_id), message_id=message_id))
    elapsed = time.perf_counter() - started
    return {"sent": len(rows), "elapsed": elapsed, "per_second": len(rows) / elapsed}


def memory_child(args) -> None:
    """Runs in its own process: send to ``args.recipients`` unlimited, print peak RSS."""
    setup_django(Path(args.db))
    issue = prepare(args.recipients, "mem")
    result = run_scenario(issue, args.url, None, args.concurrency)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 / 10,000 recipients")
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--memory-recipients", type=int, default=100000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--baseline", type=int, default=300, help="messages in the sequential loop")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--rates-only", action="store_true", help="only the rate-limited runs")
    parser.add_argument("--rate", type=float, action="append", help="rates to test (100, 300)")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        return memory_child(args)
    if args.quick:
        args.recipients, args.memory_recipients, args.baseline = 2000, 10000, 100

    workdir = Path(tempfile.mkdtemp(prefix="bench-send-"))
    setup_django(workdir / "bench.sqlite3")
    fake, url = start_fake_ses(args.latency)
    try:
        print(f"# bench_send  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  "
              f"{platform.machine()} {os.cpu_count()} CPUs  Python {platform.python_version()}  "
              f"SQLite  latency {args.latency * 1000:.0f} ms/call  concurrency {args.concurrency}")
        issue = prepare(args.recipients, "r")
        baseline = run_baseline(issue, url, 20 if args.rates_only else args.baseline)
        print(f"baseline (sequential, one call at a time): {baseline['per_second']:.1f} msg/s "
              f"({baseline['sent']} messages)")
        for rate in args.rate or (100.0, 300.0):
            result = run_scenario(issue, url, rate, args.concurrency)
            verdict = "ok" if (result["endpoint_rate"] >= 0.9 * rate
                               and result["busiest_window"] <= rate) else "MISSED"
            print(f"rate {rate:.0f}/s: {result['sent']} sent, achieved {result['endpoint_rate']:.1f}/s "
                  f"({result['endpoint_rate'] / rate:.0%} of the setting), busiest 1-s window "
                  f"{result['busiest_window']} at the endpoint, {result['busiest_window_worker']} "
                  f"as the requests left the worker [{verdict}]")
        if args.rates_only:
            return 0
        result = run_scenario(issue, url, None, args.concurrency)
        print(f"unlimited, one worker process: {result['per_second']:.1f} msg/s "
              f"({result['sent']} sent in {result['elapsed']:.1f} s, "
              f"{result['cpu_ms']:.2f} ms of worker CPU per message) = "
              f"{result['per_second'] / baseline['per_second']:.1f}x the sequential baseline "
              f"[goal 400/s: {'ok' if result['per_second'] >= 400 else 'MISSED'}]")
    finally:
        fake.terminate()
        fake.wait()
    if args.skip_memory:
        return 0
    fake, url = start_fake_ses(args.latency)
    try:
        child = subprocess.run(
            [sys.executable, __file__, "--memory-child", "--db", str(workdir / "memory.sqlite3"),
             "--url", url, "--recipients", str(args.memory_recipients),
             "--concurrency", str(args.concurrency)],
            cwd=ROOT, capture_output=True, text=True, check=True)
        line = [x for x in child.stdout.splitlines() if x.startswith("RESULT ")][-1]
        result = json.loads(line[len("RESULT "):])
        print(f"memory: {result['sent']} recipients, peak RSS {result['peak_rss_mb']:.0f} MB "
              f"[goal < 300 MB: {'ok' if result['peak_rss_mb'] < 300 else 'MISSED'}], "
              f"{result['per_second']:.1f} msg/s")
    finally:
        fake.terminate()
        fake.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
