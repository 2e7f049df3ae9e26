import json

from django.core.management.base import BaseCommand

from newsletter.subscribers.lifecycle import data_export

from ._lookup import subscriber_by_email


class Command(BaseCommand):
    help = "GDPR data export: everything held about one subscriber, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, email, output=None, **options):
        data = json.dumps(data_export(subscriber_by_email(email)), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(data + "\n")
        else:
            self.stdout.write(data)
