"""The editors' admin in their own language: clusterpost's admin screens (campaigns,
ECCP export, send test, subscribers, the issue's checks, SES reports) rendered for an editor whose preferred admin
language is English and for one whose preferred language is French.

The messages checked are read from each screen's templates and Python modules (as
makemessages reads them) and their French text from the French catalogue: whatever the
English screen shows of them, the French screen shows in French and never in English. A
message added to one of these templates or modules is checked without touching this test."""

import ast
import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation.template import templatize
from wagtail.admin.localization import get_available_admin_languages
from wagtail.users.models import UserProfile

from cms.models import InterviewPage
from feeds.eccp.post import POST_TYPES
from feeds.eccp.validation import FIELDS
from newsletter.campaigns.models import Campaign, CampaignState
from newsletter.subscribers.models import ConsentEvent, Subscriber

from .conftest import LOCALE_DIR
from .test_site_chrome import CALL, PLACEHOLDER, pattern

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
TEMPLATES = BASE / "templates"
CAMPAIGN_TEMPLATES = BASE / "newsletter" / "campaigns" / "templates" / "campaigns"
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
WORD = re.compile(r"\w")
IDENTIFIER = re.compile(r"[a-z_]+$")
# The ECCP platform's own names of its post types and form fields ("Event", "Language"):
# the post view labels each field with the name the ECCP's (English) form gives it.
ECCP_FORM_WORDS = set(POST_TYPES.values()) | set(FIELDS.values())
GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
                     "pgettext_lazy"}


def template_messages(path: Path) -> set[tuple[str, ...]]:
    """The English forms of every message in a template (one form, or singular and plural)."""
    found = set()
    for function, arguments in CALL.findall(templatize(path.read_text(), origin=str(path))):
        values = ast.literal_eval(f"({arguments},)")
        if function in ("pgettext", "npgettext"):
            values = values[1:]
        found.add(values[:2] if function.startswith(("ngettext", "npgettext")) else values[:1])
    return found


