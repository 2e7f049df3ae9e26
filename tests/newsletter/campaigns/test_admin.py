"""Editor controls in the Wagtail admin: only "Newsletter senders" may act; confirm
shows the audience size; progress is live JSON; every action is in the audit log."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from newsletter.campaigns import actions
from newsletter.campaigns.models import Campaign


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def sender(django_user_model):
    user = django_user_model.objects.create_user("sender", "sender@example.org", "pw")
    user.groups.add(Group.objects.get(name="Newsletter senders"))
    return user


@pytest.mark.django_db
def test_the_senders_group_exists_with_the_send_permission():
    group = Group.objects.get(name="Newsletter senders")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"send_campaign", "access_admin"} <= codenames


@pytest.mark.django_db
def test_issue_pages_have_the_campaigns_button_for_senders_only(client, sender, editor,
                                                                 demo_issue, django_user_model):
    from newsletter.campaigns.wagtail_hooks import campaign_header_button

    url = reverse("campaigns_admin:issue", args=[demo_issue.pk])
    [button] = campaign_header_button(page=demo_issue, user=sender, view_name="edit")
    assert button.url == url
    assert list(campaign_header_button(page=demo_issue, user=editor, view_name="edit")) == []
    assert list(campaign_header_button(page=demo_issue.get_parent(), user=sender,
                                       view_name="edit")) == []
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[demo_issue.pk]))
    assert response.status_code == 200 and url in response.content.decode()


@pytest.mark.django_db
def test_editors_without_the_permission_cannot_view_or_send(client, editor, demo_issue):
    client.force_login(editor)
    url = reverse("campaigns_admin:issue", args=[demo_issue.pk])
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"when": "now", "confirm": "1"}).status_code in (302, 403)
    assert not Campaign.objects.exists()
    campaign = actions.create(demo_issue)
    cancel = client.post(reverse("campaigns_admin:action", args=[campaign.pk, "cancel"]))
    assert cancel.status_code in (302, 403)
    assert cancel.get("Location") != reverse("campaigns_admin:detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.state == "draft"


@pytest.mark.django_db
def test_send_now_asks_for_confirmation_with_the_audience_size_then_sends(
        client, sender, demo_issue, ses_settings, fake_ses, make_subscribers,
        django_capture_on_commit_callbacks):
    from wagtail.models import PageLogEntry

    make_subscribers(3, prefix="ev", topics=["event"])
    make_subscribers(2, prefix="in", topics=["interview"])
    client.force_login(sender)
    url = reverse("campaigns_admin:issue", args=[demo_issue.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"New campaign" in page.content
    confirm = client.post(url, {"when": "now", "topics": ["event"]})
    assert confirm.status_code == 200
    assert b"data-campaign-confirm" in confirm.content
    assert b"<strong data-audience>3</strong>" in confirm.content
    assert not Campaign.objects.exists()  # nothing happens before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"when": "now", "topics": ["event"], "confirm": "1"})
    campaign = Campaign.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("campaigns_admin:detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.state == "finished" and sum(fake_ses.counts().values()) == 3
    entry = PageLogEntry.objects.filter(action="clusterpost.campaign.send").get()
    assert entry.user == sender and entry.data["campaign"] == campaign.pk

    progress = client.get(reverse("campaigns_admin:progress", args=[campaign.pk])).json()
    assert progress["sent"] == 3 and progress["remaining"] == 0 and progress["state"] == "finished"
    detail = client.get(reverse("campaigns_admin:detail", args=[campaign.pk]))
    assert detail.status_code == 200 and b'data-field="sent">3<' in detail.content
    report_url = reverse("sesevents_campaign_report", args=[campaign.pk])
    assert report_url.encode() in detail.content  # the delivery report is one click away


@pytest.mark.django_db
def test_schedule_in_the_past_is_refused_and_a_future_one_is_scheduled(
        client, sender, demo_issue, ses_settings, make_subscribers):
    make_subscribers(2)
    client.force_login(sender)
    url = reverse("campaigns_admin:issue", args=[demo_issue.pk])
    past = client.post(url, {"when": "later", "scheduled_for": "2001-01-01 09:00",
                             "timezone": "Europe/Brussels", "confirm": "1"})
    assert past.status_code == 200 and b"in the past" in past.content
    assert not Campaign.objects.exists()
    client.post(url, {"when": "later", "scheduled_for": "2099-01-20 09:00",
                      "timezone": "America/New_York", "confirm": "1"})
    campaign = Campaign.objects.get()
    assert campaign.state == "scheduled" and campaign.schedule_timezone == "America/New_York"
    assert campaign.scheduled_at.hour == 14  # 09:00 EST


@pytest.mark.django_db
def test_pause_resume_cancel_from_the_admin_are_logged(client, sender, demo_issue, ses_settings,
                                                       make_subscribers):
    from wagtail.models import PageLogEntry

    make_subscribers(2)
    client.force_login(sender)
    campaign = actions.create(demo_issue)
    actions.start(campaign)  # on_commit not run: nothing is sent in this test
    for action, state in [("pause", "paused"), ("resume", "sending"), ("cancel", "cancelled")]:
        response = client.post(reverse("campaigns_admin:action", args=[campaign.pk, action]))
        assert response.status_code == 302
        campaign.refresh_from_db()
        assert campaign.state == state
        assert PageLogEntry.objects.filter(action=f"clusterpost.campaign.{action}",
                                           user=sender).exists()
    # A cancelled campaign cannot resume; the editor is told why.
    response = client.post(reverse("campaigns_admin:action", args=[campaign.pk, "resume"]),
                           follow=True)
    assert b"cannot resume" in response.content
    assert client.get(reverse("campaigns_admin:action", args=[campaign.pk, "pause"])).status_code == 405


def test_time_left_is_told_in_words_with_the_local_finish_time(settings):
    from datetime import UTC, datetime

    from newsletter.campaigns.progress import describe_eta

    settings.TIME_ZONE = "Europe/Brussels"
    now = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)  # 13:00 in Brussels
    assert describe_eta(None, now) == "–"
    assert describe_eta(45, now) == "less than a minute"
    assert describe_eta(600, now) == "about 10 min, around 13:10"
    assert describe_eta(2 * 3600 + 5 * 60, now) == "about 2 h 05 min, around 15:05"


@pytest.mark.django_db
def test_the_form_uses_wagtail_fields_and_the_confirmation_shows_the_audience_per_topic(
        client, sender, demo_issue, make_subscribers):
    make_subscribers(2, prefix="both", topics=["interview", "event"])
    make_subscribers(3, prefix="events", topics=["event"])
    client.force_login(sender)
    url = reverse("campaigns_admin:issue", args=[demo_issue.pk])
    form = client.get(url).content.decode()
    assert "w-field__wrapper" in form  # the admin's field component
    assert 'initDateTimeChooser("id_scheduled_for"' in form  # Wagtail's AdminDateTimeInput
    confirm = client.post(url, {"when": "now", "topics": ["interview", "event"]}).content.decode()
    assert "data-audience-by-topic" in confirm
    counts = confirm.split("data-topic-audience>")[1:]
    assert [int(part.split("<")[0]) for part in counts] == [5, 2]  # Events, then Interview
    assert not Campaign.objects.exists()  # nothing acts before "confirm"
