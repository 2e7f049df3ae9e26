from django.core.management.base import BaseCommand, CommandError

from newsletter.subscribers.importing import ImportFileError, import_csv
from newsletter.subscribers.models import ConsentEvent


class Command(BaseCommand):
    help = ("Import subscribers from a UTF-8 CSV file with the columns email, consent_source, "
            "consent_date and optionally name, organisation, country, topics, language. "
            "All-or-nothing unless --skip-bad-rows.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and report what would happen; save nothing")
        parser.add_argument("--skip-bad-rows", action="store_true",
                            help="import the good rows and report the bad ones")

    def handle(self, *args, file, dry_run, skip_bad_rows, **options):
        try:
            with open(file, "rb") as handle:
                report = import_csv(handle, dry_run=dry_run, skip_bad_rows=skip_bad_rows,
                                    source=ConsentEvent.Source.IMPORT)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.bad_lines)} bad row(s); nothing was imported.")
