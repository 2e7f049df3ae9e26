"""The public site's chrome in French: every page type of the demo, rendered in English and
in French, shows each chrome message of the public templates in its page's language.

The chrome messages are read from the templates themselves (as makemessages reads them),
so a message added to a template is checked without touching this test."""

import ast
import html
import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.translation.template import templatize
from wagtail.models import Locale

from cms.models import (
    ActivityNewsIndexPage,
    ActivityNewsPage,
    EventIndexPage,
    EventPage,
    GatewayNewsPage,
    HomePage,
    InterviewIndexPage,
    InterviewPage,
    IssueIndexPage,
    IssuePage,
    SuccessStoryPage,
)

from .conftest import LOCALE_DIR

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PUBLIC_TEMPLATES = sorted(
    [*TEMPLATES.glob("cms/*.html"), *TEMPLATES.glob("cms/includes/*.html"),
     *TEMPLATES.glob("cms/blocks/*.html"), TEMPLATES / "base.html",
     *TEMPLATES.glob("feeds/*.html"), *TEMPLATES.glob("i18n/*.html")])
# A gettext call in templatize()'s output: gettext('…'), pgettext('ctx', '…'), ngettext(…).
CALL = re.compile(r"\b(n?p?gettext|_)\((u?'(?:\\.|[^'\\])*'(?:\s*,\s*u?'(?:\\.|[^'\\])*')*)")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Shown only on an empty listing or home page; the demo has something everywhere.
EMPTY_STATES = {"No upcoming events right now.", "No articles yet.",
                "No issue has been published yet.", "Nothing published here yet.",
                "Recent events"}


def template_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message in the public site's templates."""
    messages = set()
    for path in PUBLIC_TEMPLATES:
        for function, arguments in CALL.findall(templatize(path.read_text(), origin=str(path))):
            values = ast.literal_eval(f"({arguments},)")
            context = values[0] if function in ("pgettext", "npgettext") else None
            messages.add((context, values[1] if context is not None else values[0]))
    return messages


def event_kinds() -> set[tuple[None, str]]:
    """The event kinds readers see as labels (marked in Python, not in a template)."""
    return {(None, label) for _value, label in EventPage.KIND_CHOICES}


def french_catalogue() -> dict[tuple[str | None, str], str]:
    """{(context, msgid): French text} from the French .po file (the plural form for a
    plural message: the demo's paginator shows several pages)."""
    entries = polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt, entry.msgid): entry.msgstr_plural.get(1, "") if entry.msgid_plural
            else entry.msgstr for entry in entries}


def pattern(message: str) -> re.Pattern:
    """A message as the chrome renders it: its placeholders filled with text, the whole
    of a text node or attribute value, or of an eyebrow's part ("Webinar · Online"), so
    that the same words inside an article are not taken for chrome."""
    pieces = PLACEHOLDER.split(html.unescape(message))  # compared with unescaped pages
    return re.compile(r"(?:(?<=[>\"])\s*|(?<=· ))" + "[^<>]+?".join(map(re.escape, pieces))
                      + r"(?=\s*[<\"]|\s·)")


def without_other_languages(page_html: str, language: str) -> str:
    """The page without its elements marked in another language (articles that fall back to
    English in a translated issue, the language switcher's other names)."""
    element = re.compile(r'<(\w+)\b[^>]*\slang="(?!' + language + r'")[^"]*"[^>]*>.*?</\1>', re.S)
    return element.sub("", page_html)


