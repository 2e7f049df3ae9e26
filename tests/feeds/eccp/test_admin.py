"""The "ECCP" preview mode and the admin views: rendering, permissions, downloads, audit."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from cms.models import (
    ActivityNewsPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    IssuePage,
    SuccessStoryPage,
)
from feeds.eccp.audit import EXPORT_ACTION
from feeds.eccp.pack import article_items

from .zips import assert_zip_matches_index

pytestmark = pytest.mark.django_db

PAGE_TYPES = [ActivityNewsPage, GatewayNewsPage, SuccessStoryPage, InterviewPage, EventPage]


def demo_page(issue_page, model):
    """The first article of this type in the demo issue."""
    for item in article_items(issue_page.as_issue()):
        page = Page.objects.get(pk=int(item.id.rsplit(":", 1)[-1])).specific
        if type(page) is model:
            return page
    raise AssertionError(f"the demo issue has no {model.__name__}")


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("eccp-admin", "admin@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def editor(django_user_model, name, page=None):
    """An admin user who may edit ``page`` and its descendants (nothing if None)."""
    group = Group.objects.create(name=f"group-{name}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                 codename="access_admin"))
    if page is not None:
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(group)
    return user


def field_block(content: str, key: str) -> str:
    match = re.search(rf'data-eccp-field="{key}">(.*?)(?=data-eccp-field=|</section>)',
                      content, re.DOTALL)
    assert match, f"no field {key}"
    return match.group(1)


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_eccp_preview_mode_renders_every_field(demo_issue, model):
    page = demo_page(demo_issue, model)
    assert ("eccp", "ECCP") in page.preview_modes
    request = RequestFactory().get("/")
    request.user = None
    response = page.serve_preview(request, "eccp")
    assert response.status_code == 200
    content = response.content.decode()
    item = page.as_item()
    assert html.escape(item.title, quote=False) in content
    for key in ["type", "title", "teaser", "body_html", "body_text", "hero_image", "hero_alt",
                "hero_credit", "ecosystem", "countries", "canonical_url", "language"]:
        assert f'data-eccp-field="{key}"' in content, key
    assert item.url in field_block(content, "canonical_url")
    assert "navigator.clipboard" in content and "execCommand" in content
    assert "<script src" not in content and "https://fonts" not in content
    if model is EventPage:
        for key in ["event_start", "event_timezone", "event_registration_url", "event_ics"]:
            assert f'data-eccp-field="{key}"' in content
    if model is SuccessStoryPage:
        assert 'data-eccp-field="story_quote"' in content


def test_preview_shows_messages_next_to_their_fields(demo_issue):
    page = demo_page(demo_issue, EventPage)
    page.title = "T" * 120
    page.registration_url = ""
    response = page.serve_preview(RequestFactory().get("/"), "eccp")
    content = response.content.decode()
    title = field_block(content, "title")
    assert "eccp-field--warning" in content.split('data-eccp-field="title"')[0][-200:]
    assert "Warning: The title has 120 characters" in title
    registration = field_block(content, "event_registration_url")
    assert "Error: The event has no registration link" in registration
    assert "1 error" in content


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_admin_view_renders_for_every_article_type(demo_issue, admin_client, model):
    page = demo_page(demo_issue, model)
    response = admin_client.get(reverse("eccp:page", args=[page.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert html.escape(page.title, quote=False) in content
    assert "Ready for the ECCP" in content
    assert content.count('class="eccp-copy"') >= 10
    assert reverse("eccp:page_pack", args=[page.pk]) in content
    # reachable from the page's header "more" menu and the listing's "more" menu
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert reverse("eccp:page", args=[page.pk]) in edit.content.decode()
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert reverse("eccp:page", args=[page.pk]) in listing.content.decode()


def test_edit_view_offers_the_eccp_preview_mode(demo_issue, admin_client):
    page = demo_page(demo_issue, InterviewPage)
    content = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    assert b'value="eccp"' in content


def test_page_pack_download_is_logged(demo_issue, admin_client):
    page = demo_page(demo_issue, EventPage)
    response = admin_client.post(reverse("eccp:page_pack", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="eccp-{page.slug}.zip"' in response["Content-Disposition"]
    archive, index = assert_zip_matches_index(response.content)
    assert "event.ics" in archive.namelist()
    entry = PageLogEntry.objects.filter(page=page, action=EXPORT_ACTION).get()
    assert entry.user == admin_client.user
    assert entry.data["scope"] == "page" and entry.data["file"] == f"eccp-{page.slug}.zip"
    # the history shows it in words
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "ECCP pack exported" in history.content.decode()


def test_downloads_need_post(demo_issue, admin_client):
    page = demo_page(demo_issue, InterviewPage)
    assert admin_client.get(reverse("eccp:page_pack", args=[page.pk])).status_code == 405


def test_a_blocked_page_pack_returns_to_the_view_with_the_reasons(demo_issue, admin_client):
    page = demo_page(demo_issue, EventPage)
    page.registration_url = ""
    page.save_revision().publish()
    view = admin_client.get(reverse("eccp:page", args=[page.pk])).content.decode()
    assert "1 error" in view and "disabled" in view
    response = admin_client.post(reverse("eccp:page_pack", args=[page.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("eccp:page", args=[page.pk])
    assert "The ECCP pack was not created" in response.content.decode()
    assert "Registration URL: The event has no registration link" in response.content.decode()
    assert not PageLogEntry.objects.filter(page=page, action=EXPORT_ACTION).exists()


def test_issue_view_and_pack(demo_issue, admin_client):
    response = admin_client.get(reverse("eccp:issue", args=[demo_issue.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for page in InterviewPage.objects.live():
        assert reverse("eccp:page", args=[page.pk]) in content
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo_issue.pk]))
    assert reverse("eccp:issue", args=[demo_issue.pk]) in edit.content.decode()
    download = admin_client.post(reverse("eccp:issue_pack", args=[demo_issue.pk]))
    assert download.status_code == 200
    archive, index = assert_zip_matches_index(download.content)
    assert index["issue"]["id"] == demo_issue.pk and "index.html" in archive.namelist()
    entry = PageLogEntry.objects.get(page=demo_issue, action=EXPORT_ACTION)
    assert entry.data["scope"] == "issue" and entry.data["items"] == len(index["items"])


def test_user_without_edit_rights_gets_403(demo_issue, django_user_model, client):
    interview = demo_page(demo_issue, InterviewPage)
    event = demo_page(demo_issue, EventPage)
    # may edit interviews only
    client.force_login(editor(django_user_model, "interviews", interview.get_parent()))
    assert client.get(reverse("eccp:page", args=[interview.pk])).status_code == 200
    assert client.post(reverse("eccp:page_pack", args=[interview.pk])).status_code == 200
    assert client.get(reverse("eccp:page", args=[event.pk])).status_code == 403
    assert client.post(reverse("eccp:page_pack", args=[event.pk])).status_code == 403
    assert client.get(reverse("eccp:issue", args=[demo_issue.pk])).status_code == 403
    assert client.post(reverse("eccp:issue_pack", args=[demo_issue.pk])).status_code == 403
    # and no menu item where they cannot use it
    listing = client.get(reverse("wagtailadmin_explore", args=[event.get_parent().pk]))
    assert reverse("eccp:page", args=[event.pk]) not in listing.content.decode()


def test_anonymous_users_are_sent_to_login(demo_issue, client):
    page = demo_page(demo_issue, InterviewPage)
    response = client.get(reverse("eccp:page", args=[page.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_pages_without_eccp_posts_are_404(demo_issue, admin_client, home):
    assert admin_client.get(reverse("eccp:page", args=[home.pk])).status_code == 404
    assert admin_client.get(reverse("eccp:issue", args=[home.pk])).status_code == 404
    assert admin_client.get(reverse("eccp:page", args=[demo_issue.pk])).status_code == 404
    assert admin_client.get(reverse("eccp:page", args=[999999])).status_code == 404


def test_draft_article_view_warns_that_its_link_is_dead(demo_issue, admin_client):
    page = demo_page(demo_issue, GatewayNewsPage)
    page.unpublish()
    content = admin_client.get(reverse("eccp:page", args=[page.pk])).content.decode()
    assert "This page is not published" in content
    issue_view = admin_client.get(reverse("eccp:issue", args=[demo_issue.pk])).content.decode()
    assert "Left out because they are not published" in issue_view
    assert IssuePage.objects.get(pk=demo_issue.pk).live
