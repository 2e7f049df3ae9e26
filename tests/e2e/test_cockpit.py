"""The newsletter cockpit in chromium: the dashboard as an editor and as a sender, with
and without campaigns; the no-worker warning; the Campaigns listing and its filters.
Screenshots go to test-artifacts/cockpit-*.png."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import GroupPagePermission, Page

from newsletter.campaigns.models import Campaign, Delivery, DeliveryStatus
from newsletter.campaigns.tasks import QUEUE
from newsletter.subscribers.models import Subscriber
from tests.e2e.admin import log_in

pytestmark = [pytest.mark.e2e]
PASSWORD = "s3cret-pass"


def _editor(django_user_model, username="editor"):
    """A Wagtail editor (page rights only). Built here: a transactional test flushes the
    groups the migrations made."""
    group, _ = Group.objects.get_or_create(name="Cockpit editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=Permission.objects.get(codename=codename))
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(group)
    return user


def _sender(django_user_model):
    user = _editor(django_user_model, "sender")
    user.user_permissions.add(*Permission.objects.filter(codename__in=(
        "send_campaign", "view_campaign", "view_ses_reports", "view_subscriber")))
    return user


def _people(count):
    now = timezone.now()
    return [Subscriber.objects.create(email=f"reader{i}@example.org", status="confirmed",
                                      confirmed_at=now - timedelta(days=i * 3))
            for i in range(count)]


def test_dashboard_without_campaigns_as_editor_and_as_sender(
        transactional_db, demo_issue, live_server, page, artifacts_dir, django_user_model):
    _editor(django_user_model)
    demo_issue.save_revision()  # a draft: shows under "What's next"
    _people(12)
    log_in(page, live_server.url, "editor", PASSWORD)
    assert page.locator(f'[data-draft="{demo_issue.pk}"]').is_visible()
    assert page.locator("#cockpit-subscribers-section").count() == 0
    assert page.locator("#cockpit-account-section").count() == 0
    assert page.get_by_role("link", name="Campaigns").count() == 0
    page.screenshot(path=str(artifacts_dir / "cockpit-dashboard-editor.png"), full_page=True)

    page.context.clear_cookies()
    _sender(django_user_model)
    log_in(page, live_server.url, "sender", PASSWORD)
    assert page.locator('[data-figure="confirmed"]').text_content() == "12"
    assert page.locator("svg.cockpit-chart rect").count() == 13 * 3
    assert page.locator("#cockpit-running-section").get_by_text("No campaign is sending.").is_visible()
    assert page.locator("#cockpit-account-section").is_visible()
    # The table alternative carries the same figures as the chart.
    page.get_by_text("Show the figures as a table").click()
    rows = page.locator("[data-growth-table] tbody tr")
    assert rows.count() == 13
    total = sum(int(rows.nth(i).locator("td").first.text_content()) for i in range(13))
    assert total == 12
    page.screenshot(path=str(artifacts_dir / "cockpit-dashboard-sender.png"), full_page=True)


def test_sending_campaign_without_worker_warns_and_the_listing_filters(
        transactional_db, demo_issue, live_server, page, artifacts_dir, django_user_model):
    _sender(django_user_model)
    people = _people(4)
    sending = Campaign.objects.create(issue=demo_issue, state="sending", audience_size=4,
                                      audience_built=True, started_at=timezone.now())
    for index, person in enumerate(people):
        Delivery.objects.create(campaign=sending, subscriber=person,
                                status=DeliveryStatus.SENT if index == 0 else DeliveryStatus.PENDING,
                                settled_at=timezone.now() if index == 0 else None)
    finished = Campaign.objects.create(issue=demo_issue, state="finished", audience_size=0,
                                       finished_at=timezone.now())
    # The delivery task waits: nobody picked it up for a minute and no loop beats.
    task = DBTaskResult.objects.create(
        task_path="newsletter.campaigns.tasks.deliver_campaign",
        args_kwargs={"args": [sending.pk], "kwargs": {}}, queue_name=QUEUE,
        backend_name="default", run_after=timezone.now() - timedelta(minutes=1))
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(minutes=1))

    log_in(page, live_server.url, "sender", PASSWORD)
    warning = page.locator('[data-alert="no-worker"]')
    assert warning.is_visible() and "db_worker" in warning.text_content()
    assert page.locator(f'[data-running="{sending.pk}"]').is_visible()
    assert page.locator(f'[data-finished="{finished.pk}"]').is_visible()
    page.screenshot(path=str(artifacts_dir / "cockpit-dashboard-no-worker.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/campaigns/{sending.pk}/")
    assert page.locator('[data-alert="no-worker"]').is_visible()
    page.screenshot(path=str(artifacts_dir / "cockpit-campaign-no-worker.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Campaigns").first.click()
    page.wait_for_url(f"{live_server.url}/admin/campaigns/all/")
    links = page.locator("table.listing tbody a[href^='/admin/campaigns/']")
    assert links.count() == 2
    assert page.locator("progress.cockpit-progress").first.evaluate("el => el.value") in (0, 25)
    page.screenshot(path=str(artifacts_dir / "cockpit-campaigns-listing.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/campaigns/all/?state=sending")
    assert links.count() == 1
    assert links.first.get_attribute("href") == f"/admin/campaigns/{sending.pk}/"
    page.screenshot(path=str(artifacts_dir / "cockpit-campaigns-filtered.png"), full_page=True)
    links.first.click()
    page.wait_for_url(f"{live_server.url}/admin/campaigns/{sending.pk}/")


def test_the_campaign_form_uses_the_admin_widgets_and_confirms_per_topic(
        transactional_db, demo_issue, live_server, page, artifacts_dir, django_user_model):
    _sender(django_user_model)
    for index in range(3):
        Subscriber.objects.create(email=f"events{index}@example.org", status="confirmed",
                                  topics=["event"])
    Subscriber.objects.create(email="both@example.org", status="confirmed",
                              topics=["event", "interview"])
    log_in(page, live_server.url, "sender", PASSWORD)
    page.goto(f"{live_server.url}/admin/campaigns/issue/{demo_issue.pk}/")
    assert page.locator(".w-field__wrapper").count() >= 4  # the admin's field components
    page.get_by_label("Event").check()
    page.get_by_label("Interview").check()
    page.get_by_label("Schedule").check()
    page.fill("#id_scheduled_for", "2099-01-20 09:00")
    page.keyboard.press("Escape")  # close Wagtail's date picker
    page.select_option("#id_timezone", "Europe/Brussels")
    page.screenshot(path=str(artifacts_dir / "cockpit-campaign-form.png"), full_page=True)
    page.get_by_role("button", name="Continue").click()
    table = page.locator("[data-audience-by-topic]")
    table.wait_for()
    assert [cell.text_content() for cell in table.locator("[data-topic-audience]").all()] == ["4", "1"]
    assert page.locator("[data-audience]").text_content() == "4"
    page.screenshot(path=str(artifacts_dir / "cockpit-campaign-confirm.png"), full_page=True)
