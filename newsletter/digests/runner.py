"""Composing a digest: plan it, claim it, make the draft, then review or send.

Exactly once: the ``Digest`` row for (site, occurrence) is inserted first, in the same
transaction that creates the issue. A second worker (or a repeated tick) fails on the
unique constraint and does nothing; a worker killed mid-way rolls the whole transaction
back, claim included, so the next tick composes it again. Emails and the campaign start
happen only after that transaction commits.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.models import PartnershipSettings
from newsletter.campaigns import actions
from newsletter.campaigns.models import CampaignState, InvalidTransition

from . import conf
from .checks import send_problems
from .composition import Plan, plan, previous_issue
from .drafts import create_draft, section_title
from .models import Digest, DigestMode, DigestSettings, DigestStatus, DigestTrigger
from .notifications import notify_editors
from .recurrence import RecurrenceError
from .wording import Wording, word

logger = logging.getLogger(__name__)


def window_start(row: DigestSettings, previous, until: datetime) -> tuple[datetime | None, str]:
    """Where the new articles start: what the previous issue was made up to (its digest
    record) or, for an issue made by hand, when it was published; with no previous
    issue, the schedule's previous occurrence."""
    if previous is not None:
        made = previous.digests.order_by("-composed_at").first()
        return (made.until if made else previous.first_published_at), "previous issue"
    try:
        return row.schedule().previous_before(until), "previous occurrence"
    except RecurrenceError:
        return None, "beginning"


def plan_for(row: DigestSettings, *, until: datetime, since: datetime | None = None) -> Plan:
    previous = previous_issue(row.site, until)
    if since is not None:
        source = "--since"
    else:
        since, source = window_start(row, previous, until)
    return plan(row.site, row.layout, since=since, since_source=source, until=until,
                previous=previous, upcoming_days=row.upcoming_days)


def issue_date_of(row: DigestSettings, until: datetime):
    return until.astimezone(row.schedule().zone).date()


def wording_for(row: DigestSettings, the_plan: Plan) -> Wording:
    name = PartnershipSettings.for_site(row.site).name
    titles = [section_title(s.key, s.title, name) for s in the_plan.sections if s.entries]
    return word(the_plan, issue_date_of(row, the_plan.until), name, titles)


def below_minimum_message(count: int, minimum: int) -> str:
    return ngettext(
        "only %(count)s new article since the previous issue; the minimum is %(minimum)s.",
        "only %(count)s new articles since the previous issue; the minimum is %(minimum)s.",
        count) % {"count": count, "minimum": minimum}


def compose(row: DigestSettings, the_plan: Plan, *, occurrence: datetime | None,
            trigger: str, mode: str) -> Digest | None:
    """Record the digest and make its issue; None when another worker already did."""
    count = len(the_plan.new_articles)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(  # the claim: unique per (site, occurrence)
                site=row.site, occurrence=occurrence, trigger=trigger,
                status=DigestStatus.REVIEW, since=the_plan.since, until=the_plan.until,
                previous_issue=the_plan.previous_issue, article_count=count,
                made_from=the_plan.made_from())
            if count < row.min_articles:
                digest.status = DigestStatus.SKIPPED
                digest.message = below_minimum_message(count, row.min_articles)
            else:
                _make_issue(row, the_plan, digest, mode)
            digest.save()
            transaction.on_commit(lambda: after_commit(digest.pk))
    except IntegrityError:
        if occurrence is not None and Digest.objects.filter(
                site=row.site, occurrence=occurrence).exists():
            logger.info("Digest for %s already composed by another worker", occurrence)
            return None
        raise
    return digest


def _make_issue(row: DigestSettings, the_plan: Plan, digest: Digest, mode: str) -> None:
    name = PartnershipSettings.for_site(row.site).name
    page, revision = create_draft(the_plan, wording_for(row, the_plan),
                                  issue_date_of(row, the_plan.until), name)
    digest.issue = page
    if mode != DigestMode.SEND:
        return
    problems = send_problems(page, row.topics, the_plan.until)
    if problems:
        digest.status = DigestStatus.HELD
        digest.message = "\n".join(problems)
        return
    revision.publish()
    digest.campaign = actions.create(page, topics=row.topics)
    digest.status = DigestStatus.STARTING


def after_commit(digest_id: int) -> None:
    digest = Digest.objects.select_related("site", "issue").get(pk=digest_id)
    if digest.status == DigestStatus.STARTING:
        start_campaign(digest)
        return
    notify_editors(digest)


def start_campaign(digest: Digest) -> None:
    """Start the published digest's campaign (once: the campaign's own state machine
    refuses a second start), then tell the editors."""
    campaign = digest.campaign
    try:
        actions.start(campaign)
    except InvalidTransition:
        campaign.refresh_from_db()
        if campaign.state == CampaignState.DRAFT:
            raise
    except Exception as exc:  # noqa: BLE001 - e.g. the SES account could not be read
        logger.exception("Could not start the campaign of digest %s", digest.pk)
        if campaign.state == CampaignState.DRAFT:
            actions.cancel(campaign)
        updated = Digest.objects.filter(pk=digest.pk, status=DigestStatus.STARTING).update(
            status=DigestStatus.HELD,
            message=_("The issue is published but its campaign could not start: %(error)s. "
                      "Send it from the issue's page.") % {"error": exc})
        if updated:
            digest.refresh_from_db()
            notify_editors(digest)
        return
    if Digest.objects.filter(pk=digest.pk, status=DigestStatus.STARTING).update(
            status=DigestStatus.SENT):
        digest.refresh_from_db()
        notify_editors(digest)


def run_schedules(now: datetime) -> list[Digest]:
    """The tick's work: compose each site's due occurrence, and start campaigns whose
    start was interrupted (a worker killed after the issue was published)."""
    made = []
    lateness = conf.max_lateness()
    for row in DigestSettings.objects.filter(enabled=True).select_related("site"):
        try:
            occurrence = row.schedule().latest_due(now, lateness)
        except RecurrenceError as exc:
            logger.warning("The digest schedule of %s is invalid: %s", row.site, exc)
            continue
        # A cheap early exit for the ticks after the first; the unique constraint, not
        # this check, is what makes it happen once.
        if occurrence is None or Digest.objects.filter(site=row.site,
                                                       occurrence=occurrence).exists():
            continue
        digest = compose(row, plan_for(row, until=occurrence), occurrence=occurrence,
                         trigger=DigestTrigger.SCHEDULE, mode=row.mode)
        if digest is not None:
            made.append(digest)
    for digest in Digest.objects.filter(status=DigestStatus.STARTING,
                                        campaign__state=CampaignState.DRAFT):
        start_campaign(digest)
    return made
