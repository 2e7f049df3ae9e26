"""Fixtures for the digest tests: a previous issue published at a known moment, articles
published at chosen times, the schedule switched on, editors and subscribers.

The schedule is monthly on the second Tuesday at 10:00 Europe/Brussels; its February
2027 occurrence is 9 February 2027, 10:00 CET (09:00 UTC)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from wagtail.models import Page, Site

from tests.feeds.conftest import Tree, publish

PREVIOUS_AT = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # "Newsletter January 2027" went out
OCCURRENCE = datetime(2027, 2, 9, 9, 0, tzinfo=UTC)  # second Tuesday of February, 10:00 CET


def published_at(page, moment):
    """Pretend the page was first published at ``moment``."""
    Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
    page.refresh_from_db()
    return page


@pytest.fixture
def tree(home):
    return Tree(home)


@pytest.fixture
def previous_issue(tree):
    from cms.models import IssuePage

    issue = IssuePage(title="Newsletter January 2027", slug="newsletter-january-2027",
                      issue_date=date(2027, 1, 12), subject="January 2027", sections="[]")
    tree.indexes["issue"].add_child(instance=issue)
    publish(issue)
    return published_at(issue, PREVIOUS_AT)


@pytest.fixture
def articles(tree, previous_issue):
    """Four articles after the previous issue, one just before it, one draft, and
    events inside and outside the 90 days after the occurrence."""
    def at(page, moment):
        return published_at(page, moment)

    made = {
        "interview": at(tree.interview("Interview with Ana"), PREVIOUS_AT + timedelta(days=3)),
        "story_old": at(tree.story("Story before the previous issue"),
                        PREVIOUS_AT - timedelta(seconds=1)),
        "story_new": at(tree.story("Story just after the previous issue"),
                        PREVIOUS_AT + timedelta(seconds=1)),
        "story_newer": at(tree.story("A newer story"), PREVIOUS_AT + timedelta(days=10)),
        "gateway": at(tree.gateway("MoU with Osaka"), PREVIOUS_AT + timedelta(days=5)),
        "draft": tree.activity("Draft activity news", live=False),
        "soon": at(tree.event("Matchmaking in March", start_date=date(2027, 3, 1),
                              start_time=time(9, 0), timezone="Europe/Brussels"),
                   PREVIOUS_AT - timedelta(days=40)),
        "far": at(tree.event("Summer fair", start_date=date(2027, 6, 1),
                             timezone="Europe/Brussels"), PREVIOUS_AT + timedelta(days=2)),
    }
    return made


@pytest.fixture
def schedule(home):
    """The default site's digest schedule, switched on long before the occurrence."""
    from newsletter.digests.models import DigestSettings

    row = DigestSettings.for_site(Site.objects.get(is_default_site=True))
    row.enabled = True
    row.save()
    DigestSettings.objects.filter(pk=row.pk).update(
        active_since=datetime(2026, 12, 1, tzinfo=UTC))
    row.refresh_from_db()
    return row


def editors_group():
    """A group that may edit and publish every page (Wagtail's own "Editors" group is
    gone after a transactional test flushed the database)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group, created = Group.objects.get_or_create(name="Digest test editors")
    if created:
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        root = Page.get_first_root_node()
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(group=group, page=root, permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"))
    return group


def make_editor(username, *, wants_notifications=True):
    from django.contrib.auth.models import User
    from wagtail.users.models import UserProfile

    user = User.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(editors_group())
    profile = UserProfile.get_for_user(user)
    profile.submitted_notifications = wants_notifications
    profile.save()
    return user


@pytest.fixture
def editor(db):
    return make_editor("edith")


@pytest.fixture
def quiet_editor(db):
    """An editor who turned off "submitted for moderation" emails in her profile."""
    return make_editor("quentin", wants_notifications=False)


@pytest.fixture
def subscribers(db):
    from newsletter.subscribers.models import Subscriber

    people = []
    for n in range(3):
        person = Subscriber(email=f"reader{n}@example.org", name=f"Reader {n}",
                            status="confirmed",
                            topics=["interview", "success_story", "gateway_news",
                                    "activity_news", "event"])
        person.save()
        people.append(person)
    return people


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_TRANSPORT = "outbox"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.SES_MAX_SEND_RATE = None
    return tmp_path / "outbox"
