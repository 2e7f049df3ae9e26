"""render_issue and send_issue with translated issues: a translation shares its source's
slug, so a slug is looked up in --language (default: the default language), and a slug
missing or ambiguous there is a clear error naming the languages that have it."""

import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cms.issue_lookup import IssueLookupError, default_language_version, find_issue
from cms.models import InterviewPage, IssueIndexPage, IssuePage
from newsletter.campaigns import actions
from newsletter.campaigns.models import Campaign

pytestmark = pytest.mark.django_db
SLUG = "newsletter-january-2017"


def render(*args) -> str:
    out = StringIO()
    call_command("render_issue", *args, stdout=out)
    return out.getvalue()


def test_the_translation_shares_the_slug(demo_issue, french_issue):
    """The premise: without a language, a slug names two issues."""
    assert french_issue.slug == demo_issue.slug == SLUG
    assert IssuePage.objects.filter(slug=SLUG).count() == 2


def test_find_issue_by_slug_per_language(demo_issue, french_issue):
    assert find_issue(SLUG).pk == demo_issue.pk
    assert find_issue(SLUG, "en").pk == demo_issue.pk
    assert find_issue(SLUG, "fr").pk == french_issue.pk
    assert find_issue(SLUG, "FR-ca").pk == french_issue.pk  # a BCP 47 variant of fr
    # an id names one page; with --language, its translation in that language
    assert find_issue(str(french_issue.pk)).pk == french_issue.pk
    assert find_issue(str(demo_issue.pk), "fr").pk == french_issue.pk
    assert default_language_version(french_issue).pk == demo_issue.pk
    assert default_language_version(demo_issue).pk == demo_issue.pk


def test_find_issue_errors_name_what_exists(demo_issue, french_issue):
    with pytest.raises(IssueLookupError) as missing:
        find_issue(SLUG, "de")
    message = str(missing.value)
    assert f"No issue with slug {SLUG!r} in Deutsch (de)" in message
    assert f"en (id {demo_issue.pk}), fr (id {french_issue.pk})" in message
    with pytest.raises(IssueLookupError, match="has no Deutsch \\(de\\) translation. "
                                               "It exists in: en .*, fr "):
        find_issue(str(demo_issue.pk), "de")
    with pytest.raises(IssueLookupError, match="Unknown language 'tlh': use one of en, fr, de"):
        find_issue(SLUG, "tlh")
    with pytest.raises(IssueLookupError, match="No issue with slug 'nope'. Known issues in en: "):
        find_issue("nope")


def test_a_slug_twice_in_one_language_asks_for_the_id(demo_issue, home):
    archive = home.add_child(instance=IssueIndexPage(title="Old archive", slug="old-archive"))
    twin = archive.add_child(instance=IssuePage(title="Another January", slug=SLUG,
                                                subject="Another", issue_date=demo_issue.issue_date))
    with pytest.raises(IssueLookupError) as ambiguous:
        find_issue(SLUG)
    message = str(ambiguous.value)
    assert f"Several issues have the slug {SLUG!r} in en; give the id instead" in message
    assert f"id {demo_issue.pk}: " in message and f"id {twin.pk}: Another January" in message
    assert find_issue(str(twin.pk)).pk == twin.pk


def test_render_issue_renders_the_asked_language(demo_issue, french_issue):
    english = render(SLUG)
    assert '<html lang="en"' in english and "In this issue" in english
    french = render(SLUG, "--language", "fr")
    assert '<html lang="fr"' in french and "Lettre d’information de janvier 2017" in french
    assert render(str(demo_issue.pk), "--language", "fr", "--text") == render(
        str(french_issue.pk), "--text")
    with pytest.raises(CommandError, match=f"No issue with slug '{SLUG}' in Deutsch"):
        render(SLUG, "--language", "de")


def test_send_issue_looks_up_the_language_and_sends_one_campaign_for_all(
        demo_issue, french_issue, settings):
    settings.EMAIL_TRANSPORT = "outbox"
    out, err = StringIO(), StringIO()
    call_command("send_issue", SLUG, "--language", "fr", "--at",
                 "2099-01-20 09:00 Europe/Brussels", stdout=out, stderr=err)
    campaign = Campaign.objects.get(pk=int(out.getvalue()))
    # the campaign hangs on the default language's issue, so "already reached" holds
    assert campaign.issue_id == demo_issue.pk
    assert "is a translation: the campaign is for" in err.getvalue()
    with pytest.raises(CommandError, match="That slug exists in: en .*, fr "):
        call_command("send_issue", SLUG, "--language", "es", stderr=StringIO())
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("send_issue", SLUG, "--language", "xx", stderr=StringIO())


def test_eccp_export_finds_a_translation_by_its_own_slug(french_demo, tmp_path):
    """eccp_export looked slugs up in the default language only: a translation given its
    own slug could not be named. It now looks in --language's locale first."""
    french = InterviewPage.objects.get(slug="jose-freitas-eu-cluster-policy",
                                       locale__language_code="fr")
    french.slug = "entretien-jose-freitas"
    french.save(update_fields=["slug"])
    call_command("eccp_export", "entretien-jose-freitas", "--out", str(tmp_path),
                 "--language", "fr", stdout=StringIO(), stderr=StringIO())
    [path] = list(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(path) as archive:
        post = next(name for name in archive.namelist() if name.endswith("post.json"))
        assert "Entretien avec José Freitas" in archive.read(post).decode()
    with pytest.raises(CommandError, match="No page with slug 'entretien-jose-freitas'"):
        call_command("eccp_export", "entretien-jose-freitas", "--out", str(tmp_path))


def test_campaigns_of_a_translation_go_to_its_default_language_issue(
        demo_issue, french_issue, admin_client):
    """One campaign sends every language, and "already reached" is counted per issue
    page: a campaign made on the French page would mail again everyone the English one
    reached. The French page's campaigns screen leads to the English issue's, and the
    actions refuse a translation outright."""
    response = admin_client.get(reverse("campaigns_admin:issue", args=[french_issue.pk]),
                                follow=True)
    assert response.redirect_chain[-1][0] == reverse("campaigns_admin:issue", args=[demo_issue.pk])
    assert "Campaigns are sent from the English issue" in response.content.decode()
    with pytest.raises(actions.TranslatedIssueError, match="is a translation"):
        actions.create(french_issue)
    assert not Campaign.objects.exists()
