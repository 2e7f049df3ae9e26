from django.core.management.base import BaseCommand, CommandError
from email_validator import EmailNotValidError

from newsletter.subscribers import lifecycle
from newsletter.subscribers.email_syntax import check_syntax
from newsletter.subscribers.models import ConsentEvent, Subscriber, SuppressedAddress
from newsletter.subscribers.suppression import suppress


class Command(BaseCommand):
    help = ("Put addresses on the suppression list (e.g. someone asked by phone or letter). "
            "A subscriber with that address is unsubscribed. Only double opt-in takes an "
            "address off the list again.")

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="+")
        parser.add_argument("--reason", default=SuppressedAddress.Reason.MANUAL,
                            choices=SuppressedAddress.Reason.values)

    def handle(self, *args, emails, reason, **options):
        bad = []
        for raw in emails:
            try:
                email = check_syntax(raw)
            except EmailNotValidError as exc:
                bad.append(f"{raw}: {exc}")
                continue
            subscriber = Subscriber.objects.by_email(email).first()
            if subscriber is not None and subscriber.status in (
                    Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED):
                lifecycle.unsubscribe(subscriber, source=ConsentEvent.Source.COMMAND)
            suppress(email, reason)
            self.stdout.write(f"suppressed {email}")
        if bad:
            raise CommandError("Not an address: " + "; ".join(bad))
