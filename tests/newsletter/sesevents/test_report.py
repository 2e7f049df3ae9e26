"""The campaign report in the Wagtail admin."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from newsletter.sesevents.chart import line_chart
from newsletter.sesevents.models import SesEvent
from newsletter.sesevents.report import campaign_report

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def add(event_type, n, *, campaign=5, offset=0, start=0, minutes=0, **fields):
    SesEvent.objects.bulk_create([
        SesEvent(fingerprint=uuid.uuid4().hex, event_type=event_type, source="event",
                 timestamp=T0 + timedelta(minutes=minutes + offset), ses_message_id=f"m{i}",
                 recipient=f"r{i}@example.org", campaign_id=campaign, **fields)
        for i in range(start, start + n)
    ])


@pytest.fixture
def campaign_5():
    add("send", 100)
    add("delivery", 90, minutes=1)
    add("bounce", 6, start=90, minutes=2, bounce_type="Permanent", bounce_subtype="General")
    add("bounce", 2, start=96, minutes=3, bounce_type="Transient", bounce_subtype="MailboxFull")
    add("complaint", 1, minutes=120)
    add("click", 3, minutes=60, link="https://bioxclusters.example/news/1")
    add("click", 1, minutes=61, link="https://bioxclusters.example/news/1")  # r0 again
    add("click", 1, start=5, minutes=62, link="https://bioxclusters.example/events")
    add("send", 10, campaign=6)  # another campaign must not leak in


def test_figures_and_rates(campaign_5):
    report = campaign_report(5)
    assert (report.sent, report.delivered, report.hard_bounced, report.soft_bounced,
            report.complained) == (100, 90, 6, 2, 1)
    assert report.clicked == 4 and report.clicks == 5
    assert report.links[0] == {"link": "https://bioxclusters.example/news/1", "clicks": 4, "people": 3}
    assert report.bounce_rate.value == pytest.approx(0.06) and report.bounce_rate.level == "review"
    assert report.complaint_rate.value == pytest.approx(0.01) and report.complaint_rate.level == "pause"
    assert report.bucket == "hour"
    assert sum(row["delivery"] for row in report.timeline) == 90
    assert sum(row["complaint"] for row in report.timeline) == 1


def test_rates_below_thresholds():
    add("send", 2000, campaign=9)
    add("bounce", 20, campaign=9, bounce_type="Permanent")
    report = campaign_report(9)
    assert report.bounce_rate.level == "ok" and report.complaint_rate.level == "ok"
    assert report.bounce_rate.percent == "1.00%"


def test_report_page_flags_rates_over_the_ses_thresholds(admin_client, campaign_5, settings):
    settings.TRACK_CLICKS = True
    response = admin_client.get(reverse("sesevents_campaign_report", args=[5]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Over the review threshold" in html  # bounces 6% ≥ 5%
    assert "Over the pause threshold" in html  # complaints 1% ≥ 0.5%
    assert 'data-rate="bounce-rate">6.00%' in html
    assert 'data-rate="complaint-rate">1.00%' in html
    assert '<td data-count="delivered">90</td>' in html
    assert '<td data-count="hard_bounced">6</td>' in html
    assert "https://bioxclusters.example/events" in html
    svg = re.search(r'<svg [^>]*class="sesevents-chart".*?</svg>', html, re.S).group(0)
    assert 'data-series="delivery"' in svg and 'data-series="click"' in svg
    assert "<script" not in html.split('id="chart-heading"')[1].split("</section>")[0]


def test_report_page_says_tracking_is_off(admin_client, campaign_5, settings):
    settings.TRACK_OPENS = settings.TRACK_CLICKS = False
    SesEvent.objects.filter(event_type="click").delete()
    html = admin_client.get(reverse("sesevents_campaign_report", args=[5])).content.decode()
    assert '<td data-count="opened">not tracked</td>' in html
    assert "Below the thresholds" not in html


def test_report_of_a_campaign_without_events(admin_client):
    response = admin_client.get(reverse("sesevents_campaign_report", args=[404]))
    assert response.status_code == 200
    assert "Nothing sent yet" in response.content.decode()
    assert "No events yet" in response.content.decode()


def test_index_lists_campaigns_and_links_to_reports(admin_client, campaign_5):
    response = admin_client.get(reverse("sesevents_report_index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("sesevents_campaign_report", args=[5]) in html
    assert reverse("sesevents_campaign_report", args=[6]) in html


def test_report_needs_an_admin_login(client, campaign_5):
    response = client.get(reverse("sesevents_campaign_report", args=[5]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reports_menu_has_the_entry():
    from wagtail import hooks

    items = [fn() for fn in hooks.get_hooks("register_reports_menu_item")]
    assert any(item.url == reverse("sesevents_report_index") for item in items)


def test_chart_is_plain_svg_with_escaped_labels():
    timeline = [{"bucket": T0 + timedelta(hours=h), "delivery": h, "bounce": 0} for h in range(5)]
    svg = str(line_chart(timeline, series=["delivery", "bounce"]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "No events yet" in str(line_chart([]))


def test_django_admin_lists_events_read_only(admin_client, campaign_5):
    response = admin_client.get("/django-admin/sesevents/sesevent/?event_type__exact=complaint")
    assert response.status_code == 200
    assert "r0@example.org" in response.content.decode()
    assert admin_client.get("/django-admin/sesevents/sesevent/add/").status_code == 403


@pytest.mark.parametrize("maximum,ticks", [
    (0, [0, 1]), (3, [0, 1, 2, 3]), (9, [0, 2, 4, 6, 8, 10]), (90, [0, 20, 40, 60, 80, 100]),
    (1234, [0, 500, 1000, 1500]),
])
def test_chart_axis_ticks_are_round_and_cover_the_maximum(maximum, ticks):
    from newsletter.sesevents.chart import _ticks

    assert _ticks(maximum) == ticks
