"""Campaign actions in Wagtail's audit log, on the issue page (so they show in the
page's history): the editors' actions and those the delivery engine takes itself."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from . import ledger
from .models import Campaign

LOG_ACTIONS = {
    "clusterpost.campaign.create": (_("Campaign: create"), _("Campaign created")),
    "clusterpost.campaign.schedule": (_("Campaign: schedule"), _("Campaign scheduled")),
    "clusterpost.campaign.unschedule": (_("Campaign: unschedule"), _("Campaign schedule removed")),
    "clusterpost.campaign.send": (_("Campaign: send now"), _("Campaign sending started")),
    "clusterpost.campaign.start": (_("Campaign: start"), _("Scheduled campaign started")),
    "clusterpost.campaign.pause": (_("Campaign: pause"), _("Campaign paused")),
    "clusterpost.campaign.health_pause": (_("Campaign: paused for sending health"),
                                          _("Campaign paused by its bounce or complaint rate")),
    "clusterpost.campaign.resume": (_("Campaign: resume"), _("Campaign resumed")),
    "clusterpost.campaign.cancel": (_("Campaign: cancel"), _("Campaign cancelled")),
    "clusterpost.campaign.finish": (_("Campaign: finished"), _("Campaign finished")),
    "clusterpost.campaign.resend_unknown": (_("Campaign: resend unknown"),
                                            _("Unsettled messages queued again")),
}


def record(campaign: Campaign, action: str, user=None, **data) -> None:
    payload = {"campaign": campaign.pk, "state": campaign.state, "topics": campaign.topics}
    payload.update({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()})
    log(instance=campaign.issue, action=action, user=user, data=payload)


def engine_pause(campaign: Campaign, reason: str) -> None:
    record(campaign, "clusterpost.campaign.pause", None, reason=reason, by="delivery engine")


def engine_finish(campaign: Campaign) -> None:
    record(campaign, "clusterpost.campaign.finish", None, counts=ledger.counts(campaign.pk))
