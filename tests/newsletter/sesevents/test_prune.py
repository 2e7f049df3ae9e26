import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter.sesevents.models import SesEvent, SnsMessage

from .signing import ses_event

pytestmark = pytest.mark.django_db


def test_prune_deletes_only_old_rows(signer, post):
    for _ in range(2):
        post(signer.notification(ses_event("Delivery")))
    old = SnsMessage.objects.first()
    SnsMessage.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=400))
    SesEvent.objects.filter(sns_message=old).update(received_at=timezone.now() - timedelta(days=400))
    out = io.StringIO()
    call_command("ses_prune", "--dry-run", stdout=out)
    assert "would delete 1 events and 1 SNS message ids" in out.getvalue()
    assert SnsMessage.objects.count() == 2
    call_command("ses_prune", stdout=io.StringIO())
    assert SnsMessage.objects.count() == 1 and SesEvent.objects.count() == 1
    assert not SnsMessage.objects.filter(pk=old.pk).exists()


def test_prune_refuses_a_window_shorter_than_redelivery():
    with pytest.raises(CommandError):
        call_command("ses_prune", "--days", "3")
