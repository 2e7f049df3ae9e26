"""SES events per second into the webhook, against messages per second out of one worker.

    .venv/bin/python bench/bench_sns.py [--messages 400] [--recipients 1] [--no-send]

One run measures, on one machine:

1. **Intake**: SNS notifications POSTed one after another through the whole webhook
   (Django test client → middleware → URL routing → view → SNS signature verification →
   dedup → one INSERT → enqueue of the background apply when none is pending → 200), on
   a throwaway database, with the production task backend (django-tasks-db). Three
   scenarios, interleaved over 4 rounds so that a noisy neighbour slows them alike:
   - verified, cached certificate: the real path (the figure);
   - verified, cold certificate: both caches emptied before every message;
   - baseline: the same view with signature verification replaced by the topic check.
2. **Apply**: the background apply of everything appended (``apply.drain()``, batches of
   ``SES_EVENTS_APPLY_BATCH``): events stored and their effects, per second.
3. **Send**: ``bench/bench_send.py --quick --skip-memory`` in a subprocess; its
   "unlimited, one worker process" figure is the send rate to compare with.

The goal: one web process takes at least 2× as many events per second as one worker
sends messages per second. Nothing here reaches a network.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
# The production backend: the webhook's enqueue is a row in django-tasks-db's table.
os.environ["TEST_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"


def send_rate() -> float | None:
    """messages/s of one worker, from bench_send.py's quick mode (same machine, now)."""
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_send.py"), "--quick",
                             "--skip-memory"], cwd=ROOT, capture_output=True, text=True, check=False)
    match = re.search(r"unlimited, one worker process: ([\d.]+) msg/s", result.stdout)
    if not match:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
        return None
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--recipients", type=int, default=1, help="recipients per SES event")
    parser.add_argument("--no-send", action="store_true", help="skip the send-rate run")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from newsletter.sesevents import apply, sns
    from newsletter.sesevents.models import SesEvent, SnsMessage
    from tests.newsletter.sesevents.signing import TOPIC_ARN, SnsSigner, ses_event

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.SNS_TOPIC_ARNS = [TOPIC_ARN]
    signer = SnsSigner()
    sns.fetch_pem = lambda url: signer.pem  # noqa: E731 - in-memory "fetch"
    client = Client()

    def messages(n: int) -> list[bytes]:
        out = []
        for i in range(n):
            recipients = [f"r{i}-{j}@example.org" for j in range(args.recipients)]
            payload = ses_event("Delivery", recipients, campaign=1, delivery=i)
            out.append(json.dumps(signer.notification(payload, version="2" if i % 2 else "1")).encode())
        return out

    def post_all(label: str, bodies: list[bytes], before_each=None) -> float:
        """Seconds to POST every body; checks each answer and what was appended."""
        start_messages = SnsMessage.objects.count()
        started = time.perf_counter()
        for body in bodies:
            if before_each:
                before_each()
            response = client.post("/newsletter/ses/events/", data=body, content_type="text/plain",
                                   HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification")
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code} {response.content!r}")
        elapsed = time.perf_counter() - started
        appended = SnsMessage.objects.count() - start_messages
        assert appended == len(bodies), (label, appended)
        return elapsed

    def apply_all() -> tuple[float, int]:
        before = SesEvent.objects.count()
        started = time.perf_counter()
        apply.drain(budget_seconds=3600)
        elapsed = time.perf_counter() - started
        assert not apply.pending().exists()
        return elapsed, SesEvent.objects.count() - before

    def cold():
        sns.certificates.clear()
        cache.clear()

    real_verify = sns.verify

    def unverified(message):
        if not isinstance(message, dict) or message.get("TopicArn") not in settings.SNS_TOPIC_ARNS:
            raise sns.VerificationError("topic")
        return sns.SnsEnvelope(type=message["Type"], message_id=message["MessageId"],
                               topic_arn=message["TopicArn"], message=message["Message"],
                               timestamp=None, signature_version=message["SignatureVersion"])

    def baseline_run(label, bodies):
        sns.verify = unverified
        try:
            return post_all(label, bodies)
        finally:
            sns.verify = real_verify

    scenarios = {
        "verified, cached certificate": lambda label, bodies: post_all(label, bodies),
        "verified, cold certificate": lambda label, bodies: post_all(label, bodies, before_each=cold),
        "baseline: no signature check": baseline_run,
    }
    rounds = 4
    per_round = max(1, args.messages // rounds)
    totals = dict.fromkeys(scenarios, 0.0)
    bodies = {name: messages(per_round * rounds) for name in scenarios}
    post_all("warm-up", messages(20))
    apply_all()
    print(f"bench_sns: {per_round * rounds} messages × {args.recipients} recipient(s) per "
          f"scenario, {connection.vendor}, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    apply_seconds, applied_events = 0.0, 0
    for r in range(rounds):
        for name, scenario in scenarios.items():
            totals[name] += scenario(name, bodies[name][r * per_round:(r + 1) * per_round])
        seconds, stored = apply_all()
        apply_seconds += seconds
        applied_events += stored
    events = per_round * rounds * args.recipients
    rates = {}
    print("intake (webhook, one process, requests one after another):")
    for name, seconds in totals.items():
        rates[name] = events / seconds
        print(f"  {name:<30} {per_round * rounds:>5} messages {events:>6} events  "
              f"{seconds:6.2f} s  {rates[name]:8.1f} events/s")
    verified = rates["verified, cached certificate"]
    print(f"  verified/baseline: {verified / rates['baseline: no signature check']:.2f}×   "
          f"cached/cold certificate: {verified / rates['verified, cold certificate']:.2f}×")
    print(f"apply (background, batches of {apply.conf.apply_batch_size()}): {applied_events} events "
          f"in {apply_seconds:.2f} s = {applied_events / apply_seconds:.1f} events/s")
    connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)
    if args.no_send:
        return
    sending = send_rate()
    if sending is None:
        raise SystemExit("bench_send.py gave no unlimited figure")
    ratio = verified / sending
    print(f"send (bench_send.py --quick, one worker, unlimited): {sending:.1f} msg/s")
    print(f"webhook events/s ÷ worker msg/s: {ratio:.2f}× "
          f"[goal ≥ 2×: {'ok' if ratio >= 2 else 'MISSED'}]")


if __name__ == "__main__":
    main()
