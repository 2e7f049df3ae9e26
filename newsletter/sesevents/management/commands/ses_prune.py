from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from newsletter.sesevents import conf
from newsletter.sesevents.models import SesEvent, SnsMessage


class Command(BaseCommand):
    help = ("Delete stored SES events and SNS message ids older than --days (default 395), so "
            "that recipients' event history is not kept for ever. Campaign reports older than "
            "that lose their figures. SNS redelivers within hours, so old message ids are not "
            "needed for deduplication.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=conf.retention_days())
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days, dry_run, **options):
        if days < 30:
            raise CommandError("--days must be at least 30 (SNS may redeliver for days)")
        cutoff = timezone.now() - timedelta(days=days)
        events = SesEvent.objects.filter(received_at__lt=cutoff)
        # A MessageId goes only with its last event (dedup lasts as long as the events),
        # and never before it was applied.
        messages = (SnsMessage.objects.filter(received_at__lt=cutoff).exclude(applied_at=None)
                    .exclude(events__received_at__gte=cutoff))
        if dry_run:
            self.stdout.write(f"would delete {events.count()} events and {messages.count()} "
                              f"SNS message ids received before {cutoff:%Y-%m-%d}")
            return
        with transaction.atomic():
            n_events, _ = events.delete()
            n_messages, _ = messages.delete()
        self.stdout.write(f"deleted {n_events} rows of events and SNS message ids received "
                          f"before {cutoff:%Y-%m-%d}")
