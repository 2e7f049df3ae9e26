"""Rolling account health and per-campaign stop rule (newsletter.sesevents.health)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from newsletter.sesevents import health
from newsletter.sesevents.health import Level, Rate, StopRule
from newsletter.sesevents.models import SesEvent

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


def add(event_type, n, *, hours_ago=1.0, campaign=7, start=0, **fields):
    SesEvent.objects.bulk_create([
        SesEvent(fingerprint=uuid.uuid4().hex, event_type=event_type, source="event",
                 timestamp=NOW - timedelta(hours=hours_ago), ses_message_id=f"m{i}",
                 recipient=f"r{i}@example.org", campaign_id=campaign, **fields)
        for i in range(start, start + n)
    ])


def test_rate_fraction_and_nothing_sent():
    assert Rate.of(3, 200).fraction == pytest.approx(0.015)
    assert Rate.of(3, 200).percent == "1.50%"
    assert Rate.of(0, 0).fraction is None and Rate.of(0, 0).percent == "–"


def test_thresholds_levels():
    t = health.THRESHOLDS
    assert t.bounce_level(Rate.of(4, 100)) is Level.OK
    assert t.bounce_level(Rate.of(5, 100)) is Level.REVIEW
    assert t.bounce_level(Rate.of(10, 100)) is Level.PAUSE
    assert t.complaint_level(Rate.of(1, 1000)) is Level.REVIEW
    assert t.complaint_level(Rate.of(4, 1000)) is Level.REVIEW
    assert t.gmail_level(Rate.of(3, 1000)) is Level.PAUSE  # Gmail: never 0.3%
    assert t.complaint_level(Rate.of(5, 1000)) is Level.PAUSE
    assert t.bounce_level(Rate.of(0, 0)) is Level.NONE


def test_account_windows_roll():
    add("send", 1000, hours_ago=2)
    add("bounce", 30, hours_ago=2, bounce_type="Permanent")
    add("bounce", 50, hours_ago=2, start=100, bounce_type="Transient")  # not counted
    add("send", 1000, hours_ago=48, start=1000)
    add("complaint", 2, hours_ago=48)
    add("send", 500, hours_ago=24 * 8, start=3000)  # outside both windows
    add("complaint", 9, hours_ago=24 * 8)
    report = health.account_health(now=NOW)
    assert (report.day.bounce.events, report.day.bounce.sends) == (30, 1000)
    assert report.day.complaint.events == 0 and report.day.complaint_level is Level.OK
    assert (report.week.bounce.events, report.week.bounce.sends) == (30, 2000)
    assert report.week.complaint.fraction == pytest.approx(0.001)
    assert report.week.complaint_level is Level.REVIEW and report.week.gmail_level is Level.REVIEW
    assert report.day.bounce_level is Level.OK and report.worst_level is Level.REVIEW
    assert report.day.until == NOW and report.week.since == NOW - timedelta(days=7)


def test_account_health_of_a_quiet_account():
    report = health.account_health(now=NOW)
    assert report.day.bounce.fraction is None and report.worst_level is Level.NONE


def test_campaign_stop_reason_needs_a_sample():
    rule = StopRule(bounce=0.025, complaint=0.0005, min_sends=200)
    add("send", 3)
    add("bounce", 1, bounce_type="Permanent")
    small = health.campaign_health(7, rule)
    assert small.bounce.fraction == pytest.approx(1 / 3)
    assert small.stop_reason is None  # 1 bounce in 3 sends does not stop a campaign
    add("send", 297, start=3)
    add("bounce", 7, start=1, bounce_type="Permanent")  # 8 of 300 = 2.7%
    big = health.campaign_health(7, rule)
    assert big.stop_reason is not None and "bounce rate is 2.67%" in big.stop_reason


def test_campaign_complaint_stops_first_and_campaigns_do_not_mix():
    rule = StopRule(bounce=0.025, complaint=0.0005, min_sends=200)
    add("send", 1000)
    add("complaint", 1)
    add("complaint", 5, campaign=8)
    result = health.campaign_health(7, rule)
    assert result.complaint.events == 1 and "complaint rate is 0.10%" in result.stop_reason
    assert health.campaign_health(7, StopRule(0.025, 0.002, 200)).stop_reason is None


def test_stop_rule_defaults_are_half_the_review_levels(settings):
    rule = StopRule.configured()
    assert rule.bounce == pytest.approx(health.THRESHOLDS.bounce_review / 2)
    assert rule.complaint == pytest.approx(health.THRESHOLDS.complaint_review / 2)
    settings.SES_AUTOPAUSE_MIN_SENDS = 50
    assert StopRule.configured().min_sends == 50
