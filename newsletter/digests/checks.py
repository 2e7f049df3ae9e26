"""The "Before you send" checks an automatic digest must pass to go out: the issue's
own warnings (cms.publishing_checks), an email that renders, and someone to send to."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from cms.models import IssuePage
from newsletter.campaigns import ledger
from newsletter.campaigns.models import Campaign
from newsletter.rendering import render_issue
from newsletter.rendering.html import IssueTooLargeError


def send_problems(page: IssuePage, topics: list[str], now: datetime) -> list[str]:
    """Why this issue may not go out automatically; empty when it may."""
    problems = list(page.editor_warnings(now))
    try:
        render_issue(page.as_issue())
    except IssueTooLargeError as exc:
        problems.append(str(exc))
    if not ledger.audience_queryset(Campaign(issue=page, topics=topics)).exists():
        problems.append(_("Nobody to send to: no confirmed subscriber matches the chosen "
                          "topics."))
    return problems
