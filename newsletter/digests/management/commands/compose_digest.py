"""python manage.py compose_digest [--since YYYY-MM-DD] [--dry-run]"""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from newsletter.digests.drafts import DigestError
from newsletter.digests.models import DigestMode, DigestSettings, DigestTrigger
from newsletter.digests.runner import below_minimum_message, compose, plan_for, wording_for


class Command(BaseCommand):
    help = ("Compose the next newsletter digest now, as a draft for review, from what was "
            "published since the previous issue (Settings → Newsletter digest).")

    def add_arguments(self, parser):
        parser.add_argument("--since", metavar="YYYY-MM-DD",
                            help="Take articles first published after the start of this day "
                                 "(the schedule's time zone) instead of the previous issue.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Print the sections and the titles; change nothing.")

    def handle(self, *args, since=None, dry_run=False, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site.")
        row = DigestSettings.for_site(site)
        now = timezone.now()
        since_at = self.since_moment(since, row) if since else None
        the_plan = plan_for(row, until=now, since=since_at)
        wording = wording_for(row, the_plan)
        count = len(the_plan.new_articles)
        self.report(the_plan, wording, count)
        too_few = count < row.min_articles
        if dry_run:
            if too_few:
                self.stdout.write("No issue would be made: "
                                  + below_minimum_message(count, row.min_articles))
            self.stdout.write("Dry run: nothing was changed.")
            return
        if too_few:
            raise CommandError("No issue made: " + below_minimum_message(count, row.min_articles))
        try:
            digest = compose(row, the_plan, occurrence=None, trigger=DigestTrigger.COMMAND,
                             mode=DigestMode.REVIEW)
        except DigestError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Draft “{digest.issue.title}” created (page {digest.issue.pk}, digest "
            f"{digest.pk}); editors were notified."))

    @staticmethod
    def since_moment(value: str, row: DigestSettings) -> datetime:
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--since {value!r}: use YYYY-MM-DD, e.g. 2027-01-15.") from exc
        return datetime.combine(day, time.min, tzinfo=row.schedule().zone)

    def report(self, the_plan, wording, count):
        write = self.stdout.write
        since = the_plan.since.isoformat() if the_plan.since else "the beginning"
        write(f"Articles first published after {since} ({the_plan.since_source}) "
              f"up to {the_plan.until.isoformat()}: {count} new.")
        write(f"Title:     {wording.title}")
        write(f"Subject:   {wording.subject}")
        write(f"Preheader: {wording.preheader}")
        for section in the_plan.sections:
            write(f"\n{section.title or section.key} ({len(section.entries)})")
            for entry in section.entries:
                write(f"  - {getattr(entry, 'title', entry)}")
        for left in the_plan.left_out:
            write(f"Left out: {left.title} ({left.reason})")
