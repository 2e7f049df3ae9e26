"""Export, GDPR data export and erasure, and the mailto: unsubscribe processor."""

import csv
import io
import json
from email.message import EmailMessage

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.items import Kind
from newsletter.subscribers import links
from newsletter.subscribers.importing import import_csv
from newsletter.subscribers.models import Subscriber
from newsletter.subscribers.suppression import is_suppressed

pytestmark = pytest.mark.django_db


def test_export_round_trips_through_import(make_subscriber, tmp_path):
    make_subscriber("a@example.org", name="=HYPERLINK(1)", country="DE", topics=[Kind.EVENT],
                    consent_source="Fair", consented_at=timezone.now())
    make_subscriber("p@example.org", status=Subscriber.Status.PENDING)
    out = tmp_path / "export.csv"
    call_command("export_subscribers", "--output", str(out), "--status", "confirmed")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["email"] for r in rows] == ["a@example.org"]
    assert rows[0]["name"] == "'=HYPERLINK(1)"  # no formula injection
    assert rows[0]["topics"] == "event" and rows[0]["status"] == "confirmed"
    Subscriber.objects.all().delete()
    report = import_csv(out.open("rb"))
    assert report.created == 1 and Subscriber.objects.get().topics == [Kind.EVENT]


def test_export_to_stdout(make_subscriber):
    make_subscriber("a@example.org")
    out = io.StringIO()
    call_command("export_subscribers", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("email,name,organisation")
    assert "a@example.org" in out.getvalue()


def test_subscriber_data_and_erase_commands(make_subscriber):
    make_subscriber("a@example.org", name="Ada")
    out = io.StringIO()
    call_command("subscriber_data", "A@example.org", stdout=out)
    assert json.loads(out.getvalue())["name"] == "Ada"
    call_command("erase_subscriber", "a@example.org", "--yes", stdout=io.StringIO())
    subscriber = Subscriber.objects.get()
    assert subscriber.email is None and subscriber.name == ""
    assert is_suppressed("a@example.org")
    with pytest.raises(CommandError, match="No subscriber"):
        call_command("subscriber_data", "a@example.org")


def test_mailto_unsubscribe_processing(make_subscriber, tmp_path):
    subscriber = make_subscriber()
    mailto = links.unsubscribe_mailto(subscriber)
    from urllib.parse import unquote, urlsplit
    subject = unquote(urlsplit(mailto).query.removeprefix("subject="))
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = subscriber.email, "unsubscribe@x", subject
    good = tmp_path / "good.eml"
    good.write_bytes(bytes(message))
    forged = tmp_path / "forged.eml"
    del message["Subject"]
    message["Subject"] = subject[:-2] + "xx"
    forged.write_bytes(bytes(message))
    out, err = io.StringIO(), io.StringIO()
    call_command("process_unsubscribe_mail", str(forged), str(good), stdout=out, stderr=err)
    assert "1 unsubscribed, 1 skipped" in out.getvalue() and "forged.eml: skipped" in err.getvalue()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consent_events.get().source == "mailto"
    with pytest.raises(CommandError):
        call_command("process_unsubscribe_mail", str(forged), stdout=io.StringIO(), stderr=io.StringIO())


def test_suppress_addresses_command(make_subscriber):
    subscriber = make_subscriber("ada@example.org")
    call_command("suppress_addresses", "ADA@example.org", "ghost@example.org", stdout=io.StringIO())
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consent_events.get().source == "command"
    assert is_suppressed("ghost@example.org") and is_suppressed("ada@example.org")
    with pytest.raises(CommandError, match="Not an address"):
        call_command("suppress_addresses", "nope", stdout=io.StringIO())
