import sys

from django.core.management.base import BaseCommand

from newsletter.subscribers.exporting import filtered, write_csv
from newsletter.subscribers.models import Subscriber


class Command(BaseCommand):
    help = "Export subscribers as CSV (to stdout or --output). Erased subscribers are left out."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--status", action="append", choices=Subscriber.Status.values,
                            help="only this status; repeat for several (default: all)")

    def handle(self, *args, output=None, status=None, **options):
        queryset = filtered(status)
        if output:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                count = write_csv(handle, queryset)
            self.stderr.write(f"Exported {count} subscriber(s) to {output}")
        else:
            write_csv(self.stdout if self.stdout is not None else sys.stdout, queryset)
