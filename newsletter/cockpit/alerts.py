"""Warnings before things go wrong, each saying what to run or set.

Shown on the dashboard and on a campaign's page. How "no worker" is decided
(django-tasks-db keeps no registry of workers, so we read two traces they leave):

- a delivery loop writes a ``DeliveryWorker`` heartbeat every few seconds while it sends;
- a task nobody picks up stays ``READY`` in the task table.

While a campaign is sending, or scheduled and due, we warn when no heartbeat is younger
than ``COCKPIT_WORKER_SILENCE_SECONDS`` (30) and a task on the delivery queue has waited
in ``READY`` longer than that (or there is no delivery task at all for a sending
campaign). If some task on another queue finished recently, a worker runs but does not
serve the delivery queue; otherwise no worker runs at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult, get_date_max

from newsletter.campaigns.models import Campaign, CampaignState, DeliveryWorker
from newsletter.campaigns.tasks import QUEUE as DELIVERY_QUEUE
from newsletter.sesevents import conf as sesevents_conf
from newsletter.sesevents.status import silent_campaigns

from . import conf
from .account import AccountStatus, account_status


@dataclass(frozen=True)
class Alert:
    code: str  # stable identifier, for tests and page anchors
    message: str
    action: str  # what to run or set
    critical: bool = True


def worker_command() -> str:
    if DELIVERY_QUEUE == "default":
        return "python manage.py db_worker"
    return f"python manage.py db_worker --queue-name default,{DELIVERY_QUEUE},events"


def campaigns_needing_worker(now: datetime) -> list[Campaign]:
    return list(Campaign.objects.filter(
        Q(state=CampaignState.SENDING)
        | Q(state=CampaignState.SCHEDULED, scheduled_at__lte=now)).order_by("pk"))


def worker_alert(now: datetime | None = None) -> Alert | None:
    now = now or timezone.now()
    waiting = campaigns_needing_worker(now)
    if not waiting:
        return None
    silence = timedelta(seconds=conf.worker_silence_seconds())
    if DeliveryWorker.objects.filter(heartbeat_at__gte=now - silence).exists():
        return None
    delivery_tasks = DBTaskResult.objects.filter(queue_name=DELIVERY_QUEUE)
    if delivery_tasks.filter(status="RUNNING", started_at__gte=now - silence).exists():
        return None  # a delivery task just started: its loop will beat soon
    stuck = delivery_tasks.filter(status="READY").filter(
        Q(run_after__lte=now - silence)
        | Q(run_after=get_date_max(), enqueued_at__lte=now - silence)).exists()
    sending = any(c.state == CampaignState.SENDING for c in waiting)
    no_task = sending and not delivery_tasks.filter(status__in=("READY", "RUNNING")).exists()
    if not (stuck or no_task):
        return None
    seconds = int(silence.total_seconds())
    other_queue_alive = DBTaskResult.objects.exclude(queue_name=DELIVERY_QUEUE).filter(
        finished_at__gte=now - timedelta(minutes=5)).exists()
    names = ", ".join(f"#{c.pk}" for c in waiting)
    if other_queue_alive:
        message = _("Campaigns %(names)s are waiting: a worker runs, but none has served the "
                    "delivery queue “%(queue)s” for %(seconds)d s.") % {
                        "names": names, "queue": DELIVERY_QUEUE, "seconds": seconds}
    else:
        message = _("Campaigns %(names)s are waiting: no worker has been seen for %(seconds)d s, "
                    "so nothing is being sent.") % {"names": names, "seconds": seconds}
    return Alert(code="no-worker", message=message,
                 action=_("Start a worker: %(command)s") % {"command": worker_command()})


def webhook_alert(now: datetime | None = None) -> Alert | None:
    if settings.EMAIL_TRANSPORT != "ses":
        return None  # only SES sends events
    silent = silent_campaigns(now)
    if not silent:
        return None
    return Alert(
        code="webhook-silent",
        message=_("No SES event has arrived for campaigns %(names)s in %(minutes)d minutes of "
                  "sending: bounces and complaints are not being recorded.") % {
                      "names": ", ".join(f"#{c.pk}" for c in silent),
                      "minutes": sesevents_conf.no_event_warning_minutes()},
        action=_("Check the SNS subscription to /ses/events/ (python manage.py ses_setup --check) "
                 "and that a worker serves the events queue."))


def production_alerts() -> list[Alert]:
    if not conf.is_production():
        return []
    alerts = []
    if settings.EMAIL_TRANSPORT == "outbox":
        alerts.append(Alert(
            code="outbox-in-production",
            message=_("EMAIL_TRANSPORT is “outbox”: emails are written to files, not sent."),
            action=_("Set EMAIL_TRANSPORT=ses and AWS_REGION (with AWS credentials), or "
                     "EMAIL_TRANSPORT=smtp and SMTP_HOST.")))
    if not sesevents_conf.topic_arns():
        alerts.append(Alert(
            code="no-sns-topics",
            message=_("SNS_TOPIC_ARNS is empty: the webhook refuses every SES event, so bounces "
                      "and complaints never suppress an address."),
            action=_("Set SNS_TOPIC_ARNS to the topic ARN printed by python manage.py ses_setup.")))
    return alerts


def account_alerts(status: AccountStatus) -> list[Alert]:
    quota = status.quota
    if quota is None:
        if status.error:
            return [Alert(code="account-unreadable",
                          message=_("The SES account could not be read: %(error)s") % {
                              "error": status.error},
                          action=_("Give the credentials the ses:GetAccount permission and check "
                                   "AWS_REGION."), critical=False)]
        return []
    alerts = []
    if not quota.sending_enabled:
        alerts.append(Alert(code="sending-paused",
                            message=_("Sending is paused for this SES account: no campaign can start."),
                            action=_("Resolve the case in the SES console, then run "
                                     "aws sesv2 put-account-sending-attributes --sending-enabled.")))
    if quota.production_access is False:
        alerts.append(Alert(code="sandbox",
                            message=_("The SES account is in the sandbox: it sends only to "
                                      "verified addresses, at most 200 a day."),
                            action=_("Request production access in the SES console "
                                     "(Account dashboard → Request production access).")))
    return alerts


def all_alerts(now: datetime | None = None, *, include_account: bool = True) -> list[Alert]:
    alerts = [alert for alert in (worker_alert(now), webhook_alert(now)) if alert]
    alerts += production_alerts()
    if include_account:
        alerts += account_alerts(account_status())
    return alerts
