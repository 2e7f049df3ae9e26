"""A campaign is a snapshot: the issue rendered once, when the campaign starts.

``take`` (called by ``actions.start``, inside its transaction) records the issue's live
revision and stores the rendered subject, preheader, HTML and text (and the sender's
From name and reply-to address) once per language:
the default language's issue and each live translation, rendered in its language. The campaign's
message builder only ever reads it back (``for_sending``): every worker, time slice and
restart sends exactly the same email, whatever editors publish meanwhile.

Campaigns started before snapshots existed have none. The first run after the upgrade
takes one from the live issue, logs a warning, and marks it ``taken_late`` (the campaign
page says so): from then on the rest of the campaign is frozen too.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.models import Page

from cms import issue_cache
from newsletter.rendering import RenderedIssue, render_issue

from .languages import issue_versions
from .models import Campaign, CampaignSnapshot, default_language

logger = logging.getLogger(__name__)


def take(campaign: Campaign, *, taken_late: bool = False) -> CampaignSnapshot:
    """Render the issue's live page once per language (its live translations, in their
    language) and store each as one of the campaign's snapshots; returns the default
    language's. Raises IssueTooLargeError (nothing is stored) when an issue cannot fit."""
    taken = [_take(campaign, language, page, taken_late)
             for language, page in issue_versions(campaign.issue).items()]
    return taken[0]


def _take(campaign: Campaign, language: str, page, taken_late: bool) -> CampaignSnapshot:
    # Loaded afresh, never from cms.issue_cache: what a campaign sends must not depend on
    # how soon another process's content write reached this one.
    with translation.override(language), issue_cache.bypassed():
        rendered = render_issue(page.as_issue())
    return CampaignSnapshot.objects.create(
        campaign=campaign, language=language, revision_id=page.live_revision_id,
        taken_late=taken_late, subject=rendered.subject, preheader=rendered.preheader,
        html=rendered.html, text=rendered.text, detail=rendered.detail,
        web_url=rendered.web_url, from_name=rendered.from_name, reply_to=rendered.reply_to)


def all_languages(campaign: Campaign) -> dict[str, CampaignSnapshot]:
    """Every snapshot of the campaign by language (the default language's among them)."""
    return {snapshot.language: snapshot
            for snapshot in CampaignSnapshot.objects.filter(campaign=campaign)}


def for_sending(campaign: Campaign) -> CampaignSnapshot:
    """The snapshot every message of the campaign is built from; taken now (once, even
    with several workers starting together) for a campaign started without one."""
    snapshot = find(campaign)
    if snapshot is not None:
        return snapshot
    logger.warning("Campaign %s started before campaigns kept a snapshot: freezing the live "
                   "issue now; messages sent before may differ from the rest.", campaign.pk)
    try:
        with transaction.atomic():
            return take(campaign, taken_late=True)
    except IntegrityError:  # another worker took it first: send that one
        return CampaignSnapshot.objects.get(campaign=campaign, language=default_language())


def find(campaign: Campaign) -> CampaignSnapshot | None:
    return (CampaignSnapshot.objects.filter(campaign=campaign, language=default_language())
            .select_related("revision").first())


def rendered(snapshot: CampaignSnapshot) -> RenderedIssue:
    return RenderedIssue(subject=snapshot.subject, preheader=snapshot.preheader,
                         html=snapshot.html, text=snapshot.text, detail=snapshot.detail,
                         web_url=snapshot.web_url, from_name=snapshot.from_name,
                         reply_to=snapshot.reply_to)


def published_since(snapshot: CampaignSnapshot) -> list[Page]:
    """The issue and chosen pages published after the snapshot was taken: what the site
    shows now but the campaign does not send."""
    issue = snapshot.campaign.issue.specific
    pages = [issue, *(chosen for section in issue.sections
                      for chosen in section.value.get("items") or []
                      if isinstance(chosen, Page))]
    return [page for page in pages if _published_after(page, snapshot)]


def _published_after(page: Page, snapshot: CampaignSnapshot) -> bool:
    if page.pk == snapshot.campaign.issue_id and snapshot.revision_id:
        return page.live_revision_id != snapshot.revision_id
    when: datetime | None = page.last_published_at
    return when is not None and when > snapshot.taken_at
