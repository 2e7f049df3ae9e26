"""A real campaign message of the demo issue through Debian's SpamAssassin, local tests
only (no network tests, no Bayes, no auto-whitelist): it must score 0.0 points."""

import re
import shutil
import subprocess

import pytest

from newsletter.campaigns import actions, ledger, snapshots
from newsletter.campaigns.messages import SnapshotMessageBuilder
from newsletter.campaigns.models import Delivery
from newsletter.subscribers.models import Subscriber

SPAMASSASSIN = shutil.which("spamassassin")
LOCAL_ONLY = ["use_bayes 0", "use_auto_whitelist 0", "bayes_auto_learn 0", "skip_rbl_checks 1"]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SPAMASSASSIN is None, reason="spamassassin is not installed (CI installs it)"),
]


def campaign_message(issue) -> bytes:
    Subscriber.objects.create(email="reader@example.org", name="Ann Reader",
                              status=Subscriber.Status.CONFIRMED)
    campaign = actions.create(issue)
    ledger.build_audience(campaign)
    snapshots.take(campaign)
    row = Delivery.objects.select_related("subscriber").get(
        campaign=campaign, subscriber__email="reader@example.org")
    return SnapshotMessageBuilder(campaign).build(row, "c1.d1.test@bioxclusters.example")


def spamassassin_report(message: bytes) -> tuple[float, list[str]]:
    cf = [arg for line in LOCAL_ONLY for arg in ("--cf", line)]
    result = subprocess.run([SPAMASSASSIN, "-L", "-t", *cf], input=message,
                            capture_output=True, timeout=120, check=False)
    out = result.stdout.decode("utf-8", "replace")
    score = re.search(r"^X-Spam-Status: \w+, score=(-?[\d.]+)", out, re.MULTILINE)
    assert score, result.stderr.decode()[-2000:]
    rules = re.findall(r"^\s*(-?\d+\.\d+)\s+([A-Z0-9_]+)\s", out, re.MULTILINE)
    return float(score.group(1)), [f"{name} ({points})" for points, name in rules if float(points)]


def test_demo_campaign_message_scores_zero(demo_issue):
    score, rules = spamassassin_report(campaign_message(demo_issue))
    assert rules == [] and score == 0.0, rules
