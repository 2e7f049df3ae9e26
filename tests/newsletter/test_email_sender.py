"""One sender rule for every email clusterpost sends (newsletter.rendering.builder
.email_sender): a campaign's issue, a test send, ``render_issue --eml``, the welcome, the
confirmation and the "already subscribed" reminder.

- From: the partnership settings' "From name" in the email's language (or the
  partnership's name) at DEFAULT_FROM_EMAIL's address, whatever the settings say;
- Reply-To: NEWSLETTER_REPLY_TO, else the settings' reply-to address in the email's
  language, else none.

Every header is read back by parsing the bytes with the standard library's email package
(RFC 2047 encoded words decoded by it), so a name with commas, quotes or accents must come
back whole, as one address."""

import email
import io
from email import policy

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Site

from cms.models import PartnershipSettings
from newsletter.campaigns import actions
from newsletter.campaigns.engine import run_campaign
from newsletter.campaigns.models import CampaignSnapshot
from newsletter.send_test import send_test_messages
from newsletter.subscribers import welcome
from newsletter.subscribers.emails import build_message
from newsletter.subscribers.models import Subscriber
from newsletter.transports.outbox import OutboxTransport

pytestmark = pytest.mark.django_db

ADDRESS = "news@bioxclusters.example"  # DEFAULT_FROM_EMAIL's: the verified SES identity
NAME = 'Clústers, "plus" & Co'  # accents, a comma and quotes: one display name
FRENCH_NAME = "Clústers — édition française, « plus »"
REPLY_TO = "editors@bioxclusters.example"
FRENCH_REPLY_TO = "redaction@bioxclusters.example"
KINDS = ("campaign", "test", "eml", "welcome", "confirm", "already_subscribed")


@pytest.fixture
def sending(settings, tmp_path):
    settings.DEFAULT_FROM_EMAIL = f"Server's own name <{ADDRESS}>"
    settings.NEWSLETTER_REPLY_TO = ""
    settings.EMAIL_TRANSPORT = "outbox"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings


def partnership(locale=None) -> PartnershipSettings:
    site = Site.objects.get(is_default_site=True)
    return PartnershipSettings.for_site_in(site, locale)


@pytest.fixture
def sender_settings(demo_issue, sending):
    """The settings' sender differs from DEFAULT_FROM_EMAIL in both name and address."""
    row = partnership()
    row.sender_name, row.sender_email = NAME, REPLY_TO
    row.save()
    return row


@pytest.fixture
def french(sender_settings):
    """The demo's French translation, its settings with a French From name and reply-to
    address (a synchronised field a translation may override)."""
    from cms.demo.loader import load_demo_translations

    summary = load_demo_translations()
    Site.clear_site_root_paths_cache()
    row = partnership(Locale.objects.get(language_code="fr"))
    assert row.locale.language_code == "fr"
    row.sender_name, row.sender_email = FRENCH_NAME, FRENCH_REPLY_TO
    row.save()
    yield summary
    Site.clear_site_root_paths_cache()


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def sent_to(directory, address: str):
    for path in directory.glob("*.eml"):
        message = parse(path.read_bytes())
        if message["To"].addresses[0].addr_spec == address:
            return path.read_bytes()
    raise AssertionError(f"nothing sent to {address}")


def every_kind(sending, issue, language: str, django_user_model) -> dict[str, bytes]:
    """The raw bytes of each kind of email, for a reader (or editor) in ``language``."""
    raws = {}
    reader = Subscriber.objects.create(
        email=f"reader-{language}@example.org", name="Zoë", language=language,
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now(),
        topics=["interview", "event"])
    campaign = actions.create(issue)
    actions.start(campaign)
    outbox = sending.OUTBOX_DIR
    report = run_campaign(campaign.pk, transport=OutboxTransport(outbox / "campaign"),
                          concurrency=1)
    assert report.sent == 1
    raws["campaign"] = sent_to(outbox / "campaign", reader.email)

    page = issue if language == "en" else issue.get_translation(
        Locale.objects.get(language_code=language))
    editor = django_user_model.objects.create_user(f"ed-{language}", "ed@example.org", "pw")
    send_test_messages(page.specific, ["ed@example.org"], editor)
    raws["test"] = sent_to(outbox, "ed@example.org")

    out = io.StringIO()
    call_command("render_issue", issue.slug, "--language", language, "--eml",
                 "--to", "eml@example.org", stdout=out)
    raws["eml"] = out.getvalue().encode("ascii")

    assert welcome.send_welcome(reader.pk)
    raws["welcome"] = sent_to(outbox, reader.email)

    pending = Subscriber.objects.create(email=f"new-{language}@example.org",
                                        language=language)
    raws["confirm"] = build_message(pending, "confirm")[1]
    raws["already_subscribed"] = build_message(reader, "already_subscribed")[1]
    assert set(raws) == set(KINDS)
    return raws


