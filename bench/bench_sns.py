"""SES events per second through the whole webhook (Django test client → URL routing →
view → SNS signature verification → normalise → store → effects), on a throwaway database.

    .venv/bin/python bench/bench_sns.py [--messages 400] [--recipients 1]

Three runs over the same kind of pre-signed SNS messages (each with its own MessageId):

- verified: the real path, certificate cached (the figure);
- cold certificate: the in-process and Django caches are emptied before every message, so
  each one parses the X.509 certificate again (its "fetch" is from memory: no network);
- baseline: the same view with signature verification replaced by the allow-list check
  only, which shows what verification itself costs.

Nothing here reaches a network: the certificate is generated in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--recipients", type=int, default=1, help="recipients per SES event")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from newsletter.sesevents import sns
    from newsletter.sesevents.models import SesEvent
    from tests.newsletter.sesevents.signing import TOPIC_ARN, SnsSigner, ses_event

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.SNS_TOPIC_ARNS = [TOPIC_ARN]
    signer = SnsSigner()
    sns.fetch_pem = lambda url: signer.pem  # noqa: E731 - in-memory "fetch"
    client = Client()

    def messages(n: int, kind: str) -> list[bytes]:
        out = []
        for i in range(n):
            recipients = [f"r{i}-{j}@example.org" for j in range(args.recipients)]
            payload = ses_event("Delivery", recipients, campaign=1, delivery=i)
            out.append(json.dumps(signer.notification(payload, version="2" if i % 2 else "1")).encode())
        return out

    def post_all(label: str, bodies: list[bytes], before_each=None) -> float:
        """Seconds to POST every body; checks each answer and the stored events."""
        start_events = SesEvent.objects.count()
        started = time.perf_counter()
        for body in bodies:
            if before_each:
                before_each()
            response = client.post("/newsletter/ses/events/", data=body, content_type="text/plain",
                                   HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification")
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code} {response.content!r}")
        elapsed = time.perf_counter() - started
        stored = SesEvent.objects.count() - start_events
        assert stored == len(bodies) * args.recipients, (label, stored)
        return elapsed

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
    # Interleaved rounds, so that a noisy neighbour slows every scenario alike.
    rounds = 4
    per_round = max(1, args.messages // rounds)
    totals = dict.fromkeys(scenarios, 0.0)
    bodies = {name: messages(per_round * rounds, name) for name in scenarios}
    post_all("warm-up", messages(20, "warm"))
    print(f"bench_sns: {args.messages} messages × {args.recipients} recipient(s), "
          f"{connection.vendor}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    for r in range(rounds):
        for name, scenario in scenarios.items():
            totals[name] += scenario(name, bodies[name][r * per_round:(r + 1) * per_round])
    events = per_round * rounds * args.recipients
    rates = {}
    for name, seconds in totals.items():
        rates[name] = events / seconds
        print(f"  {name:<30} {per_round * rounds:>5} messages {events:>6} events  "
              f"{seconds:6.2f} s  {rates[name]:8.1f} events/s")
    verified = rates["verified, cached certificate"]
    print(f"\nverified/baseline: {verified / rates['baseline: no signature check']:.2f}×   "
          f"cached/cold certificate: {verified / rates['verified, cold certificate']:.2f}×")
    sample = [json.loads(body) for body in messages(200, "m")]
    started = time.perf_counter()
    for message in sample:
        sns.verify(message)
    per_second = len(sample) / (time.perf_counter() - started)
    print(f"sns.verify() alone, cached certificate: {per_second:,.0f} messages/s "
          f"(the rest of each request is HTTP handling and the database transaction)")
    connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
