"""python manage.py send_issue ISSUE [--topic T ...] [--at "YYYY-MM-DD HH:MM Area/City"]"""

from django.core.management.base import BaseCommand, CommandError

from cms.items import Kind
from cms.models import IssuePage
from newsletter.campaigns import actions
from newsletter.campaigns.scheduling import ScheduleError, parse_at


class Command(BaseCommand):
    help = ("Create a campaign for an issue and start it now, or schedule it with --at. "
            "Prints the campaign id. Subscribers the issue already reached are left out.")

    def add_arguments(self, parser):
        parser.add_argument("issue", help="the issue page's id or slug")
        parser.add_argument("--topic", action="append", default=[], choices=Kind.ARTICLES,
                            help="only subscribers interested in this topic (repeatable)")
        parser.add_argument("--at", help='schedule, e.g. "2027-01-20 09:00 Europe/Brussels"')

    def handle(self, *args, issue, topic, at, **options):
        pages = IssuePage.objects.all()
        page = (pages.filter(pk=int(issue)).first() if issue.isdigit() else None) or \
            pages.filter(slug=issue).first()
        if page is None:
            raise CommandError(f"No issue with id or slug {issue!r}.")
        if not page.live:
            raise CommandError(f"The issue {page.title!r} is not published; publish it first.")
        when = zone = None
        if at:
            try:
                when, zone = parse_at(at)
            except ScheduleError as exc:
                raise CommandError(str(exc)) from exc
        campaign = actions.create(page, topics=topic)
        if when:
            actions.schedule(campaign, when, zone)
            self.stderr.write(f"Scheduled for {at} ({when:%Y-%m-%d %H:%M} UTC), audience now "
                              f"{actions.audience_size(campaign)}.")
        else:
            actions.send_now(campaign)
            campaign.refresh_from_db()
            self.stderr.write(f"Sending to {campaign.audience_size} subscribers "
                              f"(a db_worker must be running).")
        self.stdout.write(str(campaign.pk))
