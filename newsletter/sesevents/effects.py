"""The seams between SES events and the rest of clusterpost, imported plainly.

Each function calls one function that another app owns and says, in a short string that
is stored on the event, what happened. They are plain imports on purpose: a rename in the
other app fails at import time (and in the tests), instead of silently stopping
suppression as a looked-up dotted name would.
"""

from __future__ import annotations

from newsletter.campaigns import actions, ledger
from newsletter.campaigns.models import Campaign, CampaignState
from newsletter.subscribers import lifecycle


def settle_unknown_delivery(delivery_id: int, ses_message_id: str) -> str:
    """A Send event settles an ``unknown`` ledger row (DESIGN.md, "No hidden retries")."""
    if ledger.settle_from_send_event(delivery_id, ses_message_id):
        return f"settled delivery {delivery_id}"
    return ""


def suppress_bounced(email: str, detail: str) -> str:
    lifecycle.mark_bounced(email, detail=detail)
    return "suppressed (bounced)"


def suppress_complained(email: str, detail: str) -> str:
    lifecycle.mark_complained(email, detail=detail)
    return "suppressed (complaint)"


def sending_campaigns(campaign_ids) -> list[Campaign]:
    return list(Campaign.objects.filter(pk__in=set(campaign_ids), state=CampaignState.SENDING))


def pause_campaign(campaign: Campaign, reason: str) -> bool:
    """Health stop: pause a sending campaign, say why, log it. True if it paused."""
    return actions.pause_for_health(campaign, reason)
