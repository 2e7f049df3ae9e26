"""The welcome email's content as plain data (``cms.items.Welcome``): the partnership
settings' welcome subject and text in a subscriber's language, and the latest published
issue, in that language where it is translated. newsletter.rendering.welcome renders it;
newsletter.subscribers.welcome sends it."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from . import languages
from .items import Welcome
from .links import page_url
from .models import IssuePage, PartnershipSettings
from .plaintext import html_to_text
from .richtext import richtext_html


def is_enabled() -> bool:
    """The editor's switch ("Send a welcome email"), one for every language."""
    settings_row = PartnershipSettings.for_default_site()
    return bool(settings_row and settings_row.welcome_enabled)


def latest_issue(language: str) -> IssuePage | None:
    """The newest live, public issue of the default language, as its live translation
    in ``language`` where there is one."""
    issue = (IssuePage.objects.live().public()
             .filter(locale__language_code=languages.default())
             .order_by("-issue_date", "-pk").first())
    if issue is None:
        return None
    locale = languages.locale_for(language)
    if locale is not None and locale.pk != issue.locale_id:
        translated = issue.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return translated.specific
    return issue


def welcome_in(language: str) -> Welcome | None:
    """The welcome email in ``language`` (the settings' translation, or the default
    language's where there is none or its text is empty), whether or not it is switched
    on. None when there is no welcome text at all."""
    default = PartnershipSettings.for_default_site()
    if default is None:
        return None
    # A language whose settings have no translation, or a translation without welcome
    # text (made before the text was written, not yet synchronised), gets the default
    # language's email.
    translated = PartnershipSettings.for_site_in(default.site, languages.locale_for(language))
    for row in dict.fromkeys((translated, default)):
        body_html = richtext_html(row.welcome_text)
        if html_to_text(body_html).strip():
            break
    else:
        return None
    language = languages.primary_subtag(row.locale.language_code)
    with translation.override(language):
        subject = row.welcome_subject.strip() or gettext("Welcome to %(name)s") % {
            "name": row.name}
        issue = latest_issue(language)
        issue_url = page_url(issue) if issue is not None else ""
    return Welcome(
        subject=" ".join(subject.split()),
        body_html=body_html,
        partnership=row.as_partnership(),
        language=language,
        latest_issue_title=issue.title if issue is not None and issue_url else "",
        latest_issue_url=issue_url,
    )
