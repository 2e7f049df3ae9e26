"""``{% language_links as links %}``: the current page in every language it exists in,
for the language switcher and the hreflang alternates (cms.language_links);
``{% fallback_note item.language issue.language %}``: "(in English)" where an item
falls back to another language."""

from django import template

from cms import language_links as links_module
from cms import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    return links_module.language_links(context.get("page"),
                                       request.path if request is not None else None)


@register.filter
def default_language_url(links) -> str:
    return links_module.default_language_url(links)


@register.simple_tag
def fallback_note(item_language: str, page_language: str) -> str:
    """"(in English)" when an item's language is not the page's; else nothing."""
    if languages.primary_subtag(item_language) == languages.primary_subtag(page_language):
        return ""
    return languages.fallback_note(item_language)
