"""Background work of the subscribers app (django-tasks)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from newsletter.transports import OutgoingMessage, get_transport

from . import import_jobs, welcome
from .emails import build_message
from .models import Subscriber

logger = logging.getLogger(__name__)


@task(queue_name="default")
def send_subscriber_email(subscriber_id: int, kind: str) -> str:
    """Send a confirmation (or already-subscribed reminder). Returns the provider id.
    Transport errors propagate, so the task shows as failed in the task results."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.email:
        return ""
    if kind == "confirm" and subscriber.status != Subscriber.Status.PENDING:
        return ""  # confirmed or unsubscribed in the meantime
    sender, raw, message_id = build_message(subscriber, kind)
    transport = get_transport()
    try:
        result = transport.send(OutgoingMessage(
            sender=sender, recipient=subscriber.email, raw=raw, message_id=message_id,
            tags={"purpose": f"subscribers-{kind}"}))
    finally:
        transport.close()
    logger.info("sent %s email to subscriber %s (%s)", kind, subscriber_id,
                result.provider_message_id)
    return result.provider_message_id


@task(queue_name="default")
def send_welcome_email(subscriber_id: int) -> str:
    """The welcome email after a confirmation (see welcome.py): at most once per
    confirmation however often it runs. Returns the provider id, "" if nothing was due."""
    return welcome.send_welcome(subscriber_id)


@task(queue_name="default")
def run_import(job_id: int) -> str:
    """Run an admin CSV import (see import_jobs.py). Returns the job's final status."""
    return import_jobs.run(job_id)


def queue_import(job) -> None:
    """Run the job's import once the transaction that created it has committed."""
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