def python_messages(path: Path) -> set[tuple[str, ...]]:
    """The English forms of every gettext call with literal text in a Python module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or getattr(node.func, "id", None) not in GETTEXT_FUNCTIONS:
            continue
        texts = [arg.value for arg in node.args
                 if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if node.func.id.startswith("pgettext"):
            texts = texts[1:]
        found.add(tuple(texts[:2] if node.func.id.startswith("ngettext") else texts[:1]))
    return found


def french_forms() -> dict[str, tuple[str, ...]]:
    """{English form: its French forms} from the French catalogue (for a plural message,
    each English form maps to both French forms: French counts 0 as singular)."""
    forms = {}
    for entry in polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po")):
        if entry.msgid_plural:
            both = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            forms[entry.msgid] = forms[entry.msgid_plural] = both
        else:
            forms[entry.msgid] = (entry.msgstr,)
    return forms


# name: (templates, Python modules, English messages each screen must show in French)
SCREENS = {
    "campaigns": ([CAMPAIGN_TEMPLATES / "issue_campaigns.html"],
                  ["newsletter/campaigns/forms.py", "newsletter/campaigns/models.py",
                   "newsletter/subscribers/topics.py"],
                  {"New campaign", "Continue", "Campaigns of this issue", "Back to the issue",
                   "Topics", "Send now", "Schedule", "State", "Audience", "Paused", "Events",
                   "Interviews"}),
    "campaign confirmation": ([CAMPAIGN_TEMPLATES / "issue_campaigns.html"], [],
                              {"Confirm", "Yes, send it now", "No, go back", "They get"}),
    "campaign detail": ([CAMPAIGN_TEMPLATES / "campaign_detail.html"],
                        ["newsletter/campaigns/models.py", "newsletter/campaigns/progress.py"],
                        {"Progress", "Sent", "Remaining", "Time left", "Resume",
                         "Cancel campaign", "State:", "Paused"}),
    "ECCP posts of the issue": ([TEMPLATES / "eccp/admin_issue.html"],
                                ["feeds/eccp/views.py", "feeds/eccp/sources.py"],
                                {"ECCP posts", "Download ECCP pack for the issue", "Article",
                                 "ECCP type", "Errors", "Warnings"}),
    "ECCP post": ([TEMPLATES / "eccp/admin_page.html", TEMPLATES / "eccp/_post.html",
                   TEMPLATES / "eccp/_copy_script.html"],
                  ["feeds/eccp/views.py", "feeds/eccp/sources.py"],
                  {"Download ECCP pack", "Edit page", "Copy", "Copy HTML", "Copy formatted",
                   "Copied", "Ready for the ECCP"}),
    "send test": ([TEMPLATES / "newsletter/admin/send_test.html"], ["newsletter/send_test.py"],
                  {"Send test", "Cancel", "Send a test to",
                   "%(counter)s test message left for now."}),
    "test link": ([TEMPLATES / "newsletter/admin/test_link.html"], [],
                  {"This was a test email"}),
    "subscribers": ([TEMPLATES / "subscribers/admin/index.html"],
                    ["newsletter/subscribers/admin_views.py", "newsletter/subscribers/models.py"],
                    {"Subscribers", "Import CSV", "Export CSV", "Email", "Organisation",
                     "Status", "Since", "Confirmed", "Pending confirmation",
                     "%(counter)s subscriber:"}),
    "subscriber": ([TEMPLATES / "subscribers/admin/inspect.html"],
                   ["newsletter/subscribers/admin_views.py", "newsletter/subscribers/models.py"],
                   {"Consent history", "Suppression list", "Not on the suppression list.",
                    "Source", "Subscribe form", "Confirmed (double opt-in)"}),
    "subscriber import": ([TEMPLATES / "subscribers/admin/import.html"],
                          ["newsletter/subscribers/admin_views.py"],
                          {"Import subscribers", "Upload and check", "CSV file (UTF-8)",
                           "Skip bad rows", "Dry run"}),
    "erasure": ([TEMPLATES / "subscribers/admin/erase.html"],
                ["newsletter/subscribers/admin_views.py"],
                {"Erase personal data"}),
    "issue editor": ([TEMPLATES / "cms/admin/issue_checks_panel.html"],
                     ["cms/publishing_checks.py", "cms/models/issue.py",
                      "newsletter/wagtail_hooks.py", "newsletter/campaigns/wagtail_hooks.py",
                      "feeds/wagtail_hooks.py", "newsletter/preview.py"],
                     {"Before you send", "Send test", "Send / campaigns", "ECCP posts",
                      "Plain text",
                      "No problems found: every upcoming event is still ahead of the issue "
                      "date and every chosen page is published. (Checked on the last saved "
                      "version.)"}),
    "SES events": ([TEMPLATES / "sesevents/report_index.html", TEMPLATES / "sesevents/_health.html"],
                   ["newsletter/sesevents/admin_views.py"], {"SES events", "Event intake"}),
    "SES report": ([TEMPLATES / "sesevents/campaign_report.html"],
                   ["newsletter/sesevents/admin_views.py"],
                   {"Sending reputation", "Recipients", "Delivered", "Nothing sent yet",
                    "Rate", "This campaign", "not tracked"}),
}


def screen_messages(templates, modules) -> set[tuple[str, ...]]:
    return set().union(*(template_messages(path) for path in templates),
                       *(python_messages(BASE / module) for module in modules))


def all_template_messages() -> set[tuple[str, ...]]:
    """The messages of every screen's templates (the screens' chrome; the Python modules'
    labels, such as topic names, are also the titles of pages and sections)."""
    return set().union(*(template_messages(path) for templates, _modules, _words
                         in SCREENS.values() for path in templates))


def editor_in(django_user_model, language: str):
    user = django_user_model.objects.create_superuser(
        f"editor-{language}", f"editor-{language}@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def admin_data(demo_issue):
    """Subscribers to send to, a paused campaign, an article: what the screens show."""
    reader = Subscriber.objects.create(email="reader@example.org", status="confirmed",
                                       topics=["event"], consented_at=timezone.now())
    ConsentEvent.objects.create(subscriber=reader, action=ConsentEvent.Action.CONFIRMED,
                                source=ConsentEvent.Source.FORM)
    Subscriber.objects.create(email="waiting@example.org", topics=["event"])
    campaign = Campaign.objects.create(issue=demo_issue, state=CampaignState.PAUSED,
                                       topics=["event"], pause_reason="Paused for the test.")
    article = InterviewPage.objects.live().first()
    return {"issue": demo_issue, "campaign": campaign, "article": article, "reader": reader}


def screen_request(name: str, data: dict) -> tuple[str, str, dict | None]:
    """(method, url, POST data) of a screen."""
    issue, campaign, reader = data["issue"], data["campaign"], data["reader"]
    return {
        "campaigns": ("get", reverse("campaigns_admin:issue", args=[issue.pk]), None),
        "campaign confirmation": ("post", reverse("campaigns_admin:issue", args=[issue.pk]),
                                  {"when": "now", "topics": ["event"]}),
        "campaign detail": ("get", reverse("campaigns_admin:detail", args=[campaign.pk]), None),
        "ECCP posts of the issue": ("get", reverse("eccp:issue", args=[issue.pk]), None),
        "ECCP post": ("get", reverse("eccp:page", args=[data["article"].pk]), None),
        "send test": ("get", reverse("newsletter_send_test", args=[issue.pk]), None),
        "test link": ("get", reverse("newsletter_test_link", args=["unsubscribe"]), None),
        "subscribers": ("get", reverse("subscribers:index"), None),
        "subscriber": ("get", reverse("subscribers:inspect", args=[reader.pk]), None),
        "subscriber import": ("get", reverse("subscribers_admin:import"), None),
        "erasure": ("get", reverse("subscribers_admin:erase", args=[reader.pk]), None),
        "issue editor": ("get", reverse("wagtailadmin_pages:edit", args=[issue.pk]), None),
        "SES events": ("get", reverse("sesevents_report_index"), None),
        "SES report": ("get", reverse("sesevents_campaign_report", args=[campaign.pk]), None),
    }[name]


def render_for(client, user, name: str, data: dict) -> str:
    client.force_login(user)
    method, url, post = screen_request(name, data)
    response = client.post(url, post) if method == "post" else client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    # Wagtail's menu is JSON in the page, with "\u00e9" for "é".
    return JSON_ESCAPE.sub(lambda match: chr(int(match[1], 16)),
                           html.unescape(response.content.decode()))


def test_editors_choose_among_the_partnership_languages():
    assert [code for code, _name in get_available_admin_languages()] == [
        code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("name", SCREENS)
def test_an_admin_screen_is_in_the_editors_language(name, client, django_user_model, admin_data):
    templates, modules, must_show = SCREENS[name]
    messages = screen_messages(templates, modules)
    french = french_forms()
    assert [forms for forms in messages if not all(french.get(form) for form in forms)] == []
    english_page = render_for(client, editor_in(django_user_model, "en"), name, admin_data)
    french_page = render_for(client, editor_in(django_user_model, "fr"), name, admin_data)
    assert '<html lang="fr"' in french_page
    shown = set()
    for forms in messages:
        if not any(WORD.search(PLACEHOLDER.sub("", form)) for form in forms):
            continue  # "%(view)s: %(page)s": nothing but placeholders to look for
        if IDENTIFIER.match(forms[0]):
            continue  # a verbose name such as "status" is also a form field's name="status"
        if not any(pattern(form).search(english_page) for form in forms):
            continue  # not on this screen (another state, another branch of the template)
        shown.update(forms)
        assert any(pattern(text).search(french_page) for text in french[forms[0]]), (
            name, forms, french[forms[0]])
        for form in forms:
            if form not in french[form]:  # "Article" is French too
                assert not pattern(form).search(french_page), (name, form)
    assert must_show - shown == set()
    # Any message of the other screens' templates this one shows: a string a template
    # shows as plain English while another screen translates it is caught too.
    for form in {form for forms in all_template_messages() for form in forms} - shown:
        if (form not in french[form] and not PLACEHOLDER.search(form)
                and not IDENTIFIER.match(form) and form not in ECCP_FORM_WORDS
                and pattern(form).search(english_page)):
            assert not pattern(form).search(french_page), (name, form)


def test_the_subscriber_list_is_not_shown_in_english_to_a_french_editor(client,
                                                                           django_user_model,
                                                                           admin_data):
    """Wagtail's own chrome and ours agree: the listing's header is French."""
    page = render_for(client, editor_in(django_user_model, "fr"), "subscribers", admin_data)
    assert french_forms()["Subscribers"][0] in page
    assert "Import CSV" not in page and "Export CSV" not in page


@pytest.mark.parametrize(("language", "action"), [
    ("fr", "nobody"), ("fr", "resume"), ("fr", "pause"),
    ("en", "nobody"), ("en", "resume"), ("en", "pause")])
def test_a_message_after_an_action_is_in_the_editors_language(language, action, client,
                                                              django_user_model, demo_issue):
    """The error flashed after sending to nobody, after resuming a cancelled campaign (whose
    state label is itself translated inside the message), and the success of a pause."""
    client.force_login(editor_in(django_user_model, language))
    if action == "nobody":
        response = client.post(reverse("campaigns_admin:issue", args=[demo_issue.pk]),
                               {"when": "now", "confirm": "1"}, follow=True)
        english = ("Nobody to send to: no confirmed subscriber matches (or the issue already "
                   "reached them all).")
        expected = english if language == "en" else french_forms()[english][0]
    elif action == "pause":
        campaign = Campaign.objects.create(issue=demo_issue, state=CampaignState.SENDING)
        response = client.post(reverse("campaigns_admin:action", args=[campaign.pk, "pause"]),
                               follow=True)
        english = "Campaign paused. Messages already handed to SES are settled."
        expected = english if language == "en" else french_forms()[english][0]
        campaign.refresh_from_db()
        assert campaign.state == CampaignState.PAUSED
    else:
        campaign = Campaign.objects.create(issue=demo_issue, state=CampaignState.CANCELLED)
        response = client.post(reverse("campaigns_admin:action", args=[campaign.pk, "resume"]),
                               follow=True)
        english = "A campaign in the state “%(state)s” cannot resume."
        if language == "en":
            expected = english % {"state": "Cancelled"}
        else:
            expected = french_forms()[english][0] % {"state": french_forms()["Cancelled"][0]}
    assert not Campaign.objects.filter(state=CampaignState.SENDING).exists()
    page = html.unescape(response.content.decode())
    assert expected in page
    if language == "fr":
        assert english.split("“")[0].split(":")[0] not in page


def test_every_screen_template_is_checked():
    """Each admin template of these apps belongs to a screen above, but for those shown
    only in states the screens do not reach (an import job's progress page)."""
    checked = {path for templates, _modules, _words in SCREENS.values() for path in templates}
    admin_templates = {*CAMPAIGN_TEMPLATES.glob("*.html"), *TEMPLATES.glob("eccp/admin_*.html"),
                       *TEMPLATES.glob("newsletter/admin/*.html"),
                       *TEMPLATES.glob("subscribers/admin/*.html")}
    unchecked = {path.relative_to(TEMPLATES).as_posix() for path in admin_templates - checked}
    assert unchecked == {"subscribers/admin/import_job.html",
                         "newsletter/admin/welcome_preview_empty.html"}
