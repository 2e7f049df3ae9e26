"""The SES report per language of the message: each event's delivery tells whose
message it was, the campaign's snapshots which language that reader got."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletter.campaigns.models import Campaign, CampaignSnapshot, Delivery
from newsletter.sesevents.models import SesEvent
from newsletter.sesevents.report_languages import UNKNOWN, figures_by_language
from newsletter.subscribers.models import Subscriber

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def event(kind, delivery, campaign, *, recipient=None, **fields):
    return SesEvent(fingerprint=uuid.uuid4().hex, event_type=kind, source="event",
                    timestamp=T0, ses_message_id=f"m-{uuid.uuid4().hex}",
                    recipient=recipient or delivery.subscriber.email, campaign_id=campaign.pk,
                    delivery_id=delivery.pk if delivery else None, **fields)


def make_campaign(issue, readers: dict[str, int], snapshots=("en", "fr"), *, recorded=False):
    """A started campaign with a sent ledger row per reader: ``readers`` maps a stored
    language to how many readers have it; ``recorded``: each row records that language as
    the language of its message (else it records none, as rows sent before it was kept)."""
    campaign = Campaign.objects.create(issue=issue, state="running")
    for language in snapshots:
        CampaignSnapshot.objects.create(campaign=campaign, language=language,
                                        subject="s", html="<p>h</p>", text="t")
    deliveries = {}
    for language, n in readers.items():
        deliveries[language] = [
            Delivery.objects.create(
                campaign=campaign, status="sent", language=language if recorded else "",
                subscriber=Subscriber.objects.create(
                    email=f"{language or 'blank'}{i}-{campaign.pk}@example.org",
                    language=language, status="confirmed"))
            for i in range(n)]
    return campaign, deliveries


@pytest.fixture
def campaign(demo_issue):
    """en 4 readers, fr 3, de 2 (no German snapshot: they got English), and one with
    no stored language (the default)."""
    campaign, d = make_campaign(demo_issue, {"en": 4, "fr": 3, "de": 2, "": 1})
    events = []
    for delivery in d["en"] + d["fr"] + d["de"] + d[""]:
        events.append(event("send", delivery, campaign))
    for delivery in d["en"][:3] + d["fr"][:2] + d["de"] + d[""]:
        events.append(event("delivery", delivery, campaign))
    events += [
        event("bounce", d["en"][3], campaign, bounce_type="Permanent"),
        event("bounce", d["fr"][2], campaign, bounce_type="Permanent"),
        event("bounce", d["fr"][2], campaign, bounce_type="Permanent"),  # twice: one person
        event("bounce", d["de"][0], campaign, bounce_type="Transient"),
        event("complaint", d["fr"][0], campaign),
        event("open", d["fr"][0], campaign), event("open", d["fr"][0], campaign),
        event("open", d["de"][1], campaign),
        event("click", d["en"][0], campaign, link="https://example.org/a"),
        # an event whose delivery is gone (erased subscriber) or never was
        event("send", None, campaign, recipient="gone@example.org"),
    ]
    other, other_d = make_campaign(demo_issue, {"fr": 2})  # must not leak in
    events += [event("send", delivery, other) for delivery in other_d["fr"]]
    SesEvent.objects.bulk_create(events)
    return campaign


def test_figures_per_language_of_the_message(campaign):
    rows = {row.code: row for row in figures_by_language(campaign.pk)}
    assert list(rows) == ["en", "fr", UNKNOWN]  # German readers got the English message
    en, fr, unknown = rows["en"], rows["fr"], rows[UNKNOWN]
    # en: 4 English readers + 2 German (no German snapshot) + 1 without a language
    assert (en.sent, en.ledger_sent, en.delivered, en.hard_bounced, en.soft_bounced,
            en.complained) == (7, 7, 6, 1, 1, 0)
    assert (en.opened, en.opens, en.clicked, en.clicks) == (1, 1, 1, 1)
    assert (fr.sent, fr.ledger_sent, fr.delivered, fr.hard_bounced, fr.soft_bounced,
            fr.complained) == (3, 3, 2, 1, 0, 1)
    assert (fr.opened, fr.opens) == (1, 2)
    assert fr.bounce_rate.value == pytest.approx(1 / 3) and fr.bounce_rate.level == "pause"
    assert fr.complaint_rate.level == "pause"
    assert en.bounce_rate.value == pytest.approx(1 / 7)
    assert (unknown.sent, unknown.ledger_sent) == (1, 0)
    assert en.name == "English" and fr.name == "Français"


def test_with_a_german_snapshot_german_readers_count_apart(demo_issue):
    campaign, d = make_campaign(demo_issue, {"en": 1, "de": 2}, snapshots=("en", "de"))
    SesEvent.objects.bulk_create([event("send", x, campaign) for x in d["en"] + d["de"]])
    rows = {row.code: row.sent for row in figures_by_language(campaign.pk)}
    assert rows == {"en": 1, "de": 2}


def test_a_reader_who_changes_language_after_the_send_stays_in_the_language_received(
        demo_issue):
    campaign, d = make_campaign(demo_issue, {"en": 1, "fr": 2}, recorded=True)
    SesEvent.objects.bulk_create([event(kind, x, campaign) for x in d["en"] + d["fr"]
                                  for kind in ("send", "open")])
    Subscriber.objects.filter(pk=d["fr"][0].subscriber_id).update(language="en")
    Subscriber.objects.filter(pk=d["en"][0].subscriber_id).update(language="fr")
    rows = {row.code: (row.sent, row.ledger_sent, row.opened)
            for row in figures_by_language(campaign.pk)}
    assert rows == {"en": (1, 1, 1), "fr": (2, 2, 2)}


def test_a_row_without_a_recorded_language_counts_in_its_readers(demo_issue):
    campaign, d = make_campaign(demo_issue, {"fr": 2}, recorded=True)
    Delivery.objects.filter(pk=d["fr"][0].pk).update(language="")  # its worker died
    Subscriber.objects.filter(pk=d["fr"][0].subscriber_id).update(language="en")
    rows = {row.code: row.ledger_sent for row in figures_by_language(campaign.pk)}
    assert rows == {"en": 1, "fr": 1}


@pytest.mark.parametrize("recorded", [True, False])
def test_queries_do_not_grow_with_languages(demo_issue, recorded):
    def queries(readers):
        campaign, d = make_campaign(demo_issue, readers, snapshots=list(readers),
                                    recorded=recorded)
        SesEvent.objects.bulk_create([event(kind, x, campaign)
                                      for xs in d.values() for x in xs
                                      for kind in ("send", "delivery", "open")])
        with CaptureQueriesContext(connection) as captured:
            rows = figures_by_language(campaign.pk)
        assert len(rows) == len(readers)
        return len(captured)

    assert queries({"en": 2}) == queries({"en": 2, "fr": 2, "de": 2, "es": 2, "it": 2, "ca": 2}) == 3


def test_report_page_shows_the_table(admin_client, campaign, settings):
    settings.TRACK_OPENS = True
    settings.TRACK_CLICKS = False
    html = admin_client.get(reverse("sesevents_campaign_report", args=[campaign.pk])).content.decode()
    table = html.split('data-table="by-language"')[1].split("</table>")[0]
    english = table.split('data-language="en"')[1].split("</tr>")[0]
    french = table.split('data-language="fr"')[1].split("</tr>")[0]
    assert ">English<" in english and ">Français<" in french
    assert '<td data-count="sent">7</td>' in english
    assert '<td data-count="delivered">2</td>' in french
    assert '<td data-count="hard_bounced">1</td>' in french
    assert '<td data-count="complained">1</td>' in french
    assert "33.33%" in french and "over the SES threshold" in french
    assert '<td data-count="opened">1 (2 opens)</td>' in french
    assert '<td data-count="clicked">1 (1 click)</td>' in english  # recorded, so shown
    assert 'data-language="unknown"' in table and "Not known" in table
    assert 'data-language="de"' not in table


def test_no_table_without_events(admin_client):
    html = admin_client.get(reverse("sesevents_campaign_report", args=[404])).content.decode()
    assert 'data-table="by-language"' not in html