def from_and_reply_to(raw: bytes) -> tuple[str, str, str | None]:
    """(From display name, From address, Reply-To address or None), parsed from bytes."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # every header is 7-bit: names are RFC 2047 encoded words
    message = parse(raw)
    [sender] = message["From"].addresses  # a comma in the name made no second address
    assert not message["From"].defects
    reply_to = message["Reply-To"]
    return (sender.display_name, sender.addr_spec,
            reply_to.addresses[0].addr_spec if reply_to is not None else None)


def test_every_email_is_from_the_settings_name_at_the_verified_address(
        sender_settings, sending, demo_issue, django_user_model):
    raws = every_kind(sending, demo_issue, "en", django_user_model)
    for kind, raw in raws.items():
        assert from_and_reply_to(raw) == (NAME, ADDRESS, REPLY_TO), kind


def test_each_language_has_its_from_name_and_reply_to(french, sending, demo_issue,
                                                       django_user_model):
    raws = every_kind(sending, demo_issue, "fr", django_user_model)
    for kind, raw in raws.items():
        assert from_and_reply_to(raw) == (FRENCH_NAME, ADDRESS, FRENCH_REPLY_TO), kind
        assert parse(raw)["Content-Language"] == "fr", kind


def test_the_operators_reply_to_wins(sender_settings, sending, demo_issue, django_user_model):
    sending.NEWSLETTER_REPLY_TO = '"Help desk, Lyon" <help@bioxclusters.example>'
    raws = every_kind(sending, demo_issue, "en", django_user_model)
    for kind, raw in raws.items():
        assert from_and_reply_to(raw) == (NAME, ADDRESS, "help@bioxclusters.example"), kind
        assert parse(raw)["Reply-To"].addresses[0].display_name == "Help desk, Lyon", kind


def test_no_reply_to_without_one_set(sender_settings, sending, demo_issue, django_user_model):
    sender_settings.sender_email = ""
    sender_settings.save()
    for kind, raw in every_kind(sending, demo_issue, "en", django_user_model).items():
        assert from_and_reply_to(raw) == (NAME, ADDRESS, None), kind  # replies go to From


def test_an_empty_from_name_is_the_partnerships_name(sender_settings):
    sender_settings.sender_name = "  "
    sender_settings.name = "Biocat, BioM & co"
    sender_settings.save()
    reader = Subscriber.objects.create(email="ada@example.org")
    _sender, raw, _id = build_message(reader, "confirm")
    assert from_and_reply_to(raw) == ("Biocat, BioM & co", ADDRESS, REPLY_TO)


def test_the_envelope_sender_is_the_verified_address(sender_settings):
    reader = Subscriber.objects.create(email="ada@example.org")
    envelope, raw, message_id = build_message(reader, "confirm")
    assert envelope == ADDRESS
    message = parse(raw)
    assert message["Message-ID"] == f"<{message_id}>"
    assert message_id.endswith("@bioxclusters.example")  # newsletter.rendering's maker
    assert message["Date"] is not None and message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None  # nothing to leave before confirming


def test_a_campaign_keeps_the_sender_it_started_with(sender_settings, sending, demo_issue):
    reader = Subscriber.objects.create(email="zoe@example.org", status="confirmed",
                                       topics=["interview", "event"])
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    sender_settings.sender_name, sender_settings.sender_email = "Renamed", "new@example.org"
    sender_settings.save()
    run_campaign(campaign.pk, transport=OutboxTransport(sending.OUTBOX_DIR), concurrency=1)
    assert from_and_reply_to(sent_to(sending.OUTBOX_DIR, reader.email)) == (
        NAME, ADDRESS, REPLY_TO)


def test_a_snapshot_taken_before_senders_were_recorded_keeps_the_old_from(
        sender_settings, sending, demo_issue):
    reader = Subscriber.objects.create(email="zoe@example.org", status="confirmed",
                                       topics=["interview", "event"])
    campaign = actions.create(demo_issue)
    actions.start(campaign)
    CampaignSnapshot.objects.filter(campaign=campaign).update(from_name="", reply_to="")
    run_campaign(campaign.pk, transport=OutboxTransport(sending.OUTBOX_DIR), concurrency=1)
    assert from_and_reply_to(sent_to(sending.OUTBOX_DIR, reader.email)) == (
        "Server's own name", ADDRESS, None)


# ---- what editors read in the settings -------------------------------------------------

def settings_screen(admin_client) -> str:
    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(reverse("wagtailsettings:edit", args=[
        "cms", "partnershipsettings", site.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_sender_panel_says_the_rule(admin_client, sending):
    body = settings_screen(admin_client)
    assert "From name" in body and "Reply-to address" in body
    assert escape(
        "Leave empty to use the partnership’s name. The address is always the server’s "
        f"verified sending address, {ADDRESS}.") in body
    assert escape(
        "Replies to every email go to this address, and the site’s footer shows it as the "
        f"contact address. Leave empty to receive replies at the sending address, "
        f"{ADDRESS}.") in body
    assert 'name="sender_name"' in body and 'name="sender_email"' in body


def test_the_sender_panel_names_the_operators_reply_to(admin_client, sending):
    sending.NEWSLETTER_REPLY_TO = "Help desk <help@bioxclusters.example>"
    body = settings_screen(admin_client)
    assert escape("The server’s configuration (NEWSLETTER_REPLY_TO) sends replies to every "
                  "email to Help desk <help@bioxclusters.example>.") in body
    assert "Leave empty to receive replies" not in body
