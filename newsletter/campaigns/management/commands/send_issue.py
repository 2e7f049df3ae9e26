"""python manage.py send_issue ISSUE [--language CODE] [--topic T ...] [--at "YYYY-MM-DD HH:MM Area/City"]

A slug is looked up in --language (default: the default language): translations share
it. Whichever version is named, the campaign sends each subscriber their language's."""

from django.core.management.base import BaseCommand, CommandError

from cms.issue_lookup import IssueLookupError, default_language_version, find_issue
from cms.items import Kind
from newsletter.campaigns import actions
from newsletter.campaigns.scheduling import ScheduleError, parse_at


class Command(BaseCommand):
    help = ("Create a campaign for an issue and start it now, or schedule it with --at. "
            "Prints the campaign id. Subscribers the issue already reached are left out.")

    def add_arguments(self, parser):
        parser.add_argument("issue", help="the issue page's id or slug")
        parser.add_argument("--language", metavar="CODE",
                            help="the language a slug is looked up in, one of LANGUAGES "
                                 "(default: the default language); every subscriber still "
                                 "gets their own language's version")
        parser.add_argument("--topic", action="append", default=[], choices=Kind.ARTICLES,
                            help="only subscribers interested in this topic (repeatable)")
        parser.add_argument("--at", help='schedule, e.g. "2027-01-20 09:00 Europe/Brussels"')

    def handle(self, *args, issue, language, topic, at, **options):
        try:
            named = find_issue(issue, language)
        except IssueLookupError as exc:
            raise CommandError(str(exc)) from exc
        # Campaigns hang on the default language's issue (the ledger's "already reached"
        # is per issue page); each subscriber still gets their language's version.
        page = default_language_version(named)
        if page.pk != named.pk:
            self.stderr.write(f"{named.title!r} ({named.locale.language_code}) is a translation: "
                              f"the campaign is for {page.title!r} (id {page.pk}) in every "
                              "language.")
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