def render(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


@pytest.fixture
def french_site(french_demo, monkeypatch):
    """The French demo with French events, an activity news and a gateway activity too;
    one event (in both languages) is upcoming; the events list shows two past events a page."""
    french = Locale.objects.get(language_code="fr")
    soon = timezone.localdate() + timedelta(days=30)
    upcoming = EventPage.objects.get(
        slug="canada-europe-cluster-matchmaking-bio-europe-spring-2017", locale__language_code="en")
    upcoming.start_date, upcoming.end_date = soon, soon + timedelta(days=2)
    upcoming.save_revision().publish()
    for model, title in [(EventIndexPage, "Événements"),
                         (ActivityNewsIndexPage, "Actualités de nos activités")]:
        index = model.objects.get(locale__language_code="en").copy_for_translation(french)
        index.title = title
        index.save_revision().publish()
    pages = {}
    for model, slug in [
        (EventPage, "canada-europe-cluster-matchmaking-bio-europe-spring-2017"),
        (EventPage, "toronto-health-innovation-week-2017"),
        (EventPage, "clinical-trials-webinar-south-australia-2017"),
        (EventPage, "trade-mission-japan-osaka-biojapan-2016"),
        (ActivityNewsPage, "eu-japan-cluster-matchmaking-bio-europe-2016"),
        (GatewayNewsPage, "clinical-trials-webinar-south-australia"),
    ]:
        english = model.objects.get(slug=slug, locale__language_code="en")
        copy = english.copy_for_translation(french, copy_parents=True)
        copy.save_revision().publish()
        pages[slug] = english
    monkeypatch.setattr(EventIndexPage, "per_page", 2)
    return pages


def page_pairs(french_site) -> dict[str, tuple[str, str]]:
    """Every public page type: {name: (English URL, French URL)}."""
    def pair(model, **lookup):
        english = model.objects.get(locale__language_code="en", **lookup)
        return english.url, english.get_translation(Locale.objects.get(language_code="fr")).url

    pairs = {
        "home": pair(HomePage),
        "issue index": pair(IssueIndexPage),
        "issue": pair(IssuePage, slug="newsletter-january-2017"),
        "listing": pair(InterviewIndexPage),
        "interview": pair(InterviewPage),
        "success story": pair(SuccessStoryPage, slug="mind-the-byte"),
        "gateway agreement": pair(GatewayNewsPage, slug="mou-signed-with-adelaide"),
        "gateway activity": pair(GatewayNewsPage, slug="clinical-trials-webinar-south-australia"),
        "activity news": pair(ActivityNewsPage, slug="eu-japan-cluster-matchmaking-bio-europe-2016"),
        "upcoming event": pair(EventPage,
                               slug="canada-europe-cluster-matchmaking-bio-europe-spring-2017"),
        "past event": pair(EventPage, slug="toronto-health-innovation-week-2017"),
        "event index": pair(EventIndexPage),
        "feeds": ("/feeds/", "/fr/feeds/"),
    }
    english, french = pairs["event index"]
    pairs["event index, page 2"] = (english + "?page=2", french + "?page=2")
    return pairs


def test_every_chrome_message_is_in_the_language_of_its_page(client, french_site):
    messages = template_messages() | event_kinds()
    assert len(messages) > 40
    catalogue = french_catalogue()
    missing = sorted(msgid for key in messages if not catalogue.get(key) for _c, msgid in [key])
    assert missing == []
    # Every message of the catalogue, too: a string a template shows as plain English
    # while the catalogue still holds it is caught.
    pairs = [(msgid, catalogue[key]) for key in messages | set(catalogue)
             for _context, msgid in [key]
             if key in messages or (msgid and not PLACEHOLDER.search(msgid))]
    seen, seen_in_french = set(), set()
    for name, (english_url, french_url) in page_pairs(french_site).items():
        assert french_url.startswith("/fr/"), name
        english = render(client, english_url)
        french = without_other_languages(render(client, french_url), "fr")
        for msgid, french_text in pairs:
            if pattern(msgid).search(english):
                seen.add(msgid)
            if pattern(french_text).search(french):
                seen_in_french.add(msgid)
            if french_text != msgid:  # "Pages" is French too
                assert not pattern(msgid).search(french), (name, msgid)
    # Each message of the templates shows on some page, but for the empty states, and
    # what the English pages show, the French pages show in French.
    assert {msgid for _context, msgid in template_messages()} - seen == EMPTY_STATES
    kinds = dict(EventPage.KIND_CHOICES)
    assert {kinds[kind] for kind in EventPage.objects.values_list("event_kind", flat=True)} <= seen
    assert seen - seen_in_french == set()


@pytest.mark.parametrize(("name", "words"), [
    ("home", ["Dernière lettre d’information", "Lire le numéro", "Tous les numéros",
              "Derniers articles", "Événements à venir", "Aller au contenu"]),
    ("issue index", ["janvier 2017"]),
    ("issue", ["Dans ce numéro", "janvier 2017", "Clusters membres"]),
    ("interview", ['aria-label="Personne interviewée"', "Entretien"]),
    ("success story", ["<dt>Entreprise</dt>", "<dt>Siège</dt>", "<dt>Secteur</dt>",
                       "Résultat :", "Cette réussite est née de <a href="]),
    ("gateway agreement", ['aria-label="Accord"', "<dt>Passerelle</dt>", "<dt>Accord</dt>"]),
    ("gateway activity", ["Détails de l’événement", "Événement passé", "Webinaire"]),
    ("activity news", ['aria-label="Détails de l’événement"', "Rendez-vous d’affaires"]),
    ("upcoming event", ["À venir", "Quand", "Ajouter à l’agenda"]),
    ("past event", ["Événement passé"]),
    ("event index", ["Événements à venir", "Événements passés", 'aria-label="Pages"',
                     "Page 1 sur 2", "Plus anciens →"]),
    ("event index, page 2", ["Page 2 sur 2", "← Plus récents"]),
    ("feeds", ["<h1>Flux</h1>", "Tous les articles (RSS)"]),
])
def test_french_pages_show_french_chrome(client, french_site, name, words):
    french = render(client, page_pairs(french_site)[name][1])
    assert '<html lang="fr">' in french
    for word in words:
        assert word in french, (name, word)


def test_english_pages_still_show_english_chrome(client, french_site):
    pairs = page_pairs(french_site)
    english = {name: render(client, urls[0]) for name, urls in pairs.items()}
    assert all('<html lang="en">' in body for body in english.values())
    assert "Read the issue" in english["home"] and "Upcoming events" in english["home"]
    assert "<dt>Based in</dt>" in english["success story"]
    assert "This success came from <a href=" in english["success story"]
    assert "Page 1 of " in english["event index"] and "← Newer" in english["event index, page 2"]
    assert "January 2017" in english["issue"] and "Matchmaking event" in english["activity news"]
    assert "Upcoming" in english["upcoming event"] and "Past event" in english["past event"]
