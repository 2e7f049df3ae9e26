from django.core.management.base import BaseCommand, CommandError

from newsletter.subscribers.lifecycle import erase
from newsletter.subscribers.models import ConsentEvent

from ._lookup import subscriber_by_email


class Command(BaseCommand):
    help = ("GDPR erasure: remove one subscriber's personal data. The address stays on the "
            "suppression list as a keyed hash, so no import brings it back.")

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, email, yes, **options):
        subscriber = subscriber_by_email(email)
        if not yes:
            answer = input(f"Erase all personal data of {subscriber.email}? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing erased.")
        erase(subscriber, source=ConsentEvent.Source.COMMAND)
        self.stdout.write(f"Erased subscriber #{subscriber.pk}; the address stays suppressed.")
