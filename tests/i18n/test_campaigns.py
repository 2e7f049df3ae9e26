"""One campaign, every language: readers in fr, en and de (the demo has no German
translation) each get the right language, with <html lang>, Content-Language, subject
and preheader; one snapshot per language at start; figures per language."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from newsletter.campaigns import actions
from newsletter.campaigns.engine import run_campaign
from newsletter.campaigns.models import CampaignSnapshot, Delivery
from newsletter.sesevents.models import SesEvent
from newsletter.sesevents.report_languages import figures_by_language
from newsletter.subscribers.models import Subscriber
from newsletter.transports.outbox import OutboxTransport

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers():
    people = {}
    for language in ("fr", "en", "de", "fr-CA"):
        people[language] = Subscriber.objects.create(
            email=f"reader-{language.lower()}@example.org", name=f"Reader {language}",
            language=language, status=Subscriber.Status.CONFIRMED)
    return people


def sent(outbox: Path) -> dict[str, email.message.EmailMessage]:
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in outbox.glob("*.eml")]
    return {message["To"].addresses[0].addr_spec: message for message in messages}


def test_each_reader_gets_the_issue_in_their_language(settings, tmp_path, french_demo, readers):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    campaign = actions.create(french_demo.issue)
    actions.start(campaign)
    snapshots = {s.language: s for s in CampaignSnapshot.objects.filter(campaign=campaign)}
    assert set(snapshots) == {"en", "fr"}  # no German translation: no German snapshot
    assert snapshots["fr"].revision_id == french_demo.translated_issue.live_revision_id

    result = run_campaign(campaign.pk, transport=OutboxTransport(settings.OUTBOX_DIR),
                          concurrency=1)
    assert result.sent == 4
    messages = sent(settings.OUTBOX_DIR)
    for address, language in (("reader-fr@example.org", "fr"), ("reader-fr-ca@example.org", "fr"),
                              ("reader-en@example.org", "en"), ("reader-de@example.org", "en")):
        message = messages[address]
        assert message["Content-Language"] == language, address
        html = message.get_body(preferencelist=("html",)).get_content()
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert re.search(rf'<html[^>]* lang="{language}"', html), address
        if language == "fr":
            assert message["Subject"].startswith("Lettre d’information bioXclusters plus")
            assert "Entretien avec José Freitas" in html and "Entretien avec José Freitas" in text
            assert "Entretien avec José Freitas, réussites de PME au Japon" in html  # preheader
            assert "LEUKOCARE AG" in html  # not translated: in English, not left out
        else:
            assert message["Subject"].startswith("bioXclusters plus newsletter, January 2017")
            assert "Interview with José Freitas" in html


def test_the_ledger_keeps_the_language_each_reader_was_sent(settings, tmp_path, french_demo,
                                                            readers):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    campaign = actions.create(french_demo.issue)
    actions.start(campaign)
    run_campaign(campaign.pk, transport=OutboxTransport(settings.OUTBOX_DIR), concurrency=1)
    rows = Delivery.objects.filter(campaign=campaign).select_related("subscriber")
    assert {row.subscriber.language: row.language for row in rows} == {
        "fr": "fr", "fr-CA": "fr", "en": "en", "de": "en"}  # no German snapshot: English

    # After the send the French reader switches to German and the German one to French.
    Subscriber.objects.filter(pk=readers["fr"].pk).update(language="de")
    Subscriber.objects.filter(pk=readers["de"].pk).update(language="fr")
    SesEvent.objects.bulk_create([
        SesEvent(fingerprint=f"send-{row.pk}", event_type="send", source="event",
                 timestamp=row.settled_at, ses_message_id=f"m-{row.pk}",
                 recipient=row.subscriber.email, campaign_id=campaign.pk, delivery_id=row.pk)
        for row in rows])
    figures = {row.code: (row.sent, row.ledger_sent) for row in figures_by_language(campaign.pk)}
    assert figures == {"fr": (2, 2), "en": (2, 2)}  # each counted in the language received


def test_confirmation_and_campaign_page_break_figures_down_by_language(
        admin_client, settings, tmp_path, french_demo, readers):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    issue = french_demo.issue
    response = admin_client.post(f"/admin/campaigns/issue/{issue.pk}/", {"when": "now"})
    body = response.content.decode()
    table = re.search(r"<table class=\"listing\" data-campaign-languages>.*?</table>", body,
                      re.S).group(0)
    rows = dict(re.findall(r'<tr data-language="(\w+)"><th scope="row">[^<]+</th><td>(\d+)</td>',
                           table))
    assert rows == {"en": "1", "fr": "2", "de": "1"}
    assert "the default-language issue (no published translation)" in table
    assert "the issue in français" in table

    campaign = actions.create(issue)
    actions.start(campaign)
    run_campaign(campaign.pk, transport=OutboxTransport(settings.OUTBOX_DIR), concurrency=1)
    detail = admin_client.get(f"/admin/campaigns/{campaign.pk}/").content.decode()
    by_language = re.search(r"<h2>By language</h2>.*?</table>", detail, re.S).group(0)
    assert re.search(r'data-language="fr"><th scope="row">Français</th><td>2</td><td>2</td>',
                     by_language)
    assert re.search(r'data-language="de"><th scope="row">Deutsch</th><td>1</td><td>1</td>',
                     by_language)


@pytest.fixture(autouse=True)
def _senders(admin_user):
    admin_user.groups.add(Group.objects.get(name="Newsletter senders"))
