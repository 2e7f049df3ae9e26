"""Campaign actions in Wagtail's audit log, on the issue page (so they show in the
page's history): the editors' actions and those the delivery engine takes itself."""

from __future__ import annotations

from datetime import datetime

from wagtail.log_actions import log

from . import ledger
from .models import Campaign

LOG_ACTIONS = {
    "clusterpost.campaign.create": ("Campaign: create", "Campaign created"),
    "clusterpost.campaign.schedule": ("Campaign: schedule", "Campaign scheduled"),
    "clusterpost.campaign.unschedule": ("Campaign: unschedule", "Campaign schedule removed"),
    "clusterpost.campaign.send": ("Campaign: send now", "Campaign sending started"),
    "clusterpost.campaign.start": ("Campaign: start", "Scheduled campaign started"),
    "clusterpost.campaign.pause": ("Campaign: pause", "Campaign paused"),
    "clusterpost.campaign.health_pause": ("Campaign: paused for sending health",
                                          "Campaign paused by its bounce or complaint rate"),
    "clusterpost.campaign.resume": ("Campaign: resume", "Campaign resumed"),
    "clusterpost.campaign.cancel": ("Campaign: cancel", "Campaign cancelled"),
    "clusterpost.campaign.finish": ("Campaign: finished", "Campaign finished"),
    "clusterpost.campaign.resend_unknown": ("Campaign: resend unknown",
                                            "Unsettled messages queued again"),
}


def record(campaign: Campaign, action: str, user=None, **data) -> None:
    payload = {"campaign": campaign.pk, "state": campaign.state, "topics": campaign.topics}
    payload.update({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()})
    log(instance=campaign.issue, action=action, user=user, data=payload)


def engine_pause(campaign: Campaign, reason: str) -> None:
    record(campaign, "clusterpost.campaign.pause", None, reason=reason, by="delivery engine")


def engine_finish(campaign: Campaign) -> None:
    record(campaign, "clusterpost.campaign.finish", None, counts=ledger.counts(campaign.pk))
