"""The demo's French translation, made the way an editor makes one: through
wagtail-localize. Each English object becomes a translation source; its extracted
strings get their French translations (as a translator's PO file would give them); the
translation is then saved and published, and stays synchronised with its source.

The French strings come from ``content_fr``, paired with the English ones that the
saved English objects hold, field by field and paragraph by paragraph.
"""

from __future__ import annotations

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

from . import content, content_fr


class Memory(dict):
    """English string (as wagtail-localize extracts it) -> French string."""

    def text(self, english: str, french: str) -> None:
        if english and french:
            self[StringValue.from_plaintext(english).data] = StringValue.from_plaintext(french).data

    def html(self, english: str, french: str) -> None:
        english_strings = [value.data for value, _attrs in extract_strings(english or "")[1]]
        french_strings = [value.data for value, _attrs in extract_strings(french or "")[1]]
        if len(english_strings) != len(french_strings):
            raise ValueError(f"The French text has {len(french_strings)} paragraphs where the "
                             f"English has {len(english_strings)}: {english[:60]!r}")
        self.update(zip(english_strings, french_strings, strict=True))

    def body(self, english_blocks, french_blocks) -> None:
        """Pair a StreamField body (its raw data) with content_fr's body items."""
        if len(english_blocks) != len(french_blocks):
            raise ValueError("The French body has a different number of blocks.")
        for block, french in zip(english_blocks, french_blocks, strict=True):
            value = block["value"]
            if french[0] == "qa":
                self.text(value["question"], french[1])
                self.html(value["answer"], french[2])
            elif french[0] == "p":
                self.html(value, french[1])
            elif french[0] == "image":
                self.text(value.get("caption", ""), french[2])

    def fields(self, instance, french: dict, names) -> None:
        for name in names:
            if name in french:
                self.text(getattr(instance, name), french[name])


def translate(instance, locale: Locale, memory: Memory):
    """Submit ``instance`` for translation into ``locale``, fill in the French strings
    that ``memory`` knows, and save (publish) the translation. Strings it does not know
    stay in English (wagtail-localize shows them as untranslated). Returns (the
    translation, whether it was new)."""
    existed = instance.get_translation_or_none(locale) is not None
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        french = memory.get(segment.string.data)
        if french:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string, locale=locale, context=segment.context,
                defaults={"data": french,
                          "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                          "tool_name": "clusterpost demo"})
    Translation.objects.update_or_create(source=source, target_locale=locale,
                                         defaults={"enabled": True})
    is_page = isinstance(instance, Page)
    # As Translation.save_target does, except that a page is published here and now:
    # save_target publishes on commit, from a copy whose tree fields are stale by then.
    source.create_or_update_translation(locale, publish=not is_page, copy_parent_pages=True,
                                        fallback=True)
    translated = instance.get_translation(locale)
    if is_page:
        translated = translated.specific
        translated.latest_revision.publish()
        # Published when the English page was (the demo's dates), not today.
        Page.objects.filter(pk=translated.pk).update(
            first_published_at=instance.first_published_at,
            last_published_at=instance.last_published_at)
        translated = type(translated).objects.get(pk=translated.pk)  # as published
    return translated, not existed


def translate_demo(*, partnership, home, indexes: dict, pages: dict, issue, count) -> dict:
    """Translate the demo into French; returns the translated objects by name.
    ``count(created)`` is called once per translated object."""
    locale, _created = Locale.objects.get_or_create(language_code=content_fr.LANGUAGE)
    memory = Memory()
    fr = content_fr

    memory.fields(partnership, fr.PARTNERSHIP, ("tagline", "funding_disclaimer",
                                                "welcome_subject"))
    memory.html(partnership.about, fr.PARTNERSHIP["about"])
    memory.html(partnership.welcome_text, fr.PARTNERSHIP["welcome_text"])
    for link, (label, _url) in zip(partnership.social_links.raw_data,
                                   fr.PARTNERSHIP["social_links"], strict=True):
        memory.text(link["value"]["label"], label)
    memory.html(home.intro, fr.HOME_INTRO)
    for slug, (title, intro) in fr.INDEXES.items():
        memory.text(indexes[slug].title, title)
        memory.html(indexes[slug].intro, intro)

    interview = pages[f"interviews/{content.INTERVIEW['slug']}"]
    story = pages[f"success-stories/{fr.SUCCESS_STORY['slug']}"]
    gateway = pages[f"gateways/{fr.GATEWAY_NEWS['slug']}"]
    memory.fields(interview, fr.INTERVIEW, ("title", "summary", "interviewee_role",
                                            "interviewee_organisation"))
    memory.body(interview.body.raw_data, fr.INTERVIEW["body"])
    memory.fields(story, fr.SUCCESS_STORY, ("city", "sector", "summary", "outcome",
                                            "quote_text", "quote_role"))
    memory.body(story.body.raw_data, fr.SUCCESS_STORY["body"])
    memory.fields(gateway, fr.GATEWAY_NEWS, ("title", "agreement_kind", "summary"))
    memory.body(gateway.body.raw_data, fr.GATEWAY_NEWS["body"])

    memory.fields(issue, fr.ISSUE, ("title", "subject", "preheader"))
    memory.html(issue.intro, fr.ISSUE["intro"])
    for block, (title, intro) in zip(issue.sections.raw_data, fr.ISSUE["sections"], strict=True):
        memory.text(block["value"]["title"], title)
        memory.html(block["value"].get("intro", ""), intro)

    # Parents before children: a translated page goes under its parent's translation.
    sources = {"partnership": partnership, "home": home,
               **{slug: indexes[slug] for slug in fr.INDEXES},
               "interview": interview, "story": story, "gateway": gateway, "issue": issue}
    translated = {}
    for name, instance in sources.items():
        translated[name], created = translate(instance, locale, memory)
        count(created)
    return translated
