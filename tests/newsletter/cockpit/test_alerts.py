"""Warnings before things go wrong: each fires on its condition only and says what to
run or set; they show on the dashboard and on the campaign page."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter.campaigns import actions
from newsletter.campaigns.models import Campaign, CampaignState, DeliveryWorker
from newsletter.campaigns.tasks import QUEUE
from newsletter.cockpit import alerts
from newsletter.cockpit.account import AccountStatus
from newsletter.transports.ses import AccountQuota

pytestmark = pytest.mark.django_db


def _sending(issue):
    campaign = actions.create(issue)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.SENDING,
                                                   started_at=timezone.now())
    return campaign


def _task(queue, *, age, status="READY", finished=None):
    row = DBTaskResult.objects.create(
        task_path="newsletter.campaigns.tasks.deliver_campaign", args_kwargs={"args": [], "kwargs": {}},
        queue_name=queue, backend_name="default", status=status,
        run_after=timezone.now() - age, finished_at=finished)
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - age)
    return row


def test_no_campaign_waiting_means_no_worker_warning(demo_issue):
    _task(QUEUE, age=timedelta(minutes=5))
    assert alerts.worker_alert() is None


def test_a_sending_campaign_whose_task_waits_warns_with_the_command(demo_issue):
    campaign = _sending(demo_issue)
    _task(QUEUE, age=timedelta(seconds=5))
    assert alerts.worker_alert() is None  # a fresh task: a worker may just be picking it up
    _task(QUEUE, age=timedelta(seconds=31))
    alert = alerts.worker_alert()
    assert alert.code == "no-worker" and f"#{campaign.pk}" in alert.message
    assert "db_worker" in alert.action and alert.action.endswith(alerts.worker_command())


def test_a_worker_on_another_queue_is_named_as_such(demo_issue):
    _sending(demo_issue)
    _task(QUEUE, age=timedelta(minutes=1))
    _task("other", age=timedelta(minutes=1), status="SUCCESSFUL", finished=timezone.now())
    assert "none has served the delivery queue" in alerts.worker_alert().message


def test_a_live_heartbeat_silences_the_worker_warning(demo_issue):
    campaign = _sending(demo_issue)
    _task(QUEUE, age=timedelta(minutes=1))
    DeliveryWorker.objects.create(campaign=campaign, heartbeat_at=timezone.now() - timedelta(seconds=40))
    assert alerts.worker_alert() is not None  # stale heartbeat: still no worker
    DeliveryWorker.objects.create(campaign=campaign, heartbeat_at=timezone.now())
    assert alerts.worker_alert() is None


def test_a_due_scheduled_campaign_needs_a_worker_too(demo_issue):
    campaign = actions.create(demo_issue)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.SCHEDULED, scheduled_at=timezone.now() - timedelta(minutes=2))
    _task(QUEUE, age=timedelta(minutes=2))
    assert alerts.worker_alert().code == "no-worker"


@override_settings(DEPLOYMENT="production", EMAIL_TRANSPORT="outbox", SNS_TOPIC_ARNS=[])
def test_production_settings_warnings():
    codes = {alert.code for alert in alerts.production_alerts()}
    assert codes == {"outbox-in-production", "no-sns-topics"}


@override_settings(DEPLOYMENT="production", EMAIL_TRANSPORT="ses",
                   SNS_TOPIC_ARNS=["arn:aws:sns:eu-west-1:123456789012:ses"])
def test_production_with_ses_and_topics_is_quiet():
    assert alerts.production_alerts() == []


@override_settings(EMAIL_TRANSPORT="outbox", SNS_TOPIC_ARNS=[])
def test_development_gets_no_production_warnings():
    assert alerts.production_alerts() == []


def test_account_sandbox_and_paused_sending():
    quota = AccountQuota(max_send_rate=1, max_24_hour_send=200, sent_last_24_hours=20,
                         sending_enabled=False, production_access=False)
    status = AccountStatus(transport="ses", quota=quota)
    assert {a.code for a in alerts.account_alerts(status)} == {"sending-paused", "sandbox"}
    assert status.quota_used_percent == 10
    fine = AccountQuota(max_send_rate=14, max_24_hour_send=50000, sent_last_24_hours=0,
                        sending_enabled=True, production_access=True)
    assert alerts.account_alerts(AccountStatus(transport="ses", quota=fine)) == []
    assert alerts.account_alerts(AccountStatus(transport="outbox", quota=None)) == []


def test_the_warning_shows_on_the_dashboard_and_the_campaign_page(client, django_user_model,
                                                                   demo_issue):
    campaign = _sending(demo_issue)
    _task(QUEUE, age=timedelta(minutes=1))
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    for url in (reverse("wagtailadmin_home"), reverse("campaigns_admin:detail", args=[campaign.pk])):
        html = client.get(url).content.decode()
        assert 'data-alert="no-worker"' in html and alerts.worker_command() in html
