"""Every preview mode of an issue (web, Email, Plain text, ECCP) through Wagtail's own
preview view, for the live demo issue and for a draft issue with unsaved edits."""

import html
import re

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import ActivityNewsPage, InterviewPage, IssueIndexPage, IssuePage
from feeds.eccp.pack import article_items
from tests.support.issue_forms import issue_form_data

pytestmark = pytest.mark.django_db

MODES = ["", "email", "text", "eccp"]


def preview(client, page, data, mode):
    """Post the editor's form to Wagtail's preview view, then open the preview in a mode
    (what the preview panel does)."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    return client.get(url, {"mode": mode})


def body_of(response) -> str:
    text = response.content.decode()
    # the plain-text email writes titles in capitals; the others escape them
    return html.unescape(text)


@pytest.fixture
def draft_issue(demo_issue):
    """A never-published issue choosing the demo issue's sections."""
    issue = IssuePage(title="Newsletter February 2017", slug="newsletter-february-2017",
                      subject="February 2017", preheader="", issue_date=demo_issue.issue_date,
                      sections=demo_issue.sections.get_prep_value(), live=False)
    IssueIndexPage.objects.get().add_child(instance=issue)
    issue.save_revision()
    return issue


def test_issue_pages_have_the_eccp_mode_next_to_the_others(demo_issue):
    modes = dict(demo_issue.preview_modes)
    assert modes["eccp"] == "ECCP" and modes["email"] == "Email" and modes["text"] == "Plain text"
    # the article pages keep their own ECCP mode
    interview = InterviewPage.objects.live().first()
    assert dict(interview.preview_modes)["eccp"] == "ECCP"


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_of_the_demo_issue_renders(admin_client, demo_issue, mode):
    response = preview(admin_client, demo_issue, issue_form_data(demo_issue), mode)
    assert response.status_code == 200
    text = body_of(response)
    first = article_items(demo_issue.as_issue())[0]
    assert first.title.upper() in text.upper()
    if mode == "eccp":
        assert "ECCP posts: Newsletter January 2017" in text
    elif mode == "text":
        assert "NEWSLETTER JANUARY 2017" in text
    else:
        assert "Newsletter January 2017" in text


def test_the_eccp_preview_shows_one_post_per_article_with_its_messages(admin_client,
                                                                        demo_issue):
    response = preview(admin_client, demo_issue, issue_form_data(demo_issue), "eccp")
    content = response.content.decode()
    items = article_items(demo_issue.as_issue())
    assert len(items) >= 5
    assert content.count('class="eccp-issue-post"') == len(items)
    assert f"{len(items)} posts" in content
    shown = [html.unescape(t) for t in re.findall(r'<h2>\d+\. (.*?) <span', content)]
    assert shown == [item.title for item in items]  # reading order
    for item in items:
        assert f'data-eccp-item="{item.id}"' in content
    # every post through eccp/_post.html: fields, copy buttons and the summary line
    assert content.count('data-eccp-field="canonical_url"') == len(items)
    assert content.count("data-eccp-summary") == len(items)
    # several posts on one page: the copy buttons' targets stay unique
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'data-eccp-(?:copy|plain|rendered)="([^"]+)"', content):
        assert target in ids, target
    assert "navigator.clipboard" in content and "<script src" not in content


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_of_a_draft_issue_shows_the_unsaved_edits(admin_client, draft_issue,
                                                             mode):
    kept = [s for s in draft_issue.sections if s.block_type != "interview"]
    data = issue_form_data(draft_issue, sections=kept, title="Unsaved February title",
                           subject="Unsaved subject")
    response = preview(admin_client, draft_issue, data, mode)
    assert response.status_code == 200
    text = body_of(response)
    assert "UNSAVED FEBRUARY TITLE" in text.upper()
    interview = InterviewPage.objects.live().filter(
        pk__in=[i.pk for s in draft_issue.sections if s.block_type == "interview"
                for i in s.value["items"]]).get()
    assert interview.title.upper() not in text.upper()
    draft_issue.refresh_from_db()
    assert draft_issue.title == "Newsletter February 2017"  # nothing was saved


def test_the_eccp_preview_names_chosen_drafts_and_shows_errors(admin_client, draft_issue):
    parent = ActivityNewsPage.objects.live().first().get_parent()
    draft = ActivityNewsPage(title="Unpublished activity", slug="unpublished-activity",
                             summary="Soon.", live=False)
    parent.add_child(instance=draft)
    sections = list(draft_issue.sections)
    activities = next(s for s in sections if s.block_type == "activities")
    activities.value["items"].append(Page.objects.get(pk=draft.pk).specific)
    data = issue_form_data(draft_issue, sections=sections)
    content = html.unescape(preview(admin_client, draft_issue, data, "eccp").content.decode())
    assert "Left out because they are not published: “Unpublished activity”" in content
    assert 'data-eccp-item="' in content and "Unpublished activity</" not in content


def test_an_issue_without_articles_says_so(admin_client, draft_issue):
    data = issue_form_data(draft_issue, sections=[])
    content = preview(admin_client, draft_issue, data, "eccp").content.decode()
    assert "This issue holds no published articles" in content and "0 posts" in content


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_previews_an_issue_that_was_never_saved(admin_client, demo_issue, mode):
    """The preview panel of the "add page" form: the issue exists only in the editor."""
    parent = IssueIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["cms", "issuepage", parent.pk])
    data = issue_form_data(demo_issue, title="Never saved issue", slug="never-saved-issue")
    posted = admin_client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    response = admin_client.get(url, {"mode": mode})
    assert response.status_code == 200
    text = body_of(response)
    assert "NEVER SAVED ISSUE" in text.upper()
    assert article_items(demo_issue.as_issue())[-1].title.upper() in text.upper()
    assert not IssuePage.objects.filter(slug="never-saved-issue").exists()
